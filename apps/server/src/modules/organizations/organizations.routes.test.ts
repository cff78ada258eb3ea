import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditRows, countAuditRows } from '../../../test/audit-rows.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import { OBLIGATION_JOBS } from '../obligations/obligation-job-names.ts';
import { RECOMPUTE_EACH_LIMIT } from './organizations.service.ts';

describe('organizations', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const allIds = async () =>
    (await t.testDb.database.db.selectFrom('organizations').select('id').execute()).map((o) => o.id).sort();
  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((o) => o.id).sort();

  it('an admin registers an outside organization, with one audit row', async () => {
    const admin = await t.login('admin');
    const response = await t.request({
      method: 'POST', url: '/api/v1/organizations', as: admin,
      payload: { name: 'Spyware Vendor C', shortName: 'SVC', kind: 'vendor', jurisdiction: 'IL', sectors: ['surveillance'] },
    });
    assert.equal(response.statusCode, 201);
    const org = response.json();
    assert.equal(org.isHome, false);
    assert.equal(org.userCount, 0);
    assert.equal(org.abilities.manageUsers, true);
    const rows = await auditRows(t.testDb.database.db, { targetId: org.id });
    assert.deepEqual(rows.map((r) => r.action), ['organization.created']);
    assert.deepEqual(rows[0].after, { name: 'Spyware Vendor C', kind: 'vendor', jurisdiction: 'IL', sectors: ['surveillance'] });
  });

  it('refuses a duplicate name (any case), also when two requests race, without an audit row', async () => {
    const admin = await t.login('admin');
    const make = () => t.request({ method: 'POST', url: '/api/v1/organizations', as: admin, payload: { name: 'Ministry of Telecom', kind: 'government' } });
    const rowsBefore = await countAuditRows(t.testDb.database.db);
    const results = await Promise.all([make(), make(), make()]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409]);
    const dup = await t.request({ method: 'POST', url: '/api/v1/organizations', as: admin, payload: { name: 'MINISTRY OF TELECOM', kind: 'other' } });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().error.code, 'organizations.already_exists');
    assert.equal(await countAuditRows(t.testDb.database.db), rowsBefore + 1);
  });

  it('only admins create organizations, and never a second home CERT', async () => {
    for (const key of ['coordinator', 'org_admin'] as const) {
      const response = await t.request({ method: 'POST', url: '/api/v1/organizations', as: await t.login(key), payload: { name: `By ${key}`, kind: 'vendor' } });
      assert.equal(response.statusCode, 403);
    }
    const cert = await t.request({ method: 'POST', url: '/api/v1/organizations', as: await t.login('admin'), payload: { name: 'Second CERT', kind: 'cert' } });
    assert.equal(cert.statusCode, 400);
  });

  it('staff see every organization; an outside user sees only their own and gets 404 for the rest', async () => {
    const all = await allIds();
    const staff = await t.request({ method: 'GET', url: '/api/v1/organizations?limit=200', as: await t.login('viewer') });
    assert.deepEqual(ids(staff.json()), all);

    for (const [key, own, other] of [['org_member', t.world.orgA.id, t.world.orgB.id], ['org_admin_b', t.world.orgB.id, t.world.orgA.id]] as const) {
      const session = await t.login(key);
      const list = await t.request({ method: 'GET', url: '/api/v1/organizations?limit=200', as: session });
      assert.deepEqual(ids(list.json()), [own]);
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/organizations/${own}`, as: session })).statusCode, 200);
      for (const hidden of [other, t.world.home.id]) {
        const response = await t.request({ method: 'GET', url: `/api/v1/organizations/${hidden}`, as: session });
        assert.equal(response.statusCode, 404);
        assert.equal(response.json().error.code, 'organizations.not_found');
      }
      const searched = await t.request({ method: 'GET', url: '/api/v1/organizations?q=Vendor', as: session });
      assert.ok(ids(searched.json()).every((id) => id === own));
    }
  });

  const create = async (as: Session, payload: object) => {
    const response = await t.request({ method: 'POST', url: '/api/v1/organizations', as, payload });
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  };
  const update = (as: Session, id: string, payload: object) => t.request({ method: 'PATCH', url: `/api/v1/organizations/${id}`, as, payload });
  const jobs = async (name: string) =>
    (await t.testDb.database.executeSql('select data from pgboss.job where name = $1', [name])).rows.map((r: { data: unknown }) => r.data);

  it('registers an organization with its legal roles and the jurisdictions it is regulated in', async () => {
    const admin = await t.login('admin');
    const org = await create(admin, {
      name: 'Cloud Host D', kind: 'platform', jurisdiction: 'IN',
      regulatedAs: ['intermediary', 'data_centre', 'service_provider'], operatesIn: ['US-TX', 'IE', 'US'],
    });
    assert.deepEqual(org.regulatedAs, ['service_provider', 'intermediary', 'data_centre']);
    assert.deepEqual(org.operatesIn, ['IE', 'US', 'US-TX']);
    const read = await t.request({ method: 'GET', url: `/api/v1/organizations/${org.id}`, as: await t.login('viewer') });
    assert.deepEqual([read.json().regulatedAs, read.json().operatesIn], [org.regulatedAs, org.operatesIn]);
    const [row] = await auditRows(t.testDb.database.db, { targetId: org.id });
    assert.deepEqual(row.after, {
      name: 'Cloud Host D', kind: 'platform', jurisdiction: 'IN', sectors: [],
      regulatedAs: ['service_provider', 'intermediary', 'data_centre'], operatesIn: ['IE', 'US', 'US-TX'],
    });
  });

  it('an admin changes an organization with the version read, audited with the changed fields before and after', async () => {
    const admin = await t.login('admin');
    const org = await create(admin, { name: 'Messenger E', kind: 'platform', jurisdiction: 'US', sectors: ['messaging'] });
    const response = await update(admin, org.id, {
      version: org.version, name: 'Messenger E Inc.', shortName: 'ME', sectors: ['messaging'],
      regulatedAs: ['controller', 'business'], operatesIn: ['US-CA', 'DE'],
    });
    assert.equal(response.statusCode, 200, response.body);
    const changed = response.json();
    assert.equal(changed.version, org.version + 1);
    assert.equal(changed.kind, 'platform');
    assert.deepEqual(
      [changed.name, changed.shortName, changed.jurisdiction, changed.sectors, changed.regulatedAs, changed.operatesIn],
      ['Messenger E Inc.', 'ME', 'US', ['messaging'], ['controller', 'business'], ['DE', 'US-CA']],
    );
    const read = (await t.request({ method: 'GET', url: `/api/v1/organizations/${org.id}`, as: admin })).json();
    assert.deepEqual(read, changed);

    const rows = await auditRows(t.testDb.database.db, { targetId: org.id, action: 'organization.updated' });
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].before, { name: 'Messenger E', shortName: null, regulatedAs: [], operatesIn: [] });
    assert.deepEqual(rows[0].after, { name: 'Messenger E Inc.', shortName: 'ME', regulatedAs: ['controller', 'business'], operatesIn: ['DE', 'US-CA'] });

    const cleared = await update(admin, org.id, { version: changed.version, shortName: null, jurisdiction: null, regulatedAs: [] });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.deepEqual([cleared.json().shortName, cleared.json().jurisdiction, cleared.json().regulatedAs], [null, null, []]);
  });

  it('refuses a change based on a stale version with 409, changing nothing', async () => {
    const admin = await t.login('admin');
    const org = await create(admin, { name: 'Telecom F', kind: 'other' });
    assert.equal((await update(admin, org.id, { version: org.version, regulatedAs: ['telecom_entity'] })).statusCode, 200);
    const rowsBefore = await countAuditRows(t.testDb.database.db);
    const stale = await update(admin, org.id, { version: org.version, regulatedAs: ['business'], name: 'Telecom F Renamed' });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'organizations.version_conflict');
    assert.deepEqual(stale.json().error.details, { currentVersion: org.version + 1 });
    const read = (await t.request({ method: 'GET', url: `/api/v1/organizations/${org.id}`, as: admin })).json();
    assert.deepEqual([read.name, read.regulatedAs, read.version], ['Telecom F', ['telecom_entity'], org.version + 1]);
    assert.equal(await countAuditRows(t.testDb.database.db), rowsBefore);
  });

  it('refuses unknown legal roles, malformed jurisdictions, a kind and a name another organization has', async () => {
    const admin = await t.login('admin');
    const org = await create(admin, { name: 'Bank G', kind: 'other' });
    for (const payload of [
      { version: org.version, regulatedAs: ['bank'] },
      { version: org.version, regulatedAs: ['controller', 'controller'] },
      { version: org.version, operatesIn: ['us-tx'] },
      { version: org.version, operatesIn: ['USA'] },
      { version: org.version, operatesIn: ['IN', 'IN'] },
      { version: org.version, kind: 'cert' },
      { regulatedAs: ['controller'] },
    ]) {
      const response = await update(admin, org.id, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.json().error.code, 'request.invalid');
    }
    const onCreate = await t.request({ method: 'POST', url: '/api/v1/organizations', as: admin, payload: { name: 'Bank H', kind: 'other', regulatedAs: ['bank'] } });
    assert.equal(onCreate.statusCode, 400);
    const taken = await update(admin, org.id, { version: org.version, name: 'vendor b' });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().error.code, 'organizations.already_exists');
    const ownCase = await update(admin, org.id, { version: org.version, name: 'BANK G' });
    assert.equal(ownCase.statusCode, 200, ownCase.body);
  });

  it('renames the home CERT, which stays the CERT; only admins change organizations; an unknown one is not found', async () => {
    const admin = await t.login('admin');
    const home = (await t.request({ method: 'GET', url: `/api/v1/organizations/${t.world.home.id}`, as: admin })).json();
    const renamed = await update(admin, home.id, { version: home.version, name: 'National CERT', shortName: 'NCERT' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual([renamed.json().name, renamed.json().kind, renamed.json().isHome], ['National CERT', 'cert', true]);
    for (const key of ['coordinator', 'org_admin'] as const) {
      const own = key === 'org_admin' ? t.world.orgA.id : home.id;
      const response = await update(await t.login(key), own, { version: 1, regulatedAs: ['intermediary'] });
      assert.equal(response.statusCode, 403);
    }
    const unknown = await update(admin, '00000000-0000-4000-8000-000000000000', { version: 1, name: 'Nobody' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'organizations.not_found');
  });

  it('recomputes the obligations of every incident the organization takes part in when its roles change', async () => {
    const admin = await t.login('admin');
    const org = await create(admin, { name: 'Platform J', kind: 'platform', jurisdiction: 'IN' });
    const incidentIds: string[] = [];
    for (const title of ['Spyware J1', 'Spyware J2']) {
      const incident = await t.request({ method: 'POST', url: '/api/v1/incidents', as: admin, payload: { title, severity: 'high', tlp: 'AMBER' } });
      assert.equal(incident.statusCode, 201, incident.body);
      const participant = await t.request({ method: 'POST', url: `/api/v1/incidents/${incident.json().id}/participants`, as: admin, payload: { organizationId: org.id, role: 'affected_platform' } });
      assert.equal(participant.statusCode, 201, participant.body);
      incidentIds.push(incident.json().id);
    }
    // Adding the participants may have queued recomputations already: start from none.
    await t.testDb.database.executeSql(`delete from pgboss.job where name = $1 and data->>'incidentId' = any($2::text[])`, [OBLIGATION_JOBS.recompute, incidentIds]);
    const queued = async () => (await jobs(OBLIGATION_JOBS.recompute)).map((d) => (d as { incidentId: string }).incidentId).filter((id) => incidentIds.includes(id)).sort();

    const shortName = await update(admin, org.id, { version: org.version, shortName: 'PJ' });
    assert.equal(shortName.statusCode, 200, shortName.body);
    assert.deepEqual(await queued(), [], 'a short name is not something obligations depend on');

    const response = await update(admin, org.id, { version: shortName.json().version, regulatedAs: ['intermediary', 'body_corporate'], operatesIn: ['EU'] });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(await queued(), [...incidentIds].sort());
  });

  it('recomputes every incident at once when the organization takes part in more than the limit', async () => {
    const admin = await t.login('admin');
    const org = await create(admin, { name: 'Platform K', kind: 'platform' });
    await sql`
      with made as (
        insert into incidents (reference, title, severity, tlp)
        select 'INC-1999-' || lpad(k::text, 4, '0'), 'Bulk incident ' || k, 'low', 'GREEN' from generate_series(1, ${RECOMPUTE_EACH_LIMIT + 1}) k
        returning id)
      insert into participants (incident_id, organization_id, role) select id, ${org.id}, 'other' from made`.execute(t.testDb.database.db);
    const allBefore = (await jobs(OBLIGATION_JOBS.recomputeAll)).length;
    const eachBefore = (await jobs(OBLIGATION_JOBS.recompute)).length;
    const response = await update(admin, org.id, { version: org.version, regulatedAs: ['essential_entity'] });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((await jobs(OBLIGATION_JOBS.recomputeAll)).length, allBefore + 1);
    assert.equal((await jobs(OBLIGATION_JOBS.recompute)).length, eachBefore);
  });

  it('pages through organizations with cursors, each exactly once', async () => {
    const admin = await t.login('admin');
    for (let i = 0; i < 7; i++) {
      await t.request({ method: 'POST', url: '/api/v1/organizations', as: admin, payload: { name: `Bank ${i}`, kind: 'other' } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await t.request({ method: 'GET', url: `/api/v1/organizations?limit=3${cursor ? `&cursor=${cursor}` : ''}`, as: admin })).json();
      seen.push(...page.items.map((o: { id: string }) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual([...seen].sort(), await allIds());
  });
});
