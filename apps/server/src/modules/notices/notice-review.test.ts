/**
 * After the answer: assessments with history, clarification notices linked to their
 * parent, requests for more time and their decision, escalation of non-compliance, and
 * an organization's compliance record.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Notice } from '#shared/contracts/notices';
import { auditRows } from '../../../test/audit-rows.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import { type NoticeFixtures, noticeFixtures } from './notice-test-fixtures.ts';

describe('notice review', () => {
  let t: TestApp;
  let f: NoticeFixtures;
  let admin: Session;
  let coordinator: Session;
  let analyst: Session;
  let viewer: Session;
  let orgAdmin: Session;

  before(async () => {
    t = await createTestApp();
    f = await noticeFixtures(t);
    [admin, coordinator, analyst, viewer, orgAdmin] = await Promise.all((['admin', 'coordinator', 'analyst', 'viewer', 'org_admin'] as const).map((u) => t.login(u)));
  });
  after(() => t.close());

  const post = (url: string, as: Session, payload: object = {}) => t.request({ method: 'POST', url: `/api/v1${url}`, as, payload });
  const assess = (notice: Notice, question: number, verdict: string, as: Session = analyst, comment = '') =>
    post(`/notices/${notice.id}/questions/${notice.questions[question].id}/assessments`, as, { verdict, comment });
  const events = async (incidentId: string, as: Session = coordinator) =>
    (await t.request({ method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline?kind=system`, as })).json().items as Array<{ event: string; text: string }>;

  describe('assessments', () => {
    it('keeps every verdict, newest first, and counts the latest; the organization does not see them', async () => {
      const notice = await f.responded();
      assert.equal((await assess(notice, 0, 'partial', analyst, 'Numbers missing')).statusCode, 201);
      const second = await assess(notice, 0, 'answered', coordinator, 'Numbers received by phone');
      assert.equal(second.statusCode, 201);
      assert.equal(second.json().verdict, 'answered');
      const shown = await f.read(notice.id, viewer);
      assert.deepEqual(shown.questions[0].assessments.map((a) => [a.verdict, a.comment]), [['answered', 'Numbers received by phone'], ['partial', 'Numbers missing']]);
      assert.equal(shown.questions[0].latestVerdict, 'answered');
      assert.equal(shown.questions[1].latestVerdict, null);
      const portal = await f.read(notice.id, orgAdmin);
      assert.deepEqual(portal.questions[0].assessments, []);
      assert.equal(portal.questions[0].latestVerdict, null);
      assert.equal((await auditRows(t.testDb.database.db, { action: 'notice.answer_assessed', targetId: notice.id })).length, 2);
    });

    it('assesses only submitted answers of a responded notice, by those who may change the incident', async () => {
      const issued = await f.issued();
      const early = await assess(issued, 0, 'answered');
      assert.equal(early.statusCode, 409);
      const responded = await f.responded();
      assert.equal((await assess(responded, 0, 'answered', viewer)).statusCode, 403);
      assert.equal((await assess(responded, 0, 'answered', orgAdmin)).statusCode, 403);
      const wrong = await post(`/notices/${responded.id}/questions/${issued.questions[0].id}/assessments`, analyst, { verdict: 'answered' });
      assert.equal(wrong.statusCode, 404);
    });
  });

  describe('clarifications', () => {
    it('drafts one clarification of the answers found partial or needing clarification, linked to the parent and its questions', async () => {
      const parent = await f.responded({ body: { questions: [{ text: 'Count of users?' }, { text: 'Phone numbers?', requiresAttachment: false }, { text: 'Timeline?' }] } });
      await assess(parent, 0, 'answered');
      await assess(parent, 1, 'answered');
      await assess(parent, 1, 'needs_clarification', analyst, 'Which numbers?');
      await assess(parent, 2, 'partial');
      const created = await post(`/notices/${parent.id}/clarifications`, analyst);
      assert.equal(created.statusCode, 201, created.body);
      const clarification: Notice = created.json();
      assert.equal(clarification.kind, 'clarification');
      assert.equal(clarification.status, 'draft');
      assert.equal(clarification.parentId, parent.id);
      assert.deepEqual([clarification.organization.id, clarification.incident.id, clarification.legalBasis?.id, clarification.tlp],
        [parent.organization.id, parent.incident.id, parent.legalBasis?.id, parent.tlp]);
      assert.deepEqual(clarification.recipients.map((r) => r.id).sort(), parent.recipients.map((r) => r.id).sort());
      assert.deepEqual(clarification.questions.map((q) => [q.position, q.text, q.clarifiesQuestionId]),
        [[1, 'Phone numbers?', parent.questions[1].id], [2, 'Timeline?', parent.questions[2].id]]);
      assert.deepEqual(clarification.chain.ancestors.map((a) => a.id), [parent.id]);
      const parentNow = await f.read(parent.id, coordinator);
      assert.deepEqual(parentNow.chain.children.map((c) => c.id), [clarification.id]);
      assert.equal((await f.read(parent.id, orgAdmin)).chain.children.length, 0, 'the organization does not see the draft clarification');

      // Issued and answered, the clarification's own clarification carries the whole chain.
      const approved = await post(`/notices/${clarification.id}/approve`, coordinator, { version: clarification.version });
      assert.equal(approved.statusCode, 200, approved.body);
      const issued = await post(`/notices/${clarification.id}/issue`, coordinator, { version: approved.json().version });
      assert.equal(issued.statusCode, 200, issued.body);
      assert.equal((await f.read(parent.id, orgAdmin)).chain.children[0].id, clarification.id);
      const ownView = await f.read(clarification.id, orgAdmin);
      assert.deepEqual(ownView.chain.ancestors.map((a) => a.reference), [parent.reference]);
    });

    it('is refused when no answer needs clarifying, and by those who may not change the incident', async () => {
      const notice = await f.responded();
      await assess(notice, 0, 'answered');
      const none = await post(`/notices/${notice.id}/clarifications`, analyst);
      assert.equal(none.statusCode, 409);
      assert.equal(none.json().error.code, 'notices.nothing_to_clarify');
      assert.equal((await post(`/notices/${notice.id}/clarifications`, viewer)).statusCode, 403);
      const partial = await f.assessedPartial();
      assert.equal((await f.read(partial.id, analyst)).abilities.clarify, true);
      assert.equal((await f.read(notice.id, analyst)).abilities.clarify, false);
    });

    it('can be edited as a draft, keeping its questions linked only to the parent\'s', async () => {
      const parent = await f.assessedPartial();
      const clarification: Notice = (await post(`/notices/${parent.id}/clarifications`, analyst)).json();
      const other = await f.issued();
      const bad = await t.request({ method: 'PATCH', url: `/api/v1/notices/${clarification.id}`, as: analyst,
        payload: { version: clarification.version, questions: [{ text: 'x', clarifiesQuestionId: other.questions[0].id }] } });
      assert.equal(bad.statusCode, 422);
      const good = await t.request({ method: 'PATCH', url: `/api/v1/notices/${clarification.id}`, as: analyst,
        payload: { version: clarification.version, questions: [{ text: 'Give the numbers themselves.', clarifiesQuestionId: parent.questions[0].id }] } });
      assert.equal(good.statusCode, 200, good.body);
      assert.equal(good.json().questions[0].clarifiesQuestionId, parent.questions[0].id);
    });
  });

  describe('mail about a notice', () => {
    it('shows staff each message sent about the notice and how it fared; the organization gets 404', async () => {
      const notice = await f.issued();
      const shown = await t.request({ method: 'GET', url: `/api/v1/notices/${notice.id}/mail`, as: coordinator });
      assert.equal(shown.statusCode, 200, shown.body);
      const issuedMail = shown.json().items.filter((m: { kind: string }) => m.kind === 'notice.issued');
      assert.equal(issuedMail.length, 1, shown.body);
      assert.ok(['outbox_only', 'queued', 'sent'].includes(issuedMail[0].state), shown.body);
      const hidden = await t.request({ method: 'GET', url: `/api/v1/notices/${notice.id}/mail`, as: orgAdmin });
      assert.equal(hidden.statusCode, 404);
    });
  });

  describe('extensions', () => {
    it('takes one request at a time; granting moves the due time and keeps the previous one', async () => {
      const notice = await f.issued();
      const due = new Date(notice.dueAt as string);
      const asked = new Date(due.getTime() + 5 * 86_400_000).toISOString();
      const request = await post(`/notices/${notice.id}/extensions`, orgAdmin, { reason: 'Logs are archived offline.', requestedDueAt: asked });
      assert.equal(request.statusCode, 201, request.body);
      assert.equal(request.json().status, 'pending');
      const told = await t.testDb.database.db.selectFrom('mail_messages').select(['kind', 'link']).where('notice_id', '=', notice.id).where('kind', '=', 'notice.extension_requested').execute();
      assert.deepEqual(told.map((m) => m.link), [`/notices/${notice.id}`], 'the staff are told of the request');
      const twice = await post(`/notices/${notice.id}/extensions`, orgAdmin, { reason: 'Again', requestedDueAt: asked });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'notices.extension_pending');
      const shown = await f.read(notice.id, coordinator);
      assert.equal(shown.abilities.decideExtension, true);
      assert.equal((await f.read(notice.id, orgAdmin)).abilities.requestExtension, false);
      const granted = new Date(due.getTime() + 3 * 86_400_000).toISOString();
      const decision = await post(`/extensions/${request.json().id}/decision`, coordinator, { decision: 'grant', grantedDueAt: granted, note: 'Three days, not five.' });
      assert.equal(decision.statusCode, 200, decision.body);
      assert.equal(decision.json().status, 'granted');
      assert.equal(decision.json().grantedDueAt, granted);
      assert.equal(decision.json().previousDueAt, notice.dueAt);
      const after = await f.read(notice.id, orgAdmin);
      assert.equal(after.dueAt, granted);
      assert.equal(after.extensions[0].decisionNote, 'Three days, not five.');
      const again = await post(`/extensions/${request.json().id}/decision`, admin, { decision: 'refuse' });
      assert.equal(again.statusCode, 409);
      assert.ok((await events(notice.incident.id, orgAdmin)).some((e) => e.event === 'notice.extension_decided' && e.text.includes('granted')));
      assert.equal((await auditRows(t.testDb.database.db, { action: 'notice.extension_decided', targetId: notice.id })).length, 1);
    });

    it('refuses with a note, leaving the due time; and refuses a request for an earlier time', async () => {
      const { notice, extensionId } = await f.pendingExtension();
      const refused = await post(`/extensions/${extensionId}/decision`, admin, { decision: 'refuse', note: 'The deadline is statutory.' });
      assert.equal(refused.statusCode, 200);
      assert.equal(refused.json().status, 'refused');
      assert.equal((await f.read(notice.id)).dueAt, notice.dueAt);
      const earlier = await post(`/notices/${notice.id}/extensions`, orgAdmin, { reason: 'x', requestedDueAt: new Date(Date.parse(notice.dueAt as string) - 60_000).toISOString() });
      assert.equal(earlier.statusCode, 422);
      assert.equal(earlier.json().error.code, 'notices.extension_not_later');
    });

    it('is decided only by a coordinator or administrator who may change the incident', async () => {
      const { extensionId } = await f.pendingExtension();
      assert.equal((await post(`/extensions/${extensionId}/decision`, analyst, { decision: 'grant' })).statusCode, 403);
      assert.equal((await post(`/extensions/${extensionId}/decision`, orgAdmin, { decision: 'grant' })).statusCode, 403);
      const auditor = await t.login('auditor');
      assert.equal((await post(`/extensions/${extensionId}/decision`, auditor, { decision: 'grant' })).statusCode, 403);
    });

    it('clears the overdue flag when more time is granted', async () => {
      const notice = await f.overdue();
      await sql`update notices set overdue_at = now() where id = ${notice.id}`.execute(t.testDb.database.db);
      const request = await post(`/notices/${notice.id}/extensions`, orgAdmin, { reason: 'Sorry, late.', requestedDueAt: new Date(Date.now() + 86_400_000).toISOString() });
      assert.equal(request.statusCode, 201, request.body);
      assert.equal((await post(`/extensions/${request.json().id}/decision`, coordinator, { decision: 'grant' })).statusCode, 200);
      const after = await f.read(notice.id);
      assert.equal(after.overdue, false);
      assert.equal(after.overdueAt, null);
    });
  });

  describe('escalation', () => {
    it('escalates an overdue notice under the legal basis\' penalty provision, once', async () => {
      const notice = await f.overdue();
      assert.equal((await f.read(notice.id)).abilities.escalate, true);
      const response = await post(`/notices/${notice.id}/escalate`, coordinator, { note: 'No reply; refer for prosecution.' });
      assert.equal(response.statusCode, 200, response.body);
      assert.ok(response.json().escalatedAt);
      assert.equal(response.json().escalations.length, 1);
      assert.match(response.json().escalations[0].provision, /^IT Rules 2021 r\.7/);
      const again = await post(`/notices/${notice.id}/escalate`, coordinator, {});
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'notices.already_escalated');
      assert.ok((await events(notice.incident.id)).some((e) => e.event === 'notice.escalated'));
      assert.ok(!(await events(notice.incident.id, orgAdmin)).some((e) => e.event === 'notice.escalated'), 'the escalation is the CERT\'s own record');
      const portal = await f.read(notice.id, orgAdmin);
      assert.equal(portal.escalatedAt, null);
      assert.deepEqual(portal.escalations, []);
    });

    it('escalates a notice with a refused answer under a given provision; refuses one that is on time and answered', async () => {
      const notice = await f.responded();
      const onTime = await post(`/notices/${notice.id}/escalate`, coordinator, {});
      assert.equal(onTime.statusCode, 409);
      assert.equal(onTime.json().error.code, 'notices.not_escalable');
      await assess(notice, 1, 'refused', analyst, 'Declined to name the indicators.');
      const escalated = await post(`/notices/${notice.id}/escalate`, admin, { provision: 'IT Act 2000 s.70B(7)' });
      assert.equal(escalated.statusCode, 200, escalated.body);
      assert.equal(escalated.json().escalations[0].provision, 'IT Act 2000 s.70B(7)');
      const open = await f.issued();
      assert.equal((await post(`/notices/${open.id}/escalate`, coordinator, {})).statusCode, 409);
      assert.equal((await post(`/notices/${open.id}/escalate`, analyst, {})).statusCode, 403);
    });

    it('treats a notice flagged overdue by the sweep as overdue', async () => {
      const notice = await f.issued();
      await sql`update notices set overdue_at = now() where id = ${notice.id}`.execute(t.testDb.database.db);
      const escalated = await post(`/notices/${notice.id}/escalate`, coordinator);
      assert.equal(escalated.statusCode, 200, escalated.body);
    });
  });

  describe('compliance', () => {
    it('counts an organization\'s notices by how they were answered, with the list', async () => {
      const other = await createTestApp();
      try {
        const g = await noticeFixtures(other);
        const [c, o, orgB] = [await other.login('coordinator'), await other.login('org_member'), await other.login('org_member_b')];
        const incidentId = await g.incident();
        const onTime = await g.responded({ incidentId });
        const late = await g.issued({ incidentId });
        const overdue = await g.overdue({ incidentId });
        const open = await g.issued({ incidentId });
        await g.draft({ incidentId });
        const refused = await g.responded({ incidentId });
        await other.request({ method: 'POST', url: `/api/v1/notices/${refused.id}/questions/${refused.questions[0].id}/assessments`, as: c, payload: { verdict: 'refused' } });
        await other.request({ method: 'POST', url: `/api/v1/notices/${overdue.id}/escalate`, as: c, payload: {} });
        // Answered after its due time.
        await sql`update notices set due_at = now() - interval '1 minute' where id = ${late.id}`.execute(other.testDb.database.db);
        const lateNotice = await g.read(late.id, await other.login('org_admin'));
        const saved = await other.request({ method: 'PUT', url: `/api/v1/notices/${late.id}/response`, as: o, payload: { version: 0, answers: lateNotice.questions.map((q) => ({ questionId: q.id, text: 'Late answer' })) } });
        await other.request({ method: 'POST', url: `/api/v1/notices/${late.id}/response/submit`, as: o, payload: { version: saved.json().response.version } });

        const staff = (await other.request({ method: 'GET', url: `/api/v1/organizations/${other.world.orgA.id}/compliance`, as: c })).json();
        assert.deepEqual(
          [staff.issued, staff.respondedOnTime, staff.respondedLate, staff.open, staff.overdue, staff.withdrawn, staff.refusedAnswers, staff.escalations],
          [5, 2, 1, 1, 1, 0, 1, 1],
        );
        const standing = Object.fromEntries(staff.items.map((i: { id: string; standing: string }) => [i.id, i.standing]));
        assert.deepEqual([standing[onTime.id], standing[late.id], standing[overdue.id], standing[open.id]], ['on_time', 'late', 'overdue', 'open']);
        const own = await other.request({ method: 'GET', url: `/api/v1/organizations/${other.world.orgA.id}/compliance`, as: o });
        assert.equal(own.statusCode, 200);
        assert.equal(own.json().issued, 5);
        assert.deepEqual([own.json().refusedAnswers, own.json().escalations], [null, null]);
        const foreign = await other.request({ method: 'GET', url: `/api/v1/organizations/${other.world.orgA.id}/compliance`, as: orgB });
        assert.equal(foreign.statusCode, 404);
        const outsider = await other.request({ method: 'GET', url: `/api/v1/organizations/${other.world.orgA.id}/compliance`, as: await other.login('auditor') });
        assert.equal(outsider.json().issued, 0, 'staff count only the notices of incidents they may read');
      } finally {
        await other.close();
      }
    });
  });
});
