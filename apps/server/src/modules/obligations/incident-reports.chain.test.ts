/**
 * Incident reports, continued: the NIS2 chain filed step by step (early warning,
 * notification, final report due one month after the notification was submitted), an
 * incident opened by an organization's first report, and the answers and rules refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { incidentFixtures } from '../../../test/incident-fixtures.ts';
import type { SeedUserKey } from '../../../test/seed.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { recomputeBatch } from './obligation-jobs.ts';

describe('incident reports: chains, new incidents, refusals', () => {
  let t: TestApp;
  let now = new Date('2025-10-20T12:00:00Z');
  const clock = () => now;
  let nis2Incident: string;

  const db = () => t.testDb.database.db;
  const as = (user: SeedUserKey) => t.login(user, { fresh: true });
  const submit = async (payload: Record<string, unknown>, user: SeedUserKey = 'org_member_b') =>
    t.request({ method: 'POST', url: '/api/v1/incident-reports', as: await as(user), payload });
  const obligations = async (incidentId: string) => {
    const response = await t.request({ method: 'GET', url: `/api/v1/obligations?incidentId=${incidentId}`, as: await as('admin') });
    assert.equal(response.statusCode, 200, response.body);
    return new Map((response.json().items as Array<Record<string, any>>).map((o) => [o.rule.code, o]));
  };

  before(async () => {
    t = await createTestApp({ clock });
    const f = await incidentFixtures(t);
    // Vendor B stands in for a German essential entity; Platform A for an Indian intermediary.
    await sql`update organizations set regulated_as = '{essential_entity}', jurisdiction = 'DE' where id = ${t.world.orgB.id}`.execute(db());
    await sql`update organizations set regulated_as = '{intermediary}', operates_in = '{IN}' where id = ${t.world.orgA.id}`.execute(db());
    nis2Incident = (await f.createIncident({ title: 'Ransomware at a municipal utility' })).id;
    await f.addParticipant(nis2Incident, t.world.orgB.id);
  });
  after(() => t?.close());

  it('files the NIS2 chain step by step; the final report is due one month after the notification was submitted', async () => {
    now = new Date('2025-10-20T12:00:00Z');
    const warning = await submit({
      ruleCode: 'eu-nis2-ew', externalReference: 'SW-2025-17', incidentId: nis2Incident,
      answers: { suspected_malicious: 'Yes: ransomware.', cross_border: 'Not as far as we know.' },
      facts: [{ fact: 'aware_at', at: '2025-10-20T07:00:00Z', timeZone: 'Europe/Berlin' }, { fact: 'significant', value: true }],
    });
    assert.equal(warning.statusCode, 201, warning.body);
    assert.deepEqual(warning.json().chain, { code: 'eu-nis2', step: 1, name: 'Early warning' });
    assert.equal(warning.json().firstDueAt, '2025-10-21T07:00:00.000Z');
    assert.equal(warning.json().lateBySeconds, 0);

    now = new Date('2025-10-22T09:15:00Z');
    const notification = await submit({
      ruleCode: 'eu-nis2-notif', externalReference: 'SW-2025-17', incidentId: nis2Incident,
      answers: { update: 'Backups restored.', severity_impact: 'Billing offline for two days.' },
    });
    assert.equal(notification.statusCode, 201, notification.body);
    assert.notEqual(notification.json().id, warning.json().id, 'the same reference under another rule is another report');
    assert.equal(notification.json().firstDueAt, '2025-10-23T07:00:00.000Z');
    assert.equal(notification.json().lateBySeconds, 0);

    now = new Date('2025-11-25T10:00:00Z');
    const final = await submit({
      ruleCode: 'eu-nis2-final', externalReference: 'SW-2025-17', incidentId: nis2Incident,
      answers: { description: 'Ransomware encrypted the billing servers.', root_cause: 'A phished VPN account.', mitigation: 'MFA on every remote access.' },
    });
    assert.equal(final.statusCode, 201, final.body);
    // One month after 22 October 2025, 11:15 CEST: 22 November 2025, 23:59:59 CET.
    assert.equal(final.json().firstDueAt, '2025-11-22T22:59:59.000Z');
    assert.equal(final.json().lateBySeconds, 2 * 86_400 + 11 * 3600 + 1);

    await recomputeBatch({ db: db(), jobs: t.built.jobs, clock }, [nis2Incident]);
    const results = await obligations(nis2Incident);
    assert.equal(results.get('eu-nis2-ew')?.state, 'met');
    assert.equal(results.get('eu-nis2-notif')?.state, 'met');
    assert.equal(results.get('eu-nis2-final')?.state, 'met_late');
    assert.equal(results.get('eu-nis2-final')?.triggerAt, '2025-10-22T09:15:00.000Z');
    assert.deepEqual(results.get('eu-nis2-final')?.metBy, { kind: 'incident_report', id: final.json().id });

    const listed = await t.request({ method: 'GET', url: `/api/v1/incident-reports?incidentId=${nis2Incident}`, as: await as('coordinator') });
    assert.deepEqual(listed.json().items.map((r: { chain: { step: number } }) => r.chain.step), [3, 2, 1]);
  });

  it('opens an incident from a first report, owned by the CERT\'s administrator, and not twice when the report is sent again', async () => {
    now = new Date('2025-06-02T09:00:00Z');
    const payload = {
      ruleCode: 'in-certin-6h', externalReference: 'MP-INC-2025-0007',
      incident: {
        title: 'Phishing kit impersonating our login page', summary: 'Found by a user report.', categoryCode: 'identity-theft-phishing',
        keyTimes: { occurred: { at: '2025-06-01T22:00:00Z', timeZone: 'Asia/Kolkata' }, noticed: { at: '2025-06-02T05:30:00Z', timeZone: 'Asia/Kolkata' } },
        role: 'reporter',
      },
      answers: { description: 'A copy of our login page collects passwords at a look-alike domain.' },
    };
    const incidentsBefore = (await db().selectFrom('incidents').select('id').execute()).length;
    const response = await submit(payload, 'org_member');
    assert.equal(response.statusCode, 201, response.body);
    const report = response.json();
    assert.match(report.incident.reference, /^INC-2025-\d{4}$/);
    assert.equal(report.incident.title, 'Phishing kit impersonating our login page');
    // Noticed at 05:30 UTC (the incident's own noticed time), due six hours later; filed at 09:00.
    assert.equal(report.firstDueAt, '2025-06-02T11:30:00.000Z');
    assert.equal(report.lateBySeconds, 0);

    const asOrg = await t.request({ method: 'GET', url: `/api/v1/incidents/${report.incident.id}`, as: await as('org_member') });
    assert.equal(asOrg.statusCode, 200, asOrg.body);
    assert.equal(asOrg.json().participation.role, 'reporter');
    const asAdmin = (await t.request({ method: 'GET', url: `/api/v1/incidents/${report.incident.id}`, as: await as('admin') })).json();
    assert.equal(asAdmin.owner.id, t.world.users.admin.id);
    assert.equal(asAdmin.category.code, 'identity-theft-phishing');
    assert.equal(asAdmin.keyTimes.noticed.timeZone, 'Asia/Kolkata');
    assert.equal(asAdmin.keyTimes.reported.at, '2025-06-02T09:00:00.000Z');
    assert.equal(asAdmin.status, 'reported');
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/incidents/${report.incident.id}`, as: await as('coordinator') })).statusCode, 404);

    const again = await submit(payload, 'org_member');
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().outcome, 'unchanged');
    assert.equal(again.json().incident.id, report.incident.id);
    assert.equal((await db().selectFrom('incidents').select('id').execute()).length, incidentsBefore + 1);
  });

  it('refuses answers the questionnaire does not ask, required answers left blank, facts without a zone and rules that take no report', async () => {
    now = new Date('2025-10-21T08:00:00Z');
    const base = { ruleCode: 'eu-nis2-ew', externalReference: 'SW-REFUSED', incidentId: nis2Incident };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, answers: { suspected_malicious: 'Yes', cross_border: 'No', mood: 'tense' } }, 'incident_reports.unknown_answer'],
      [{ ...base, answers: { suspected_malicious: 'Yes', cross_border: '   ' } }, 'incident_reports.answer_required'],
      [{ ...base, answers: { suspected_malicious: 'Yes', cross_border: 'No' }, facts: [{ fact: 'aware_at', at: '2025-10-20T07:00:00Z' }] }, 'incident_reports.time_zone_required'],
      [{ ...base, answers: { suspected_malicious: 'Yes', cross_border: 'No' }, facts: [{ fact: 'aware_at', at: '2025-12-20T07:00:00Z', timeZone: 'Europe/Berlin' }] }, 'incident_reports.fact_in_future'],
      [{ ...base, ruleCode: 'uk-nis-12', answers: { description: 'x' } }, 'incident_reports.unknown_rule'],
      [{ ...base, ruleCode: 'in-70b6-call', answers: { description: 'x' } }, 'incident_reports.unknown_rule'],
      [{ ruleCode: 'eu-nis2-ew', externalReference: 'SW-NOWHERE', answers: { suspected_malicious: 'Yes', cross_border: 'No' } }, 'incident_reports.incident_required'],
    ];
    for (const [payload, code] of cases) {
      const response = await submit(payload);
      assert.equal(response.statusCode, 422, `${code}: ${response.body}`);
      assert.equal(response.json().error.code, code);
    }
    const stray = await submit({ ...base, answers: { suspected_malicious: 'Yes', cross_border: 'No', Mood: 'x' } });
    assert.equal(stray.statusCode, 400, 'a key outside the pattern is refused by the schema');
    const written = await db().selectFrom('incident_reports').select('id').where('external_reference', 'in', ['SW-REFUSED', 'SW-NOWHERE']).execute();
    assert.deepEqual(written, []);
  });
});
