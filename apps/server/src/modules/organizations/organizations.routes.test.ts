import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows, countAuditRows } from '../../../test/audit-rows.ts';
import { type TestApp, createTestApp } from '../../../test/test-app.ts';

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
