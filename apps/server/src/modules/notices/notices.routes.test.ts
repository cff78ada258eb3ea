/**
 * A notice's life through the API: drafting, editing with optimistic locking, four-eyes
 * approval, issue (reference, due time, frozen text), acknowledgement on a recipient's
 * first read, withdrawal and closing; the list with its filters and cursor; what each
 * caller is told they may do; the composer's due-time preview.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditRows } from '../../../test/audit-rows.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import { type NoticeFixtures, noticeFixtures, noticePayload } from './notice-test-fixtures.ts';
import { localDate } from './due-time.ts';

describe('notices', () => {
  let t: TestApp;
  let f: NoticeFixtures;
  let admin: Session;
  let coordinator: Session;
  let analyst: Session;
  let viewer: Session;
  let orgAdmin: Session;
  let orgMember: Session;
  let basis: string;
  const year = () => Number(localDate(new Date(), 'Asia/Kolkata').slice(0, 4));

  before(async () => {
    t = await createTestApp();
    f = await noticeFixtures(t);
    [admin, coordinator, analyst, viewer, orgAdmin, orgMember] = await Promise.all(
      (['admin', 'coordinator', 'analyst', 'viewer', 'org_admin', 'org_member'] as const).map((u) => t.login(u)));
    basis = await f.basisId();
  });
  after(() => t.close());

  const post = (url: string, as: Session, payload: object = {}) => t.request({ method: 'POST', url: `/api/v1${url}`, as, payload });
  const get = (url: string, as: Session) => t.request({ method: 'GET', url: `/api/v1${url}`, as });
  const systemEvents = async (incidentId: string, as: Session = coordinator) =>
    (await get(`/incidents/${incidentId}/timeline?kind=system`, as)).json().items as Array<{ event: string; text: string; sharedWith: string[] }>;

  describe('drafting', () => {
    it('creates a draft with its questions and recipients, defaulting the zone to the legal basis\' calendar and the marking to the incident\'s', async () => {
      const notice = await f.draft();
      assert.equal(notice.status, 'draft');
      assert.equal(notice.reference, null);
      assert.equal(notice.timeZone, 'Asia/Kolkata');
      assert.equal(notice.tlp, 'AMBER');
      assert.deepEqual(notice.questions.map((q) => [q.position, q.text]), [[1, 'How many users in India were targeted?'], [2, 'List the indicators of compromise you hold.']]);
      assert.deepEqual(notice.recipients.map((r) => r.id).sort(), [t.world.users.org_admin.id, t.world.users.org_member.id].sort());
      assert.equal(notice.legalBasis?.clause, 'r.3(1)(j)');
      assert.equal((await auditRows(t.testDb.database.db, { action: 'notice.created', targetId: notice.id })).length, 1);
    });

    it('refuses a notice to an organization not taking part, an unknown or retired basis, recipients of another organization and contradictory deadlines', async () => {
      const incidentId = await f.incident();
      const create = (body: Record<string, unknown>) => post(`/incidents/${incidentId}/notices`, analyst, noticePayload(t, basis, body));
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ organizationId: t.world.orgB.id, recipientIds: [t.world.users.org_admin_b.id] }, 'notices.not_a_participant'],
        [{ legalBasisId: '00000000-0000-4000-8000-000000000000' }, 'notices.unknown_legal_basis'],
        [{ recipientIds: [t.world.users.org_admin_b.id] }, 'notices.invalid_recipient'],
        [{ recipientIds: [t.world.users.coordinator.id] }, 'notices.invalid_recipient'],
        [{ dueMode: 'fixed', dueAmount: 3, dueUnit: 'hours' }, 'notices.invalid_due'],
        [{ dueMode: 'from_basis', dueAt: '2030-01-01T00:00:00Z' }, 'notices.invalid_due'],
        [{ dueAmount: 3 }, 'notices.invalid_due'],
        [{ timeZone: 'Asia/Atlantis' }, 'notices.invalid_due'],
        [{ questions: [{ text: 'Follow-up', clarifiesQuestionId: '00000000-0000-4000-8000-000000000000' }] }, 'notices.invalid_question'],
      ];
      for (const [body, code] of cases) {
        const response = await create(body);
        assert.equal(response.statusCode, 422, `${JSON.stringify(body)} → ${response.body}`);
        assert.equal(response.json().error.code, code);
      }
      const clarification = await create({ kind: 'clarification' });
      assert.equal(clarification.statusCode, 400, 'a clarification is made from its parent');
      const count = await sql<{ n: number }>`select count(*)::int as n from notices where incident_id = ${incidentId}`.execute(t.testDb.database.db);
      assert.equal(count.rows[0].n, 0, 'nothing was written');
    });

    it('lets only those who may change the incident draft a notice on it', async () => {
      const incidentId = await f.incident();
      assert.equal((await post(`/incidents/${incidentId}/notices`, viewer, noticePayload(t, basis))).statusCode, 403);
      assert.equal((await post(`/incidents/${incidentId}/notices`, orgAdmin, noticePayload(t, basis))).statusCode, 403);
      const auditor = await t.login('auditor');
      assert.equal((await post(`/incidents/${incidentId}/notices`, auditor, noticePayload(t, basis))).statusCode, 403);
    });

    it('edits a draft with the version it read, and answers 409 naming the newer version to a stale edit', async () => {
      const notice = await f.draft();
      const first = await t.request({ method: 'PATCH', url: `/api/v1/notices/${notice.id}`, as: analyst, payload: { version: notice.version, subject: 'Revised subject', questions: [{ text: 'Only question', requiresAttachment: true }] } });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().version, notice.version + 1);
      assert.equal(first.json().subject, 'Revised subject');
      assert.deepEqual(first.json().questions.map((q: { text: string; requiresAttachment: boolean }) => [q.text, q.requiresAttachment]), [['Only question', true]]);
      const stale = await t.request({ method: 'PATCH', url: `/api/v1/notices/${notice.id}`, as: coordinator, payload: { version: notice.version, subject: 'Lost edit' } });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'notices.version_conflict');
      assert.match(stale.json().error.message, new RegExp(`version ${notice.version + 1}`));
      assert.equal((await f.read(notice.id)).subject, 'Revised subject');
    });
  });

  describe('approval and issue', () => {
    it('needs four eyes: neither the author nor the last editor approves', async () => {
      const notice = await f.draft();
      const byAuthor = await post(`/notices/${notice.id}/approve`, analyst, { version: notice.version });
      assert.equal(byAuthor.statusCode, 403, 'an analyst has no approval permission at all');
      const edited = await t.request({ method: 'PATCH', url: `/api/v1/notices/${notice.id}`, as: coordinator, payload: { version: notice.version, body: 'Edited by the coordinator.' } });
      assert.equal(edited.statusCode, 200);
      const byEditor = await post(`/notices/${notice.id}/approve`, coordinator, { version: edited.json().version });
      assert.equal(byEditor.statusCode, 403);
      assert.equal(byEditor.json().error.code, 'notices.four_eyes');
      assert.equal(edited.json().abilities.approve, false, 'the editor is not offered approval');
      const byOther = await post(`/notices/${notice.id}/approve`, admin, { version: edited.json().version });
      assert.equal(byOther.statusCode, 200, byOther.body);
      assert.equal(byOther.json().status, 'approved');
      assert.equal(byOther.json().approvedBy.id, t.world.users.admin.id);
    });

    it('returns an approved notice to draft when it is edited', async () => {
      const notice = await f.approved();
      const edited = await t.request({ method: 'PATCH', url: `/api/v1/notices/${notice.id}`, as: analyst, payload: { version: notice.version, subject: 'Changed after approval' } });
      assert.equal(edited.statusCode, 200);
      assert.equal(edited.json().status, 'draft');
      assert.equal(edited.json().approvedBy, null);
    });

    it('refuses to issue a draft, or a notice without a legal basis, question or recipient', async () => {
      const draft = await f.draft();
      const early = await post(`/notices/${draft.id}/issue`, coordinator, { version: draft.version });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'notices.invalid_state');
      const bare = await f.approved({ body: { legalBasisId: null, questions: [], recipientIds: [], dueMode: 'fixed', dueAt: '2099-01-01T00:00:00Z' } });
      const refused = await post(`/notices/${bare.id}/issue`, coordinator, { version: bare.version });
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().error.code, 'notices.not_ready');
      assert.equal(refused.json().error.details.problems.length, 3);
      assert.equal((await f.read(bare.id)).status, 'approved', 'a refused issue changes nothing');
    });

    it('issues with the next reference of the year, the due time of the basis (72 hours), frozen text, a chronology entry and mail', async () => {
      const before = new Date();
      const notice = await f.issued();
      assert.equal(notice.status, 'issued');
      assert.match(notice.reference ?? '', new RegExp(`^CERT/${year()}/N-\\d{4}$`));
      const issuedAt = new Date(notice.issuedAt as string);
      assert.ok(issuedAt >= before);
      assert.equal(new Date(notice.dueAt as string).getTime() - issuedAt.getTime(), 72 * 3_600_000);
      assert.match(notice.dueLocal ?? '', /GMT\+5:30 \(Asia\/Kolkata\)$/);
      assert.deepEqual([notice.dueAmount, notice.dueUnit], [72, 'hours']);
      assert.ok(notice.document && /^[0-9a-f]{64}$/.test(notice.document.contentSha256));
      const frozen = await t.request({ method: 'PATCH', url: `/api/v1/notices/${notice.id}`, as: coordinator, payload: { version: notice.version, subject: 'Too late' } });
      assert.equal(frozen.statusCode, 409);
      assert.equal(frozen.json().error.code, 'notices.frozen');
      const events = await systemEvents(notice.incident.id);
      const issued = events.find((e) => e.event === 'notice.issued');
      assert.ok(issued?.text.includes(notice.reference as string));
      assert.deepEqual(issued?.sharedWith, [t.world.orgA.id]);
      const audit = await auditRows(t.testDb.database.db, { action: 'notice.issued', targetId: notice.id });
      assert.equal((audit[0].after as { contentSha256: string }).contentSha256, notice.document.contentSha256);
    });

    it('numbers references one after another and never for drafts', async () => {
      const a = await f.issued();
      await f.draft();
      await f.approved();
      const b = await f.issued();
      const seq = (r: string | null) => Number(r?.split('-').at(-1));
      assert.equal(seq(b.reference), seq(a.reference) + 1);
    });

    it('computes business-day and calendar-day deadlines on the India calendar, and refuses a fixed due time in the past', async () => {
      const calendarId = await f.calendarId();
      const business = await f.issued({ body: { dueAmount: 3, dueUnit: 'business_days', calendarId } });
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(business.dueAt as string));
      assert.equal(local, '23:59:59');
      const day = new Date(`${localDate(new Date(business.dueAt as string), 'Asia/Kolkata')}T12:00:00Z`).getUTCDay();
      assert.ok(day >= 1 && day <= 5, 'a business day ends on a weekday');
      const calendar = await f.issued({ body: { dueAmount: 2, dueUnit: 'calendar_days' } });
      assert.equal(localDate(new Date(calendar.dueAt as string), 'Asia/Kolkata'),
        new Date(Date.parse(`${localDate(new Date(calendar.issuedAt as string), 'Asia/Kolkata')}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10));
      const past = await f.approved({ body: { dueMode: 'fixed', dueAt: '2019-11-04T12:00:00Z' } });
      const refused = await post(`/notices/${past.id}/issue`, coordinator, { version: past.version });
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().error.code, 'notices.invalid_due');
    });

    it('takes references from the configured pattern', async () => {
      const other = await createTestApp({ config: { notices: { referencePattern: 'IN-CERT {year}.{seq:6}', attachmentMaxBytes: 1024 * 1024 } } });
      try {
        const g = await noticeFixtures(other);
        const notice = await g.issued();
        assert.equal(notice.reference, `IN-CERT ${year()}.000001`);
      } finally {
        await other.close();
      }
    });
  });

  describe('acknowledgement', () => {
    it('is recorded on the first read by a recipient, with time and user, audited and in the chronology, once', async () => {
      const notice = await f.issued();
      const staffRead = await f.read(notice.id, coordinator);
      assert.equal(staffRead.status, 'issued', 'staff reading does not acknowledge');
      const first = await f.read(notice.id, orgMember);
      assert.equal(first.status, 'acknowledged');
      assert.equal(first.acknowledgedBy?.id, t.world.users.org_member.id);
      assert.ok(first.acknowledgedAt);
      const second = await f.read(notice.id, orgAdmin);
      assert.equal(second.acknowledgedBy?.id, t.world.users.org_member.id, 'the first reader stays recorded');
      assert.equal((await auditRows(t.testDb.database.db, { action: 'notice.acknowledged', targetId: notice.id })).length, 1);
      const entries = (await systemEvents(notice.incident.id, orgAdmin)).filter((e) => e.event === 'notice.acknowledged');
      assert.equal(entries.length, 1, 'the organization sees the acknowledgement in its chronology');
    });

    it('is not recorded when a user of the organization who is not a recipient reads it', async () => {
      const notice = await f.issued({ body: { recipientIds: [t.world.users.org_admin.id] } });
      const read = await f.read(notice.id, orgMember);
      assert.equal(read.status, 'issued');
      assert.equal(read.acknowledgedAt, null);
    });
  });

  describe('withdrawal and closing', () => {
    it('withdraws an issued notice with a reason the organization sees, and then refuses further steps', async () => {
      const notice = await f.issued();
      const withdrawn = await post(`/notices/${notice.id}/withdraw`, coordinator, { version: notice.version, reason: 'Sent to the wrong entity.' });
      assert.equal(withdrawn.statusCode, 200);
      assert.equal(withdrawn.json().status, 'withdrawn');
      assert.equal(withdrawn.json().withdrawnReason, 'Sent to the wrong entity.');
      const seen = await f.read(notice.id, orgAdmin);
      assert.equal(seen.status, 'withdrawn');
      assert.equal(seen.abilities.respond, false);
      const again = await post(`/notices/${notice.id}/withdraw`, coordinator, { version: withdrawn.json().version, reason: 'Twice' });
      assert.equal(again.statusCode, 409);
      assert.ok((await systemEvents(notice.incident.id, orgAdmin)).some((e) => e.event === 'notice.withdrawn'));
    });

    it('closes only a responded notice', async () => {
      const issued = await f.issued();
      const early = await post(`/notices/${issued.id}/close`, coordinator, { version: issued.version });
      assert.equal(early.statusCode, 409);
      const responded = await f.responded();
      const closed = await post(`/notices/${responded.id}/close`, coordinator, { version: responded.version });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().status, 'closed');
      assert.equal(closed.json().closedBy.id, t.world.users.coordinator.id);
    });
  });

  describe('abilities', () => {
    it('tells each caller what they may do now', async () => {
      const draft = await f.draft();
      const as = async (s: Session) => (await f.read(draft.id, s)).abilities;
      assert.deepEqual(await as(analyst), { ...(await as(analyst)), update: true, approve: false, issue: false });
      assert.equal((await as(coordinator)).approve, true);
      assert.equal((await as(viewer)).update, false);
      const issued = await f.issued();
      const org = (await f.read(issued.id, orgAdmin)).abilities;
      assert.deepEqual(org, { update: false, approve: false, issue: false, withdraw: false, close: false, respond: true, requestExtension: true, decideExtension: false, escalate: false, assess: false, clarify: false });
      const staff = (await f.read(issued.id, coordinator)).abilities;
      assert.deepEqual([staff.update, staff.withdraw, staff.respond, staff.escalate], [false, true, false, false]);
      const list = (await get(`/notices?incidentId=${issued.incident.id}`, orgAdmin)).json();
      assert.equal(list.items[0].abilities.respond, true, 'the list carries abilities too');
    });
  });

  describe('the list', () => {
    it('pages through notices latest due first with a cursor, each once, and filters them', async () => {
      const incidentId = await f.incident();
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await f.issued({ incidentId, body: { dueAmount: 10 + i, dueUnit: 'hours' } }));
      const draft = await f.draft({ incidentId });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await get(`/notices?incidentId=${incidentId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, coordinator);
        assert.equal(response.statusCode, 200, response.body);
        seen.push(...response.json().items.map((n: { id: string }) => n.id));
        cursor = response.json().nextCursor;
      } while (cursor);
      assert.equal(seen.length, 6);
      assert.equal(new Set(seen).size, 6);
      assert.deepEqual(seen.slice(0, 5), made.map((n) => n.id).reverse(), 'latest due time first');
      assert.ok(seen.includes(draft.id));
      const drafts = (await get(`/notices?incidentId=${incidentId}&status=draft`, coordinator)).json().items;
      assert.deepEqual(drafts.map((n: { id: string }) => n.id), [draft.id]);
      const portal = (await get(`/notices?incidentId=${incidentId}`, orgMember)).json().items;
      assert.equal(portal.length, 5, 'the organization never sees the draft');
      const bad = await get('/notices?cursor=bm90LWEtY3Vyc29y', coordinator);
      assert.equal(bad.statusCode, 400);
    });

    it('filters overdue notices: flagged by the sweep, or past due with no response', async () => {
      const incidentId = await f.incident();
      const late = await f.overdue({ incidentId });
      const flagged = await f.issued({ incidentId });
      await sql`update notices set overdue_at = now() where id = ${flagged.id}`.execute(t.testDb.database.db);
      const onTime = await f.issued({ incidentId });
      const overdue = (await get(`/notices?incidentId=${incidentId}&overdue=true`, coordinator)).json().items.map((n: { id: string }) => n.id).sort();
      assert.deepEqual(overdue, [late.id, flagged.id].sort());
      const notOverdue = (await get(`/notices?incidentId=${incidentId}&overdue=false`, orgAdmin)).json().items.map((n: { id: string }) => n.id);
      assert.deepEqual(notOverdue, [onTime.id]);
      assert.equal((await f.read(late.id, orgAdmin)).overdue, true);
    });
  });

  describe('due-time preview', () => {
    it('gives the due time the composer would get, with its zone named and how it was computed', async () => {
      const calendarId = await f.calendarId();
      const response = await post('/notices/due-preview', analyst, { from: '2025-08-14T04:30:00Z', dueMode: 'from_basis', dueAmount: 2, dueUnit: 'business_days', calendarId, timeZone: 'Asia/Kolkata' });
      assert.equal(response.statusCode, 200, response.body);
      // Independence Day (Friday 15 August) and the weekend are skipped.
      assert.equal(response.json().dueAt, '2025-08-19T18:29:59.000Z');
      assert.equal(response.json().dueLocal, '19 Aug 2025, 23:59:59 GMT+5:30 (Asia/Kolkata)');
      assert.match(response.json().explanation, /2 business days/);
      const fromBasis = await post('/notices/due-preview', analyst, { from: '2019-11-26T06:30:00Z', dueMode: 'from_basis', legalBasisId: basis });
      assert.equal(fromBasis.json().dueAt, '2019-11-29T06:30:00.000Z');
      assert.equal(fromBasis.json().timeZone, 'Asia/Kolkata');
      const noDefault = await post('/notices/due-preview', analyst, { dueMode: 'from_basis', legalBasisId: await f.basisId('in-itact-70b6') });
      assert.equal(noDefault.statusCode, 422);
      assert.equal(noDefault.json().error.code, 'notices.invalid_due');
    });
  });
});
