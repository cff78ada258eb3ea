import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows, countAuditRows } from '../../../test/audit-rows.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';

describe('users', () => {
  let t: TestApp;
  let admin: Session;
  let orgAdmin: Session;
  before(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    orgAdmin = await t.login('org_admin');
  });
  after(() => t.close());

  let counter = 0;
  const create = (as: Session, body: Partial<{ email: string; name: string; role: string; organizationId: string }>) =>
    t.request({
      method: 'POST', url: '/api/v1/users', as,
      payload: { email: `person-${++counter}@example.test`, name: `Person ${counter}`, role: 'org_member', organizationId: t.world.orgA.id, ...body },
    });
  const get = (as: Session, id: string) => t.request({ method: 'GET', url: `/api/v1/users/${id}`, as });
  const patch = (as: Session, id: string, payload: Record<string, unknown>) => t.request({ method: 'PATCH', url: `/api/v1/users/${id}`, as, payload });
  const versionOf = async (id: string) => (await get(admin, id)).json().version as number;

  it('creates a user with a one-time set-up link and one audit row', async () => {
    const rowsBefore = await countAuditRows(t.testDb.database.db);
    const response = await create(admin, { role: 'analyst', organizationId: t.world.home.id, email: 'New.Analyst@cert.test' });
    assert.equal(response.statusCode, 201);
    const { user, setupLink } = response.json();
    assert.equal(user.role, 'analyst');
    assert.equal(user.hasPassword, false);
    assert.match(setupLink.url, /^http:\/\/casebook\.test\/setup#token=[A-Za-z0-9_-]+$/);
    assert.equal(JSON.stringify(user).includes('password_hash'), false);
    const rows = await auditRows(t.testDb.database.db, { targetId: user.id });
    assert.deepEqual(rows.map((r) => r.action).sort(), ['user.created', 'user.setup_link_issued']);
    assert.equal(await countAuditRows(t.testDb.database.db), rowsBefore + 2);
    assert.ok(!JSON.stringify(rows).includes(new URL(setupLink.url).hash.slice(7)), 'the link is not in the audit log');
  });

  it('refuses a duplicate e-mail address, in any case, with 409 and no audit row', async () => {
    const first = await create(admin, { email: 'dup@example.test' });
    assert.equal(first.statusCode, 201);
    const rowsBefore = await countAuditRows(t.testDb.database.db);
    const second = await create(admin, { email: 'DUP@Example.test' });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.code, 'users.already_exists');
    assert.equal(await countAuditRows(t.testDb.database.db), rowsBefore);
  });

  it('two creates of the same e-mail at once: one succeeds, the other gets 409', async () => {
    const results = await Promise.all([0, 1, 2].map(() => create(admin, { email: 'race@example.test' })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'users.already_exists');
  });

  it('needs a role that fits the organization', async () => {
    const staffInOrg = await create(admin, { role: 'analyst', organizationId: t.world.orgA.id });
    assert.equal(staffInOrg.statusCode, 400);
    assert.equal(staffInOrg.json().error.code, 'users.role_mismatch');
    const externalAtHome = await create(admin, { role: 'org_member', organizationId: t.world.home.id });
    assert.equal(externalAtHome.statusCode, 400);
    const change = await patch(admin, t.world.users.org_member.id, { version: await versionOf(t.world.users.org_member.id), role: 'coordinator' });
    assert.equal(change.statusCode, 400);
    assert.equal(change.json().error.code, 'users.role_mismatch');
  });

  it('an org admin manages only their own organization\'s users, and only with external roles', async () => {
    const own = await create(orgAdmin, { role: 'org_admin', organizationId: t.world.orgA.id });
    assert.equal(own.statusCode, 201);
    const elsewhere = await create(orgAdmin, { organizationId: t.world.orgB.id });
    assert.equal(elsewhere.statusCode, 404);
    const staffRole = await create(orgAdmin, { role: 'coordinator', organizationId: t.world.orgA.id });
    assert.equal(staffRole.statusCode, 403);
    assert.equal(staffRole.json().error.code, 'users.role_not_allowed');

    const memberB = t.world.users.org_member_b;
    assert.equal((await get(orgAdmin, memberB.id)).statusCode, 404);
    assert.equal((await patch(orgAdmin, memberB.id, { version: await versionOf(memberB.id), name: 'Hijacked' })).statusCode, 404);
    assert.equal((await t.request({ method: 'POST', url: `/api/v1/users/${memberB.id}/setup-link`, as: orgAdmin })).statusCode, 404);
    assert.equal((await patch(orgAdmin, t.world.users.analyst.id, { version: 1, disabled: true })).statusCode, 404);
    assert.equal((await get(admin, memberB.id)).json().name, 'Test org member b');

    const member = t.world.users.org_member;
    const promote = await patch(orgAdmin, member.id, { version: await versionOf(member.id), role: 'admin' });
    assert.equal(promote.statusCode, 403);
    const renamed = await patch(orgAdmin, member.id, { version: await versionOf(member.id), name: 'Renamed Member' });
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.json().name, 'Renamed Member');

    const list = await t.request({ method: 'GET', url: '/api/v1/users?limit=200', as: orgAdmin });
    assert.ok(list.json().items.every((u: { organization: { id: string } }) => u.organization.id === t.world.orgA.id));
    const members = await t.request({ method: 'GET', url: '/api/v1/users', as: await t.login('org_member') });
    assert.equal(members.statusCode, 403);
  });

  it('refuses a change based on an old version with 409 users.version_conflict and writes nothing', async () => {
    const id = t.world.users.viewer.id;
    const version = await versionOf(id);
    const first = await patch(admin, id, { version, name: 'Viewer One' });
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().version, version + 1);
    const rowsBefore = await countAuditRows(t.testDb.database.db);
    const stale = await patch(admin, id, { version, name: 'Viewer Two' });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'users.version_conflict');
    assert.equal((await get(admin, id)).json().name, 'Viewer One');
    assert.equal(await countAuditRows(t.testDb.database.db), rowsBefore);
  });

  it('writes one user.updated row with before and after', async () => {
    const id = t.world.users.auditor.id;
    const response = await patch(admin, id, { version: await versionOf(id), name: 'Chief Auditor' });
    assert.equal(response.statusCode, 200);
    const rows = await auditRows(t.testDb.database.db, { action: 'user.updated', targetId: id });
    assert.equal(rows.length, 1);
    assert.equal((rows[0].before as { name: string }).name, 'Test auditor');
    assert.equal((rows[0].after as { name: string }).name, 'Chief Auditor');
    assert.equal(rows[0].actor_user_id, t.world.users.admin.id);
  });

  it('nobody changes their own role or disables themselves', async () => {
    const self = t.world.users.admin.id;
    for (const change of [{ role: 'viewer' }, { disabled: true }]) {
      const response = await patch(admin, self, { version: await versionOf(self), ...change });
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error.code, 'users.cannot_change_self');
    }
    const renamed = await patch(admin, self, { version: await versionOf(self), name: 'The Administrator' });
    assert.equal(renamed.statusCode, 200);
  });

  it('the last active administrator cannot be removed, even by two admins demoting each other at once', async () => {
    const created = await create(admin, { role: 'admin', organizationId: t.world.home.id, email: 'second-admin@cert.test' });
    const secondId = created.json().user.id as string;
    const token = new URL(created.json().setupLink.url).hash.slice('#token='.length);
    const setup = await t.request({ method: 'POST', url: '/api/v1/auth/password-setup', payload: { token, password: 'Marble-compass-winter-31' } });
    assert.equal(setup.statusCode, 200);
    const second: Session = { cookie: setup.cookies.find((c) => c.name === 'casebook_session')?.value as string, csrfToken: setup.json().csrfToken, userId: secondId };
    const firstId = t.world.users.admin.id;

    const [a, b] = await Promise.all([
      patch(admin, secondId, { version: await versionOf(secondId), role: 'coordinator' }),
      patch(second, firstId, { version: await versionOf(firstId), role: 'coordinator' }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    assert.equal(statuses[0], 200, `one demotion succeeds: ${a.body} ${b.body}`);
    const loser = a.statusCode === 200 ? b : a;
    assert.ok(['users.last_admin', 'access.forbidden'].includes(loser.json().error.code), loser.body);
    const admins = await t.testDb.database.db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
    assert.equal(admins.length, 1);
  });

  it('pages through the list with cursors, returning every user exactly once', async () => {
    // Equal names check the tie-break on id.
    for (let i = 0; i < 12; i++) assert.equal((await create(admin, { name: i % 3 === 0 ? 'Same Name' : `Pager ${String.fromCharCode(97 + i)}` })).statusCode, 201);
    const all = (await t.request({ method: 'GET', url: '/api/v1/users?limit=200&includeDisabled=true', as: admin })).json();
    assert.equal(all.nextCursor, null);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/users?limit=4&includeDisabled=true${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url, as: admin })).json();
      assert.ok(page.items.length <= 4);
      seen.push(...page.items.map((u: { id: string }) => u.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    assert.equal(new Set(seen).size, seen.length, 'no user twice');
    assert.deepEqual(seen, all.items.map((u: { id: string }) => u.id));
    const total = await t.testDb.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(seen.length, Number(total.n));
    const bad = await t.request({ method: 'GET', url: '/api/v1/users?cursor=bm90LWEtY3Vyc29y', as: admin });
    assert.equal(bad.statusCode, 400);
  });
});
