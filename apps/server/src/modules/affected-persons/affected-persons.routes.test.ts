/**
 * The affected-persons register through the API: grants (none, live, expired, revoked),
 * entries sealed and masked, reveals with a purpose and their audit rows, refusals and
 * their audit rows, bad input, duplicates, optimistic locking, counts reconciled with the
 * incident's stated counts, lookups across incidents, what the supplying organization
 * sees, and a dump of every table that must not contain a seeded name or number.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditRows } from '../../../test/audit-rows.ts';
import { incidentFixtures } from '../../../test/incident-fixtures.ts';
import type { SeedUserKey } from '../../../test/seed.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { countPersons, recountPersons } from './affected-persons.repository.ts';

const NAMES = ['Ravindra Kulkarni-Testcase', 'Meenakshi Iyer-Testcase', 'Arjun Deshpande-Testcase'];
const PHONES = ['+919800000101', '+919800000202', '+919800000303'];

describe('affected-persons register', () => {
  let t: TestApp;
  let now = new Date('2025-03-03T12:00:00Z');
  const clock = () => now;
  let incidentId: string;
  let otherIncidentId: string;
  const people: Array<{ id: string; version: number; label: string }> = [];

  const db = () => t.testDb.database.db;
  const as = (user: SeedUserKey) => t.login(user, { fresh: true });
  const call = async (user: SeedUserKey, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    t.request({ method, url: `/api/v1${url}`, as: await as(user), ...(payload ? { payload } : {}) });
  const grant = async (user: SeedUserKey, incident = incidentId, days = 30, by: SeedUserKey = 'admin') => {
    const response = await call(by, 'POST', `/incidents/${incident}/register-grants`, {
      userId: t.world.users[user].id,
      expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
      reason: 'Notification work for the 2019 case',
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  };

  before(async () => {
    t = await createTestApp({ clock });
    const f = await incidentFixtures(t);
    incidentId = (await f.createIncident({ title: 'Spyware through a missed call' })).id;
    otherIncidentId = (await f.createIncident({ title: 'A later campaign' })).id;
    await f.addParticipant(incidentId, t.world.orgA.id);
    await f.addParticipant(otherIncidentId, t.world.orgA.id);
    await f.addParticipant(incidentId, t.world.orgB.id);
    // The analyst works on both incidents (members with write access); the viewer reads the first.
    const coordinator = await t.login('coordinator');
    for (const [incident, user, access] of [
      [incidentId, 'analyst', 'write'],
      [otherIncidentId, 'analyst', 'write'],
      [incidentId, 'viewer', 'read'],
    ] as const) {
      const member = await t.request({
        method: 'PUT',
        url: `/api/v1/incidents/${incident}/members/${t.world.users[user].id}`,
        as: coordinator,
        payload: { access },
      });
      assert.ok(member.statusCode < 300, member.body);
    }
  });
  after(() => t?.close());

  it('refuses the register to staff without a grant, and audits the refusal', async () => {
    const response = await call('analyst', 'GET', `/incidents/${incidentId}/affected-persons`);
    assert.equal(response.statusCode, 403, response.body);
    assert.equal(response.json().error.code, 'register.grant_required');
    const refused = await auditRows(db(), { action: 'register.read_refused', targetId: incidentId });
    assert.equal(refused.length, 1);
    assert.equal((refused[0].after as any).why, 'no grant');
  });

  it('adds persons with a grant, sealed, and lists them masked', async () => {
    await grant('analyst');
    for (const [i, name] of NAMES.entries()) {
      const response = await call('analyst', 'POST', `/incidents/${incidentId}/affected-persons`, {
        name,
        phone: PHONES[i].replace(/(\d{2})(\d{5})(\d+)$/, ' $1 $2-$3'),
        country: 'IN',
        category: i === 0 ? 'journalist' : 'lawyer',
        affectedHow: 'targeted',
        sourceOrganizationId: t.world.orgA.id,
        sourceReference: `WA-${i + 1}`,
        notes: `Contact through counsel ${i}`,
      });
      assert.equal(response.statusCode, 201, response.body);
      const person = response.json();
      assert.equal(person.label, `P-000${i + 1}`);
      assert.deepEqual(person.has, { name: true, phone: true, email: false, account: false, notes: true });
      assert.ok(!JSON.stringify(person).includes(name));
      people.push({ id: person.id, version: person.version, label: person.label });
    }
    const list = await call('analyst', 'GET', `/incidents/${incidentId}/affected-persons?limit=2`);
    assert.equal(list.statusCode, 200, list.body);
    const page = list.json();
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.items.map((p: any) => p.label),
      ['P-0001', 'P-0002'],
    );
    assert.ok(page.nextCursor);
    for (const name of NAMES) assert.ok(!list.body.includes(name), 'a masked list holds no name');
    for (const phone of PHONES) assert.ok(!list.body.includes(phone.slice(3)), 'a masked list holds no number');
    const next = await call('analyst', 'GET', `/incidents/${incidentId}/affected-persons?limit=2&cursor=${page.nextCursor}`);
    assert.deepEqual(
      next.json().items.map((p: any) => p.label),
      ['P-0003'],
    );
  });

  it('reveals identities only with a purpose, and audits the purpose and the persons read', async () => {
    const noPurpose = await call('analyst', 'POST', `/incidents/${incidentId}/affected-persons/reveal`, { personIds: [people[0].id] });
    assert.equal(noPurpose.statusCode, 400, noPurpose.body);
    assert.equal(noPurpose.json().error.code, 'register.purpose_required');
    const otherWithoutText = await call('analyst', 'POST', `/incidents/${incidentId}/affected-persons/reveal`, {
      purpose: 'other',
      personIds: [people[0].id],
    });
    assert.equal(otherWithoutText.json().error.code, 'register.purpose_text_required');

    const response = await call('analyst', 'POST', `/incidents/${incidentId}/affected-persons/reveal`, {
      purpose: 'notify',
      personIds: [people[0].id, people[1].id],
    });
    assert.equal(response.statusCode, 200, response.body);
    const items = response.json().items;
    assert.deepEqual(
      items.map((p: any) => p.name),
      NAMES.slice(0, 2),
    );
    assert.deepEqual(
      items.map((p: any) => p.phone),
      PHONES.slice(0, 2),
      'numbers come back in E.164',
    );
    const rows = await auditRows(db(), { action: 'register.revealed' });
    assert.equal(rows.length, 1);
    assert.deepEqual([...rows[0].target_ids].sort(), [people[0].id, people[1].id].sort());
    assert.equal((rows[0].after as any).purpose, 'notify');
    assert.deepEqual((rows[0].after as any).persons, ['P-0001', 'P-0002']);
    assert.ok(!JSON.stringify(rows[0]).includes(NAMES[0]), 'the audit row names the entry, never the person');
  });

  it('refuses bad input with a clear code and writes nothing', async () => {
    const before = await db().selectFrom('affected_persons').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'X', phone: '09812345678', country: 'IN', category: 'other', affectedHow: 'targeted' }, 'register.invalid_phone'],
      [{ name: 'X', email: 'not-an-address', country: 'IN', category: 'other', affectedHow: 'targeted' }, 'register.invalid_email'],
      [{ name: 'X', country: 'XX', category: 'other', affectedHow: 'targeted' }, 'register.unknown_country'],
      [{ name: 'X', country: 'IN', category: 'astronaut', affectedHow: 'targeted' }, 'register.unknown_category'],
      [{ country: 'IN', category: 'other', affectedHow: 'targeted' }, 'register.identity_required'],
      [{ name: 'X', phone: PHONES[0], country: 'IN', category: 'other', affectedHow: 'targeted' }, 'register.duplicate'],
      [
        { name: 'X', country: 'IN', category: 'other', affectedHow: 'targeted', sourceOrganizationId: t.world.home.id },
        'register.source_not_participant',
      ],
    ];
    for (const [payload, code] of cases) {
      const response = await call('analyst', 'POST', `/incidents/${incidentId}/affected-persons`, payload);
      assert.equal(response.json().error.code, code, `${JSON.stringify(payload)}: ${response.body}`);
      assert.ok(response.statusCode >= 400 && response.statusCode < 500);
    }
    const duplicate = await call('analyst', 'POST', `/incidents/${incidentId}/affected-persons`, {
      name: 'Y',
      phone: PHONES[1],
      country: 'IN',
      category: 'other',
      affectedHow: 'targeted',
    });
    assert.deepEqual(
      [duplicate.json().error.details.field, duplicate.json().error.details.label],
      ['phone', 'P-0002'],
      'the refusal names the identifier and the entry',
    );
    const afterCount = await db().selectFrom('affected_persons').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    assert.equal(afterCount.n, before.n);
  });

  it('records notification with optimistic locking', async () => {
    const url = `/incidents/${incidentId}/affected-persons/${people[0].id}`;
    const missingDate = await call('analyst', 'PATCH', url, { version: people[0].version, notificationStatus: 'notified' });
    assert.equal(missingDate.json().error.code, 'register.notified_on_required');
    const ok = await call('analyst', 'PATCH', url, {
      version: people[0].version,
      notificationStatus: 'notified',
      notifiedOn: '2025-03-02',
      notifiedChannel: 'phone',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().notificationStatus, 'notified');
    const stale = await call('analyst', 'PATCH', url, { version: people[0].version, notificationStatus: 'declined' });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'register.version_conflict');
    assert.match(stale.json().error.message, /version 2/);
  });

  it('counts without identities for any staff who may read the incident, reconciled with the stated counts', async () => {
    const coordinator = await as('coordinator');
    const stated = await t.request({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/affected-counts`,
      as: coordinator,
      payload: { country: 'IN', count: 5, asOf: '2025-03-01', source: "The platform's statement" },
    });
    assert.ok(stated.statusCode < 300, stated.body);
    const response = await call('viewer', 'GET', `/incidents/${incidentId}/affected-persons/counts`);
    assert.equal(response.statusCode, 200, response.body);
    const counts = response.json();
    assert.equal(counts.total, 3);
    assert.deepEqual(counts.byCountry, [{ key: 'IN', label: 'India', count: 3 }]);
    assert.deepEqual(
      counts.byCategory.map((c: any) => [c.key, c.count]),
      [
        ['lawyer', 2],
        ['journalist', 1],
      ],
    );
    assert.deepEqual(
      counts.byNotificationStatus.map((c: any) => [c.key, c.count]),
      [
        ['not_notified', 2],
        ['notified', 1],
      ],
    );
    const india = counts.reconciliation.find((r: any) => r.country === 'IN');
    assert.deepEqual([india.stated, india.registered, india.difference], [5, 3, -2]);
    // A person moved to another category and country, and back: the kept counts follow every change.
    const moved = await call('analyst', 'PATCH', `/incidents/${incidentId}/affected-persons/${people[2].id}`, {
      version: people[2].version,
      category: 'activist',
      country: 'PK',
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual(
      (await call('viewer', 'GET', `/incidents/${incidentId}/affected-persons/counts`)).json().byCountry.map((c: any) => [c.key, c.count]),
      [
        ['IN', 2],
        ['PK', 1],
      ],
    );
    const back = await call('analyst', 'PATCH', `/incidents/${incidentId}/affected-persons/${people[2].id}`, {
      version: moved.json().version,
      category: 'lawyer',
      country: 'IN',
    });
    assert.equal(back.statusCode, 200, back.body);
    people[2].version = back.json().version;
    assert.deepEqual(await countPersons(db(), incidentId), await recountPersons(db(), incidentId));
    const outsider = await call('org_member', 'GET', `/incidents/${incidentId}/affected-persons/counts`);
    assert.equal(outsider.statusCode, 403, 'outside organizations never see the register, not even its counts');
  });

  it('finds a number across incidents, naming only incidents the caller holds a grant for', async () => {
    await grant('coordinator', otherIncidentId);
    const added = await call('coordinator', 'POST', `/incidents/${otherIncidentId}/affected-persons`, {
      phone: PHONES[1],
      country: 'IN',
      category: 'lawyer',
      affectedHow: 'compromised_suspected',
    });
    assert.equal(added.statusCode, 201, added.body);
    const byAnalyst = await call('analyst', 'POST', '/affected-persons/lookup', {
      kind: 'phone',
      value: '+91 98000 00202',
      purpose: 'verify',
    });
    assert.equal(byAnalyst.statusCode, 200, byAnalyst.body);
    const result = byAnalyst.json();
    assert.equal(result.found, true);
    assert.deepEqual(
      result.matches.map((m: any) => m.incidentId),
      [incidentId],
    );
    assert.equal(result.elsewhere, 1, 'the other incident is counted, not named');
    const none = await call('analyst', 'POST', '/affected-persons/lookup', { kind: 'phone', value: '+14155550100', purpose: 'verify' });
    assert.deepEqual(none.json(), { found: false, matches: [], elsewhere: 0 });
    const rows = await auditRows(db(), { action: 'register.looked_up' });
    assert.equal(rows.length, 2);
    assert.ok(!JSON.stringify(rows).includes('98000'), 'a lookup is audited without the number looked up');
  });

  it('shows the supplying organization its own entries by its reference, and nothing to others', async () => {
    const mine = await call('org_member', 'GET', `/incidents/${incidentId}/affected-persons/supplied`);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.deepEqual(
      mine.json().items.map((i: any) => [i.reference, i.notificationStatus]),
      [
        ['WA-1', 'notified'],
        ['WA-2', 'not_notified'],
        ['WA-3', 'not_notified'],
      ],
    );
    for (const name of NAMES) assert.ok(!mine.body.includes(name));
    const other = await call('org_member_b', 'GET', `/incidents/${incidentId}/affected-persons/supplied`);
    assert.deepEqual(other.json().items, [], 'another participant supplied nothing');
    const notRegister = await call('org_member', 'GET', `/incidents/${incidentId}/affected-persons`);
    assert.equal(notRegister.statusCode, 403);
  });

  it('ends access when a grant expires or is revoked, and audits the refusal', async () => {
    const grants = await call('admin', 'GET', `/incidents/${incidentId}/register-grants`);
    const analystGrant = grants.json().items.find((g: any) => g.user.id === t.world.users.analyst.id && g.live);
    const saved = now;
    now = new Date(now.getTime() + 31 * 86_400_000);
    const expired = await call('analyst', 'POST', `/incidents/${incidentId}/affected-persons/reveal`, {
      purpose: 'notify',
      personIds: [people[0].id],
    });
    assert.equal(expired.statusCode, 403);
    assert.match(expired.json().error.message, /expired/);
    now = saved;
    const revoked = await call('admin', 'DELETE', `/incidents/${incidentId}/register-grants/${analystGrant.id}`);
    assert.equal(revoked.statusCode, 204, revoked.body);
    const after = await call('analyst', 'GET', `/incidents/${incidentId}/affected-persons`);
    assert.equal(after.statusCode, 403);
    assert.match(after.json().error.message, /revoked/);
    const refusals = (await auditRows(db(), { action: 'register.read_refused', targetId: incidentId })).map((r) => (r.after as any).why);
    assert.deepEqual(
      refusals,
      ['no grant', 'no purpose', 'no reason given for "other"', 'grant expired', 'grant revoked'],
      'every refusal is in the audit log',
    );
  });

  it('grants only to staff who may read the register, for at most a year', async () => {
    const viewer = await call('admin', 'POST', `/incidents/${incidentId}/register-grants`, {
      userId: t.world.users.viewer.id,
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      reason: 'x',
    });
    assert.equal(viewer.json().error.code, 'register.grantee_not_eligible');
    const tooLong = await call('admin', 'POST', `/incidents/${incidentId}/register-grants`, {
      userId: t.world.users.analyst.id,
      expiresAt: new Date(now.getTime() + 400 * 86_400_000).toISOString(),
      reason: 'x',
    });
    assert.equal(tooLong.json().error.code, 'register.invalid_expiry');
    const hidden = await call('admin', 'POST', '/incidents', {
      title: 'An incident the analyst cannot see',
      severity: 'low',
      tlp: 'AMBER',
    });
    const unseen = await call('admin', 'POST', `/incidents/${hidden.json().id}/register-grants`, {
      userId: t.world.users.analyst.id,
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      reason: 'x',
    });
    assert.equal(unseen.json().error.code, 'register.grantee_not_eligible', 'a grant cannot open an incident the person cannot see');
    const byAnalyst = await call('analyst', 'POST', `/incidents/${incidentId}/register-grants`, {
      userId: t.world.users.analyst.id,
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      reason: 'x',
    });
    assert.equal(byAnalyst.statusCode, 403, 'an analyst cannot grant themselves');
  });

  it('leaves no name, number or note in clear in any table', async () => {
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db());
    const needles = [...NAMES, ...PHONES.map((p) => p.slice(1)), 'Contact through counsel'];
    for (const { table_name } of tables.rows) {
      const dump = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(db());
      const text = dump.rows.map((r) => r.row).join('\n');
      for (const needle of needles) assert.ok(!text.includes(needle), `${table_name} holds "${needle}" in clear`);
    }
  });
});
