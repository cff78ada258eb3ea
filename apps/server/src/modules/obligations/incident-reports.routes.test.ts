/**
 * Incident reports through the API: a 2025 CERT-In six-hour report filed eight hours after
 * noticing, its lateness fixed at first submission and the obligation met late; review,
 * revision and acceptance; the same reference twice; a report sent with an API token; and
 * an organization that does not take part in the incident.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditRows } from '../../../test/audit-rows.ts';
import { incidentFixtures } from '../../../test/incident-fixtures.ts';
import type { SeedUserKey } from '../../../test/seed.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { recomputeBatch } from './obligation-jobs.ts';

describe('incident reports', () => {
  let t: TestApp;
  let now = new Date('2025-03-03T12:30:00Z');
  const clock = () => now;
  let incidentId: string;
  let reportId: string;

  const db = () => t.testDb.database.db;
  // The clock moves between steps: a fresh sign-in each time keeps sessions inside their idle limit.
  const as = (user: SeedUserKey) => t.login(user, { fresh: true });
  const submit = async (payload: Record<string, unknown>, who: Session | { token: string }) =>
    t.request({ method: 'POST', url: '/api/v1/incident-reports', as: who, payload });
  const review = async (id: string, version: number, payload: Record<string, unknown>, who: Session) =>
    t.request({ method: 'POST', url: `/api/v1/incident-reports/${id}/versions/${version}/review`, as: who, payload });
  const sixHourReport = (extra: Record<string, unknown> = {}) => ({
    ruleCode: 'in-certin-6h',
    externalReference: 'MP-2025-0042',
    incidentId,
    answers: { description: 'A crafted missed call installed spyware on the devices of about 1,400 users.', content_1: 'Form sent by e-mail.' },
    facts: [{ fact: 'noticed_at', at: '2025-03-03T04:30:00Z', timeZone: 'Asia/Kolkata' }],
    ...extra,
  });
  const obligation = async (code: string) => {
    const response = await t.request({ method: 'GET', url: `/api/v1/obligations?incidentId=${incidentId}&ruleCode=${code}`, as: await as('coordinator') });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().items[0] as Record<string, any>;
  };

  before(async () => {
    t = await createTestApp({ clock });
    const f = await incidentFixtures(t);
    // The messaging platform: an intermediary with users in India.
    await sql`update organizations set regulated_as = '{intermediary,body_corporate}', operates_in = '{IN}' where id = ${t.world.orgA.id}`.execute(db());
    const category = await db().selectFrom('incident_categories').select('id').where('code', '=', 'malicious-code').executeTakeFirstOrThrow();
    incidentId = (await f.createIncident({ title: 'Spyware through a missed call (2025)', categoryId: category.id })).id;
    await f.addParticipant(incidentId, t.world.orgA.id);
  });
  after(() => t?.close());

  it('stores a six-hour report filed eight hours after noticing as two hours late, and the obligation as met late', async () => {
    now = new Date('2025-03-03T12:30:00Z');
    const response = await submit(sixHourReport(), await as('org_member'));
    assert.equal(response.statusCode, 201, response.body);
    const report = response.json();
    reportId = report.id;
    assert.equal(report.outcome, 'created');
    assert.equal(report.firstDueAt, '2025-03-03T10:30:00.000Z');
    assert.equal(report.lateBySeconds, 7200);
    assert.equal(report.latestVersion, 1);
    assert.equal(report.status, 'submitted');
    assert.deepEqual(report.rule, {
      code: 'in-certin-6h', jurisdiction: 'IN', instrument: 'CERT-In Directions No. 20(3)/2022-CERT-In of 28 April 2022', clause: 'dir. (ii), Annexure I',
      recipient: 'CERT-In (incident@cert-in.org.in, 1800-11-4949, fax 1800-11-6969)',
    });
    assert.deepEqual(report.versions[0].questionnaire.map((q: { key: string }) => q.key), ['description', 'content_1', 'content_2']);
    assert.equal(report.versions[0].submittedVia, 'portal');
    assert.match(report.versions[0].contentSha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(report.abilities, { review: false, revise: true });

    const facts = (await t.request({ method: 'GET', url: `/api/v1/incidents/${incidentId}/obligation-facts`, as: await as('coordinator') })).json();
    const noticed = facts.items[0].facts.find((x: { fact: string }) => x.fact === 'noticed_at');
    assert.equal(noticed.at, '2025-03-03T04:30:00.000Z');
    assert.equal(noticed.timeZone, 'Asia/Kolkata');
    assert.equal(noticed.source, 'Report MP-2025-0042 under in-certin-6h');

    await recomputeBatch({ db: db(), jobs: t.built.jobs, clock }, [incidentId]);
    const sixHours = await obligation('in-certin-6h');
    assert.equal(sixHours.state, 'met_late');
    assert.equal(sixHours.lateBySeconds, 7200);
    assert.deepEqual(sixHours.metBy, { kind: 'incident_report', id: reportId });
    const [audit] = await auditRows(db(), { action: 'incident_report.submitted', targetId: reportId });
    assert.equal((audit.after as { lateBySeconds: number }).lateBySeconds, 7200);
  });

  it('takes a revision after "revision required", keeps each version as answered, and never changes the lateness', async () => {
    now = new Date('2025-03-04T09:00:00Z');
    const coordinator = await as('coordinator');
    const bare = await review(reportId, 1, { verdict: 'revision_required' }, coordinator);
    assert.equal(bare.statusCode, 422, bare.body);
    assert.equal(bare.json().error.code, 'incident_reports.comment_required');
    const asked = await review(reportId, 1, { verdict: 'revision_required', comment: 'Give the number of affected users in India.' }, coordinator);
    assert.equal(asked.statusCode, 200, asked.body);
    assert.equal(asked.json().status, 'revision_required');
    assert.equal(asked.json().abilities.review, true);
    assert.equal(asked.json().versions[0].reviews[0].reviewedBy.id, t.world.users.coordinator.id);

    // The rule gains an item meanwhile: the revision answers the new questionnaire, version 1 keeps the old one.
    const admin = await as('admin');
    const rules = (await t.request({ method: 'GET', url: '/api/v1/obligation-rules', as: admin })).json().items as Array<Record<string, any>>;
    const rule = rules.find((r) => r.code === 'in-certin-6h');
    assert.ok(rule);
    const changed = await t.request({
      method: 'PATCH', url: `/api/v1/obligation-rules/${rule.id}`, as: admin,
      payload: { definition: { ...rule.definition, contents: [...rule.definition.contents, 'Number of affected users in India'] }, changeReason: 'Ask for the count' },
    });
    assert.equal(changed.statusCode, 200, changed.body);

    now = new Date('2025-03-04T11:00:00Z');
    const revised = await submit(sixHourReport({ answers: { description: 'Spyware installed by a crafted missed call.', content_3: 'About 1,400 users in India.' } }), await as('org_member'));
    assert.equal(revised.statusCode, 200, revised.body);
    const body = revised.json();
    assert.equal(body.outcome, 'revised');
    assert.equal(body.id, reportId);
    assert.equal(body.latestVersion, 2);
    assert.equal(body.status, 'submitted');
    assert.deepEqual(body.versions.map((v: { version: number }) => v.version), [2, 1]);
    assert.deepEqual(body.versions[0].questionnaire.map((q: { key: string }) => q.key), ['description', 'content_1', 'content_2', 'content_3']);
    assert.deepEqual(body.versions[1].questionnaire.map((q: { key: string }) => q.key), ['description', 'content_1', 'content_2']);
    assert.equal(body.versions[1].answers.content_1, 'Form sent by e-mail.');
    assert.equal(body.versions[1].reviews[0].verdict, 'revision_required');
    assert.equal(body.firstSubmittedAt, '2025-03-03T12:30:00.000Z');
    assert.equal(body.lateBySeconds, 7200);

    const stale = await review(reportId, 1, { verdict: 'accepted' }, await as('coordinator'));
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal(stale.json().error.code, 'incident_reports.not_latest_version');
    const accepted = await review(reportId, 2, { verdict: 'accepted' }, await as('coordinator'));
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, 'accepted');
    assert.equal(accepted.json().lateBySeconds, 7200);

    await recomputeBatch({ db: db(), jobs: t.built.jobs, clock }, [incidentId]);
    const sixHours = await obligation('in-certin-6h');
    assert.equal(sixHours.state, 'met_late');
    assert.equal(sixHours.lateBySeconds, 7200);
  });

  it('keeps one version when the same reference comes again with the same answers', async () => {
    now = new Date('2025-03-05T08:00:00Z');
    const member = await as('org_member');
    const payload = { ruleCode: 'in-certin-r12-2013', externalReference: 'MP-2025-0043', incidentId, answers: { description: 'Follow-up: logs kept in India.' } };
    const first = await submit(payload, member);
    assert.equal(first.statusCode, 201, first.body);
    const again = await submit(payload, member);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().outcome, 'unchanged');
    assert.equal(again.json().id, first.json().id);
    assert.equal(again.json().versions.length, 1);
    const versions = await db().selectFrom('incident_report_versions').select('version').where('report_id', '=', first.json().id).execute();
    assert.equal(versions.length, 1);
    assert.equal((await auditRows(db(), { action: 'incident_report.submitted', targetId: first.json().id })).length, 1);

    // The accepted report, sent again as it stands, stays accepted.
    const resent = await submit(sixHourReport({ answers: { description: 'Spyware installed by a crafted missed call.', content_3: 'About 1,400 users in India.' } }), member);
    assert.equal(resent.json().outcome, 'unchanged');
    assert.equal(resent.json().status, 'accepted');
    assert.equal(resent.json().latestVersion, 2);
  });

  it('takes a report sent with an organization user\'s API token as that user\'s, and refuses a staff token', async () => {
    now = new Date('2025-03-05T09:00:00Z');
    const created = await t.request({ method: 'POST', url: '/api/v1/me/tokens', as: await as('org_admin'), payload: { name: 'Reporting system' } });
    assert.equal(created.statusCode, 201, created.body);
    const token = { token: created.json().token as string };
    const response = await submit({ ruleCode: 'in-certin-r12-2013', externalReference: 'SOC-7781', incidentId, answers: { description: 'Sent by our reporting system.' } }, token);
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().versions[0].submittedVia, 'api');
    assert.equal(response.json().versions[0].submittedBy.id, t.world.users.org_admin.id);

    const staff = await t.request({ method: 'POST', url: '/api/v1/me/tokens', as: await as('admin'), payload: { name: 'Admin script' } });
    const refused = await submit({ ruleCode: 'in-certin-r12-2013', externalReference: 'ADMIN-1', incidentId, answers: { description: 'x' } }, { token: staff.json().token });
    assert.equal(refused.statusCode, 403, refused.body);
  });

  it('does not let an organization file on, or see reports of, an incident it does not take part in', async () => {
    const before = await db().selectFrom('incident_reports').select('id').execute();
    const foreign = await as('org_member_b');
    const response = await submit(sixHourReport({ externalReference: 'VB-1' }), foreign);
    assert.equal(response.statusCode, 404, response.body);
    assert.equal(response.json().error.code, 'incidents.not_found');
    assert.equal((await db().selectFrom('incident_reports').select('id').execute()).length, before.length);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/incident-reports/${reportId}`, as: foreign })).statusCode, 404);
    const list = await t.request({ method: 'GET', url: '/api/v1/incident-reports', as: foreign });
    assert.deepEqual(list.json().items, []);

    const own = await t.request({ method: 'GET', url: `/api/v1/incident-reports?incidentId=${incidentId}`, as: await as('org_member') });
    assert.deepEqual(own.json().items.map((r: { externalReference: string }) => r.externalReference).sort(), ['MP-2025-0042', 'MP-2025-0043', 'SOC-7781']);
    const staff = await t.request({ method: 'GET', url: `/api/v1/incident-reports?incidentId=${incidentId}&limit=2`, as: await as('coordinator') });
    assert.equal(staff.json().items.length, 2);
    const next = await t.request({ method: 'GET', url: `/api/v1/incident-reports?incidentId=${incidentId}&limit=2&cursor=${staff.json().nextCursor}`, as: await as('coordinator') });
    assert.deepEqual(next.json().items.map((r: { externalReference: string }) => r.externalReference), ['MP-2025-0042']);
    assert.equal(next.json().nextCursor, null);
    // The auditor reads no incident it was not given, and so no report.
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/incident-reports/${reportId}`, as: await as('auditor') })).statusCode, 404);
  });
});
