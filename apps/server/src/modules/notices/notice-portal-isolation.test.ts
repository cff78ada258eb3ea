/**
 * What the portal can learn about notices: an organization sees the notices issued to
 * it and nothing else. Another organization's notice, a draft or approved notice, and a
 * notice on an incident a staff member has no part in must all look exactly like a
 * notice that does not exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Notice } from '#shared/contracts/notices';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import { type NoticeFixtures, SAMPLE_FILES, expectStatus, noticeFixtures, noticePayload } from './notice-test-fixtures.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

describe('notices in the portal', () => {
  let t: TestApp;
  let f: NoticeFixtures;
  let orgA: Session[];
  let orgB: Session[];
  let issued: Notice;
  let responded: Notice;
  let draft: Notice;
  let approved: Notice;
  let attachmentId: string;
  let extensionId: string;

  before(async () => {
    t = await createTestApp();
    f = await noticeFixtures(t);
    orgA = [await t.login('org_admin'), await t.login('org_member')];
    orgB = [await t.login('org_admin_b'), await t.login('org_member_b')];
    const incidentId = await f.incident();
    // Organization B takes part in the same incident: it still sees none of A's notices.
    expectStatus(await t.request({ method: 'POST', url: `/api/v1/incidents/${incidentId}/participants`, as: await t.login('admin'), payload: { organizationId: t.world.orgB.id, role: 'suspected_vendor' } }), 201, 'add B');
    issued = await f.issued({ incidentId });
    responded = await f.responded({ incidentId });
    draft = await f.draft({ incidentId });
    approved = await f.approved({ incidentId });
    const attached = await f.submittedAttachment();
    attachmentId = attached.attachmentId;
    extensionId = (await f.pendingExtension()).extensionId;
  });
  after(() => t.close());

  /** Every notice route, aimed at one notice (and its first question, an attachment, an extension). */
  function calls(notice: { id: string; questions: Array<{ id: string }> }, ids: { attachmentId: string; extensionId: string }): Call[] {
    const n = `/api/v1/notices/${notice.id}`;
    const q = notice.questions[0]?.id ?? MISSING;
    return [
      { method: 'GET', url: n },
      { method: 'PATCH', url: n, payload: { version: 1, subject: 'x' } },
      { method: 'POST', url: `${n}/approve`, payload: { version: 1 } },
      { method: 'POST', url: `${n}/issue`, payload: { version: 1 } },
      { method: 'POST', url: `${n}/withdraw`, payload: { version: 1, reason: 'x' } },
      { method: 'POST', url: `${n}/close`, payload: { version: 1 } },
      { method: 'GET', url: `${n}/pdf` },
      { method: 'PUT', url: `${n}/response`, payload: { version: 0, answers: [] } },
      { method: 'POST', url: `${n}/response/submit`, payload: { version: 1 } },
      { method: 'POST', url: `${n}/questions/${q}/attachments?filename=a.txt`, payload: SAMPLE_FILES.text(), headers: { 'content-type': 'text/plain' } },
      { method: 'POST', url: `${n}/questions/${q}/assessments`, payload: { verdict: 'answered' } },
      { method: 'POST', url: `${n}/clarifications`, payload: {} },
      { method: 'POST', url: `${n}/extensions`, payload: { reason: 'x', requestedDueAt: '2099-01-01T00:00:00Z' } },
      { method: 'POST', url: `${n}/escalate`, payload: {} },
      { method: 'GET', url: `/api/v1/attachments/${ids.attachmentId}` },
      { method: 'DELETE', url: `/api/v1/attachments/${ids.attachmentId}` },
      { method: 'POST', url: `/api/v1/extensions/${ids.extensionId}/decision`, payload: { decision: 'grant' } },
    ];
  }

  const send = (call: Call, as: Session) => t.request({ method: call.method, url: call.url, as, ...(call.payload !== undefined ? { payload: call.payload as object } : {}), headers: call.headers });

  /** The answer to a call on a record must be the answer to the same call on a record that does not exist. */
  async function assertLooksMissing(notice: Notice, as: Session, label: string, ids = { attachmentId, extensionId }) {
    const real = calls(notice, ids);
    const missing = calls({ id: MISSING, questions: [{ id: MISSING }] }, { attachmentId: MISSING, extensionId: MISSING });
    for (let i = 0; i < real.length; i++) {
      const a = await send(real[i], as);
      const b = await send(missing[i], as);
      assert.ok(a.statusCode === 404 || a.statusCode === 403, `${label}: ${real[i].method} ${real[i].url} → ${a.statusCode} ${a.body}`);
      assert.equal(a.statusCode, b.statusCode, `${label}: ${real[i].method} ${real[i].url} differs from a missing record`);
      assert.equal(a.json().error.code, b.json().error.code, `${label}: ${real[i].url}`);
      assert.equal(a.json().error.message, b.json().error.message, `${label}: ${real[i].url}`);
    }
  }

  it('answers organization B as if A\'s notices did not exist, on every notice route', async () => {
    for (const as of orgB) {
      await assertLooksMissing(issued, as, 'B on A\'s issued notice');
      await assertLooksMissing(responded, as, 'B on A\'s responded notice');
    }
  });

  it('gives organization B a 404, not a 403, wherever its role may use the route', async () => {
    const respondOrRead = calls(issued, { attachmentId, extensionId }).filter((c) => c.url.includes('/response') || c.url.includes('/attachments') || c.url.endsWith('/extensions') || c.method === 'GET');
    for (const call of respondOrRead) {
      const response = await send(call, orgB[0]);
      assert.equal(response.statusCode, 404, `${call.method} ${call.url} → ${response.body}`);
    }
  });

  it('never shows organization A a draft or an approved notice', async () => {
    for (const as of orgA) {
      // A draft has no attachments or extensions: those routes are tried on records that do not exist.
      const none = { attachmentId: MISSING, extensionId: MISSING };
      await assertLooksMissing(draft, as, 'A on its draft', none);
      await assertLooksMissing(approved, as, 'A on its approved notice', none);
      const listed = (await t.request({ method: 'GET', url: '/api/v1/notices?limit=200', as })).json().items.map((n: { id: string }) => n.id);
      assert.ok(!listed.includes(draft.id) && !listed.includes(approved.id));
      assert.ok(listed.includes(issued.id) && listed.includes(responded.id));
      const byStatus = (await t.request({ method: 'GET', url: '/api/v1/notices?status=draft&status=approved', as })).json().items;
      assert.deepEqual(byStatus, []);
    }
  });

  it('lists none of A\'s notices to B, whatever the filter', async () => {
    for (const as of orgB) {
      for (const query of ['', `?incidentId=${issued.incident.id}`, `?organizationId=${t.world.orgA.id}`, '?overdue=false']) {
        const response = await t.request({ method: 'GET', url: `/api/v1/notices${query}`, as });
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json().items, [], query);
      }
      const compliance = await t.request({ method: 'GET', url: `/api/v1/organizations/${t.world.orgA.id}/compliance`, as });
      assert.equal(compliance.statusCode, 404);
    }
  });

  it('answers staff outside the incident as if its notices did not exist', async () => {
    const admin = await t.login('admin');
    const analyst = await t.login('analyst');
    // An incident the coordinator, the viewer and the auditor have no part in.
    const created = await t.request({ method: 'POST', url: '/api/v1/incidents', as: admin, payload: { title: 'Not theirs', severity: 'low', tlp: 'AMBER', ownerId: t.world.users.admin.id } });
    const incidentId = created.json().id as string;
    expectStatus(await t.request({ method: 'PUT', url: `/api/v1/incidents/${incidentId}/members/${t.world.users.analyst.id}`, as: admin, payload: { access: 'write' } }), 200, 'member');
    expectStatus(await t.request({ method: 'POST', url: `/api/v1/incidents/${incidentId}/participants`, as: admin, payload: { organizationId: t.world.orgA.id, role: 'affected_platform' } }), 201, 'participant');
    const drafted = await t.request({ method: 'POST', url: `/api/v1/incidents/${incidentId}/notices`, as: analyst, payload: noticePayload(t, await f.basisId()) });
    const approvedNotice = await t.request({ method: 'POST', url: `/api/v1/notices/${drafted.json().id}/approve`, as: admin, payload: { version: 1 } });
    const issuedNotice = await t.request({ method: 'POST', url: `/api/v1/notices/${drafted.json().id}/issue`, as: admin, payload: { version: approvedNotice.json().version } });
    expectStatus(issuedNotice, 200, 'issue');
    for (const user of ['coordinator', 'viewer', 'auditor'] as const) {
      await assertLooksMissing(issuedNotice.json(), await t.login(user), `${user} outside the incident`, { attachmentId: MISSING, extensionId: MISSING });
      const listed = (await t.request({ method: 'GET', url: `/api/v1/notices?incidentId=${incidentId}`, as: await t.login(user) })).json().items;
      assert.deepEqual(listed, [], user);
    }
  });

  it('keeps a TLP:RED notice from an organization not named for RED material', async () => {
    const incidentId = await f.incident();
    const red = await f.approved({ incidentId, body: { tlp: 'RED' } });
    const refused = await t.request({ method: 'POST', url: `/api/v1/notices/${red.id}/issue`, as: await t.login('coordinator'), payload: { version: red.version } });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.json().error.message, /TLP:RED/);
  });
});
