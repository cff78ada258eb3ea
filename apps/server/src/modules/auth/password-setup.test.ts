import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../../../test/audit-rows.ts';
import { type FakeClock, createFakeClock } from '../../../test/fake-clock.ts';
import { type TestApp, createTestApp } from '../../../test/test-app.ts';

describe('password set-up links', () => {
  let t: TestApp;
  let clock: FakeClock;
  before(async () => {
    clock = createFakeClock();
    t = await createTestApp({ clock });
  });
  after(() => t.close());

  let counter = 0;
  async function newUser(): Promise<{ id: string; email: string; token: string }> {
    const admin = await t.login('admin', { fresh: true });
    const email = `new-person-${++counter}@platform-a.test`;
    const response = await t.request({
      method: 'POST', url: '/api/v1/users', as: admin,
      payload: { email, name: `Harriet Oduya ${counter}`, role: 'org_member', organizationId: t.world.orgA.id },
    });
    assert.equal(response.statusCode, 201);
    const { user, setupLink } = response.json();
    assert.equal(user.hasPassword, false);
    const token = new URL(setupLink.url).hash.replace(/^#token=/, '');
    assert.match(token, /^[A-Za-z0-9_-]{40,}$/);
    return { id: user.id, email, token };
  }
  const complete = (token: string, password: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/password-setup', payload: { token, password } });
  const passwordHash = async (id: string) =>
    (await t.testDb.database.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash;

  it('sets the password once and signs the user in; the link then stops working', async () => {
    const user = await newUser();
    const done = await complete(user.token, 'Copper-kettle-morning-77');
    assert.equal(done.statusCode, 200);
    assert.equal(done.json().user.email, user.email);
    assert.ok(done.cookies.some((c) => c.name === 'casebook_session' && c.value));
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'Copper-kettle-morning-77' } });
    assert.equal(login.statusCode, 200);

    const hash = await passwordHash(user.id);
    const again = await complete(user.token, 'Another-long-phrase-88');
    assert.equal(again.statusCode, 400);
    assert.equal(again.json().error.code, 'auth.setup_link_invalid');
    assert.equal(await passwordHash(user.id), hash);
    assert.equal((await auditRows(t.testDb.database.db, { action: 'auth.password_set', targetId: user.id })).length, 1);
  });

  it('refuses a weak password with 422 and changes nothing, so the link still works', async () => {
    const user = await newUser();
    for (const weak of ['short-1', 'password1234', 'abcabcabcabcabc', 'harriet-oduya-1']) {
      const refused = await complete(user.token, weak);
      assert.equal(refused.statusCode, 422, weak);
      assert.equal(refused.json().error.code, 'auth.weak_password');
      assert.equal(refused.cookies.find((c) => c.name === 'casebook_session'), undefined);
    }
    assert.equal(await passwordHash(user.id), null);
    assert.equal((await auditRows(t.testDb.database.db, { action: 'auth.password_set', targetId: user.id })).length, 0);
    assert.equal((await complete(user.token, 'Granite-orchard-silver-13')).statusCode, 200);
  });

  it('expires after 72 hours', async () => {
    const user = await newUser();
    clock.advance(72 * 3_600_000 + 1000);
    const late = await complete(user.token, 'Granite-orchard-silver-13');
    assert.equal(late.statusCode, 400);
    assert.equal(late.json().error.code, 'auth.setup_link_invalid');
    assert.equal(await passwordHash(user.id), null);
  });

  it('a new link replaces the earlier one', async () => {
    const user = await newUser();
    const admin = await t.login('admin', { fresh: true });
    const issued = await t.request({ method: 'POST', url: `/api/v1/users/${user.id}/setup-link`, as: admin });
    assert.equal(issued.statusCode, 200);
    const newToken = new URL(issued.json().url).hash.replace(/^#token=/, '');
    assert.equal((await complete(user.token, 'Granite-orchard-silver-13')).statusCode, 400);
    assert.equal((await complete(newToken, 'Granite-orchard-silver-13')).statusCode, 200);
  });

  it('refuses an unknown token without telling anything about users', async () => {
    const response = await complete('A'.repeat(43), 'Granite-orchard-silver-13');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'auth.setup_link_invalid');
  });
});
