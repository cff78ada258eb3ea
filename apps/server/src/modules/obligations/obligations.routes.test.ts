/**
 * Obligations through the API: facts entered for a participant organization, the
 * recomputation job, the states a coordinator and the organization see, the explanation,
 * refusals of impossible facts, a rule change that needs confirmation, and isolation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { type IncidentFixtures, incidentFixtures } from '../../../test/incident-fixtures.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { recomputeBatch } from './obligation-jobs.ts';

describe('obligations', () => {
  let t: TestApp;
  let coordinator: Session;
  let admin: Session;
  let now = new Date('2026-11-29T12:00:00Z');
  const clock = () => now;
  let incident2019: string;
  let incident2025: string;
  let f: IncidentFixtures;

  const db = () => t.testDb.database.db;
  const recompute = (id: string) => recomputeBatch({ db: db(), jobs: t.built.jobs, clock }, [id]);
  const obligations = async (incidentId: string, as: Session = coordinator) => {
    const response = await t.request({ method: 'GET', url: `/api/v1/obligations?incidentId=${incidentId}`, as });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().items as Array<Record<string, any>>;
  };
  const byRule = (items: Array<Record<string, any>>, code: string) => items.find((o) => o.rule.code === code);
  const setFacts = (incidentId: string, organizationId: string, facts: unknown[], as: Session = coordinator) =>
    t.request({ method: 'PUT', url: `/api/v1/incidents/${incidentId}/obligation-facts/${organizationId}`, as, payload: { facts } });

  before(async () => {
    t = await createTestApp({ clock });
    f = await incidentFixtures(t);
    coordinator = await t.login('coordinator');
    admin = await t.login('admin');
    // The messaging platform: an intermediary and a body corporate with users in India.
    await sql`update organizations set regulated_as = '{intermediary,body_corporate}', operates_in = '{IN}' where id = ${t.world.orgA.id}`.execute(db());
    const category = await db().selectFrom('incident_categories').select('id').where('code', '=', 'malicious-code').executeTakeFirstOrThrow();
    incident2019 = (await f.createIncident({ title: 'Spyware through a missed call (2019)', categoryId: category.id })).id;
    incident2025 = (await f.createIncident({ title: 'The same facts in 2025', categoryId: category.id })).id;
    for (const id of [incident2019, incident2025]) await f.addParticipant(id, t.world.orgA.id);
  });
  after(() => t?.close());

  it('applies the law of 2019 to 2019 facts: no six-hour duty, the 2013 Rules\' "as early as possible"', async () => {
    const response = await setFacts(incident2019, t.world.orgA.id, [
      { fact: 'noticed_at', at: '2019-05-05T06:30:00Z', timeZone: 'Asia/Kolkata', source: 'Platform statement of 13 May 2019' },
    ]);
    assert.equal(response.statusCode, 200, response.body);
    await recompute(incident2019);
    const items = await obligations(incident2019);
    const sixHours = byRule(items, 'in-certin-6h');
    assert.equal(sixHours?.state, 'not_applicable');
    assert.match(sixHours?.reason ?? '', /2022/);
    assert.equal(items.filter((o) => o.state === 'missed').length, 0, 'no duty of 2019 may be flagged as missed');
    const early = byRule(items, 'in-certin-r12-2013');
    assert.equal(early?.soft, true);
    assert.equal(early?.dueAt, null);
  });

  it('counts a report made before Casebook, recorded in the chronology, as meeting the 2013 duty', async () => {
    const entry = await f.addEntry(incident2019, { occurredAt: '2019-05-20T05:30:00Z', text: 'The platform reported the incident to the CERT.' });
    const linked = await t.request({
      method: 'PUT', url: `/api/v1/incidents/${incident2019}/obligation-links`, as: coordinator,
      payload: { organizationId: t.world.orgA.id, ruleCode: 'in-certin-r12-2013', timelineEntryId: entry.id },
    });
    assert.equal(linked.statusCode, 200, linked.body);
    await recompute(incident2019);
    const early = byRule(await obligations(incident2019), 'in-certin-r12-2013');
    assert.equal(early?.state, 'met');
    assert.deepEqual(early?.metBy, { kind: 'timeline_entry', id: entry.id });
    const elsewhere = await t.request({
      method: 'PUT', url: `/api/v1/incidents/${incident2025}/obligation-links`, as: coordinator,
      payload: { organizationId: t.world.orgA.id, ruleCode: 'in-certin-r12-2013', timelineEntryId: entry.id },
    });
    assert.equal(elsewhere.statusCode, 404, 'an entry of another incident cannot meet this one\'s duty');
  });

  it('replays the facts under the 2022 Directions: six hours from noticing, missed when no report came', async () => {
    now = new Date('2025-03-05T12:00:00Z');
    const response = await setFacts(incident2025, t.world.orgA.id, [{ fact: 'noticed_at', at: '2025-03-03T04:30:00Z', timeZone: 'Asia/Kolkata' }]);
    assert.equal(response.statusCode, 200, response.body);
    await recompute(incident2025);
    const sixHours = byRule(await obligations(incident2025), 'in-certin-6h');
    assert.equal(sixHours?.state, 'missed');
    assert.equal(sixHours?.dueAt, '2025-03-03T10:30:00.000Z');
    assert.equal(sixHours?.triggerFact, 'noticed_at');

    const explained = await t.request({ method: 'GET', url: `/api/v1/obligations/${sixHours?.id}/explanation`, as: coordinator });
    assert.equal(explained.statusCode, 200, explained.body);
    const text = (explained.json().steps as Array<{ text: string }>).map((s) => s.text).join('\n');
    assert.match(text, /6 hours/);
    assert.match(text, /Asia\/Kolkata|IST/);
  });

  it('keeps what an obligation said before when its facts change', async () => {
    now = new Date('2025-03-05T12:00:00Z');
    await setFacts(incident2025, t.world.orgA.id, [{ fact: 'noticed_at', at: '2025-03-04T04:30:00Z', timeZone: 'Asia/Kolkata' }]);
    await recompute(incident2025);
    const sixHours = byRule(await obligations(incident2025), 'in-certin-6h');
    assert.equal(sixHours?.dueAt, '2025-03-04T10:30:00.000Z');
    const explained = (await t.request({ method: 'GET', url: `/api/v1/obligations/${sixHours?.id}/explanation`, as: coordinator })).json();
    assert.equal(explained.history[0].dueAt, '2025-03-03T10:30:00.000Z');
  });

  it('refuses facts that cannot be true, and loses nothing', async () => {
    await sql`update incidents set occurred_at = '2025-03-01T00:00:00Z' where id = ${incident2025}`.execute(db());
    const early = await setFacts(incident2025, t.world.orgA.id, [{ fact: 'aware_at', at: '2025-02-01T00:00:00Z' }]);
    assert.equal(early.statusCode, 422);
    assert.equal(early.json().error.code, 'obligations.fact_before_occurrence');
    const mixed = await setFacts(incident2025, t.world.orgA.id, [{ fact: 'personal_data', at: '2025-03-02T00:00:00Z' }]);
    assert.equal(mixed.json().error.code, 'obligations.invalid_fact');
    const facts = (await t.request({ method: 'GET', url: `/api/v1/incidents/${incident2025}/obligation-facts`, as: coordinator })).json();
    assert.deepEqual(facts.items[0].facts.map((f: { fact: string }) => f.fact), ['noticed_at']);
  });

  it('shows an organization its own obligations only; another organization finds none', async () => {
    const orgA = await t.login('org_member');
    const own = await obligations(incident2025, orgA);
    assert.ok(own.length > 0);
    assert.ok(own.every((o) => o.organization.id === t.world.orgA.id));
    const orgB = await t.login('org_member_b');
    assert.deepEqual(await obligations(incident2025, orgB), []);
    const id = own[0].id;
    const probe = await t.request({ method: 'GET', url: `/api/v1/obligations/${id}/explanation`, as: orgB });
    assert.equal(probe.statusCode, 404);
    const write = await setFacts(incident2025, t.world.orgA.id, [{ fact: 'aware_at', at: '2025-03-03T04:30:00Z' }], orgA);
    assert.equal(write.statusCode, 403);
  });

  it('asks for confirmation before a rule change alters computed results, and keeps settled ones on their version', async () => {
    now = new Date('2025-03-05T12:00:00Z');
    const rules = (await t.request({ method: 'GET', url: '/api/v1/obligation-rules', as: admin })).json().items as Array<Record<string, any>>;
    const rule = rules.find((r) => r.code === 'in-certin-6h');
    assert.ok(rule);
    const change = { definition: { ...rule.definition, deadline: '12 hours' }, changeReason: 'Illustration of a changed deadline' };
    const refused = await t.request({ method: 'PATCH', url: `/api/v1/obligation-rules/${rule.id}`, as: admin, payload: change });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().error.code, 'obligations.rule_change_needs_confirmation');
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/obligation-rules', as: admin })).json().items.find((r: any) => r.code === 'in-certin-6h').version, 1);

    const confirmed = await t.request({ method: 'PATCH', url: `/api/v1/obligation-rules/${rule.id}`, as: admin, payload: { ...change, confirm: true } });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().version, 2);
    assert.deepEqual(confirmed.json().versions.map((v: { version: number }) => v.version), [2, 1]);
    await recompute(incident2025);
    const missed = byRule(await obligations(incident2025), 'in-certin-6h');
    assert.equal(missed?.state, 'missed');
    assert.equal(missed?.rule.version, 1, 'a settled result stays on the version it was computed with');
    assert.equal(missed?.dueAt, '2025-03-04T10:30:00.000Z');
  });

  it('lets only administrators change rules, and refuses a deadline that does not parse', async () => {
    const rules = (await t.request({ method: 'GET', url: '/api/v1/obligation-rules', as: coordinator })).json().items as Array<Record<string, any>>;
    const rule = rules.find((r) => r.code === 'in-certin-6h');
    const asCoordinator = await t.request({ method: 'PATCH', url: `/api/v1/obligation-rules/${rule?.id}`, as: coordinator, payload: { enabled: false } });
    assert.equal(asCoordinator.statusCode, 403);
    const bad = await t.request({
      method: 'POST', url: '/api/v1/obligation-rules', as: admin,
      payload: { definition: { ...rule?.definition, code: 'local-test-rule', deadline: 'six-ish hours' } },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.code, 'obligations.invalid_deadline');
  });

  it('summarises compliance per organization and rule', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/obligations/compliance', as: coordinator });
    assert.equal(response.statusCode, 200, response.body);
    const row = response.json().rows.find((r: any) => r.rule.code === 'in-certin-6h' && r.organization.id === t.world.orgA.id);
    assert.equal(row?.missed, 1);
  });
});
