import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../../../test/audit-rows.ts';
import { type FakeClock, createFakeClock } from '../../../test/fake-clock.ts';
import { type TestApp, createTestApp } from '../../../test/test-app.ts';
import type { SeedUserKey } from '../../../test/seed.ts';

describe('API tokens', () => {
  let t: TestApp;
  let clock: FakeClock;
  before(async () => {
    clock = createFakeClock();
    t = await createTestApp({ clock });
  });
  after(() => t.close());

  async function createToken(key: SeedUserKey, body: Record<string, unknown> = { name: 'integration' }) {
    const session = await t.login(key, { fresh: true });
    const response = await t.request({ method: 'POST', url: '/api/v1/me/tokens', payload: body, as: session });
    assert.equal(response.statusCode, 201);
    return { session, created: response.json() as { id: string; token: string; prefix: string; name: string } };
  }

  it('is shown once: the list never holds the token or its digest', async () => {
    const { session, created } = await createToken('analyst');
    assert.match(created.token, /^cbt_[A-Za-z0-9_-]{40,}$/);
    assert.ok(created.token.startsWith(created.prefix));
    const list = await t.request({ method: 'GET', url: '/api/v1/me/tokens', as: session });
    assert.equal(list.statusCode, 200);
    const item = list.json().items.find((i: { id: string }) => i.id === created.id);
    assert.ok(item);
    assert.equal(item.token, undefined);
    assert.ok(!list.body.includes(created.token));
    const stored = await t.testDb.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, created.token);
    assert.ok(!list.body.includes(stored.token_hash));
    const [audit] = await auditRows(t.testDb.database.db, { action: 'token.created', targetId: created.id });
    assert.ok(!JSON.stringify(audit).includes(created.token));
  });

  it('acts with the owner\'s rights as a Bearer token, and no more', async () => {
    const { created } = await createToken('org_admin');
    const as = { token: created.token };
    const me = await t.request({ method: 'GET', url: '/api/v1/me', as });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.id, t.world.users.org_admin.id);
    assert.equal(me.json().via, 'token');
    // Own organization's user: visible. Another organization's: not found, as for the owner.
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/users/${t.world.users.org_member.id}`, as })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/users/${t.world.users.org_member_b.id}`, as })).statusCode, 404);
    const orgs = await t.request({ method: 'GET', url: '/api/v1/organizations', as });
    assert.deepEqual(orgs.json().items.map((o: { id: string }) => o.id), [t.world.orgA.id]);
    // Admin-only routes stay closed.
    const audit = await t.request({ method: 'GET', url: '/api/v1/audit-events', as });
    assert.equal(audit.statusCode, 403);
    assert.equal(audit.json().error.code, 'access.forbidden');
    const newOrg = await t.request({ method: 'POST', url: '/api/v1/organizations', payload: { name: 'Token Org', kind: 'vendor' }, as });
    assert.equal(newOrg.statusCode, 403);
    // A state change the owner may make works without a CSRF token (there is no cookie to forge).
    const created2 = await t.request({
      method: 'POST', url: '/api/v1/users', as,
      payload: { email: 'via-token@platform-a.test', name: 'Via Token', role: 'org_member', organizationId: t.world.orgA.id },
    });
    assert.equal(created2.statusCode, 201);
    const [row] = await auditRows(t.testDb.database.db, { action: 'user.created', targetId: created2.json().user.id });
    assert.equal(row.actor_user_id, t.world.users.org_admin.id);
    assert.equal(row.actor_via, `token:${created.id}`);
  });

  it('is refused on routes that need a browser session (managing credentials)', async () => {
    const { created } = await createToken('viewer');
    const as = { token: created.token };
    for (const [method, url, payload] of [
      ['POST', '/api/v1/me/tokens', { name: 'second' }],
      ['DELETE', `/api/v1/me/tokens/${created.id}`, undefined],
      ['POST', '/api/v1/me/password', { currentPassword: 'x', newPassword: 'Tangerine-viaduct-orbit-59' }],
      ['POST', '/api/v1/me/totp/setup', undefined],
      ['POST', '/api/v1/auth/logout', {}],
    ] as const) {
      const response = await t.request({ method, url, payload, as });
      assert.equal(response.statusCode, 403, `${method} ${url}`);
      assert.equal(response.json().error.code, 'auth.session_required');
    }
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/me', as })).statusCode, 200, 'the token still works');
  });

  it('stops working once revoked (401 auth.invalid_token), and cannot be revoked by someone else', async () => {
    const { session, created } = await createToken('coordinator');
    const as = { token: created.token };
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/me', as })).statusCode, 200);
    const other = await t.login('analyst', { fresh: true });
    const foreign = await t.request({ method: 'DELETE', url: `/api/v1/me/tokens/${created.id}`, as: other });
    assert.equal(foreign.statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/me', as })).statusCode, 200);

    const revoked = await t.request({ method: 'DELETE', url: `/api/v1/me/tokens/${created.id}`, as: session });
    assert.equal(revoked.statusCode, 204);
    const refused = await t.request({ method: 'GET', url: '/api/v1/me', as });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().error.code, 'auth.invalid_token');
    const list = await t.request({ method: 'GET', url: '/api/v1/me/tokens', as: session });
    assert.ok(!list.json().items.some((i: { id: string }) => i.id === created.id));
    assert.equal((await auditRows(t.testDb.database.db, { action: 'token.revoked', targetId: created.id })).length, 1);
  });

  it('stops working when it expires', async () => {
    const { created } = await createToken('auditor', { name: 'short-lived', expiresInDays: 1 });
    const as = { token: created.token };
    clock.advance(23 * 3_600_000);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/me', as })).statusCode, 200);
    clock.advance(2 * 3_600_000);
    const expired = await t.request({ method: 'GET', url: '/api/v1/me', as });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().error.code, 'auth.invalid_token');
  });

  it('refuses malformed and unknown tokens alike', async () => {
    for (const authorization of ['Bearer cbt_unknown-token-value', 'Bearer nope', 'Basic abc', 'Bearer ']) {
      const response = await t.request({ method: 'GET', url: '/api/v1/me', headers: { authorization } });
      assert.equal(response.statusCode, 401, authorization);
      assert.equal(response.json().error.code, 'auth.invalid_token');
    }
  });

  it('audits use as token.used at most once a minute', async () => {
    const { created } = await createToken('org_member');
    const as = { token: created.token };
    const used = async () => (await auditRows(t.testDb.database.db, { action: 'token.used', targetId: created.id })).length;
    assert.equal(await used(), 0);
    await Promise.all(Array.from({ length: 5 }, () => t.request({ method: 'GET', url: '/api/v1/me', as })));
    assert.equal(await used(), 1);
    clock.advance(30_000);
    await t.request({ method: 'GET', url: '/api/v1/me', as });
    assert.equal(await used(), 1);
    clock.advance(31_000);
    await t.request({ method: 'GET', url: '/api/v1/me', as });
    assert.equal(await used(), 2);
    const [row] = await auditRows(t.testDb.database.db, { action: 'token.used', targetId: created.id });
    assert.equal(row.actor_user_id, t.world.users.org_member.id);
    assert.equal(row.actor_via, `token:${created.id}`);
    const list = (await t.request({ method: 'GET', url: '/api/v1/me/tokens', as: await t.login('org_member', { fresh: true }) })).json();
    assert.ok(list.items.find((i: { id: string }) => i.id === created.id).lastUsedAt);
  });
});
