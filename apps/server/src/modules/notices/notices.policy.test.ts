/** What each caller is offered on a notice in each state. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '#shared/roles';
import type { Principal } from '../../access/principal.ts';
import { type NoticeFacts, noticeAbilities } from './notices.policy.ts';

const person = (role: Role, userId = `${role}-id`): Principal => ({
  userId, organizationId: 'org', role, isStaff: !role.startsWith('org_'), email: `${role}@x.test`, name: role, via: 'session',
});

const facts = (over: Partial<NoticeFacts> = {}): NoticeFacts => ({
  status: 'draft', createdBy: 'analyst-id', updatedBy: 'analyst-id', canWrite: true, responseStatus: null, pendingExtension: false,
  overdue: false, overdueFlagged: false, escalated: false, latestVerdicts: [], ...over,
});

const granted = (principal: Principal, f: NoticeFacts) => Object.entries(noticeAbilities(principal, f)).filter(([, v]) => v).map(([k]) => k).sort();

describe('notice abilities', () => {
  it('offers a draft for editing to writers and for approval to another coordinator', () => {
    assert.deepEqual(granted(person('analyst'), facts()), ['update']);
    assert.deepEqual(granted(person('coordinator'), facts()), ['approve', 'update', 'withdraw']);
    assert.deepEqual(granted(person('coordinator'), facts({ updatedBy: 'coordinator-id' })), ['update', 'withdraw'], 'not the last editor');
    assert.deepEqual(granted(person('coordinator'), facts({ canWrite: false })), [], 'nothing without write access to the incident');
    assert.deepEqual(granted(person('viewer'), facts()), []);
  });

  it('offers issue on an approved notice, and nothing on a frozen one but withdrawal', () => {
    assert.deepEqual(granted(person('admin'), facts({ status: 'approved' })), ['issue', 'update', 'withdraw']);
    assert.deepEqual(granted(person('admin'), facts({ status: 'issued' })), ['withdraw']);
    assert.deepEqual(granted(person('admin'), facts({ status: 'closed' })), []);
    assert.deepEqual(granted(person('admin'), facts({ status: 'withdrawn' })), []);
  });

  it('offers the organization to respond and ask for time while the notice waits for its answer', () => {
    assert.deepEqual(granted(person('org_member'), facts({ status: 'issued' })), ['requestExtension', 'respond']);
    assert.deepEqual(granted(person('org_member'), facts({ status: 'acknowledged', pendingExtension: true })), ['respond']);
    assert.deepEqual(granted(person('org_admin'), facts({ status: 'responded', responseStatus: 'submitted' })), []);
    assert.deepEqual(granted(person('org_admin'), facts({ status: 'withdrawn' })), []);
  });

  it('offers assessment and clarification of a responded notice, escalation on non-compliance, decisions on waiting requests', () => {
    const responded = facts({ status: 'responded', responseStatus: 'submitted' });
    assert.deepEqual(granted(person('analyst'), responded), ['assess']);
    assert.deepEqual(granted(person('analyst'), { ...responded, latestVerdicts: ['answered', 'partial'] }), ['assess', 'clarify']);
    assert.deepEqual(granted(person('coordinator'), { ...responded, latestVerdicts: ['refused'] }), ['assess', 'close', 'escalate', 'withdraw']);
    assert.deepEqual(granted(person('coordinator'), { ...responded, latestVerdicts: ['refused'], escalated: true }), ['assess', 'close', 'withdraw']);
    assert.deepEqual(granted(person('coordinator'), facts({ status: 'issued', overdue: true, pendingExtension: true })), ['decideExtension', 'escalate', 'withdraw']);
    assert.deepEqual(granted(person('coordinator'), facts({ status: 'acknowledged', overdueFlagged: true })), ['escalate', 'withdraw']);
  });
});
