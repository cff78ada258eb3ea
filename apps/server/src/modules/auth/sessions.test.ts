import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../../../test/audit-rows.ts';
import { type FakeClock, createFakeClock } from '../../../test/fake-clock.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';

describe('sessions', () => {
  let t: TestApp;
  let clock: FakeClock;
  before(async () => {
    clock = createFakeClock();
    t = await createTestApp({ clock });
  });
  after(() => t.close());

  const me = (as: Session | { token: string }) => t.request({ method: 'GET', url: '/api/v1/me', as });
  const expectSignedOut = async (as: Session) => {
    const response = await me(as);
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, 'auth.session_expired');
  };

  it('ends a session after 30 idle minutes, and keeps an active one alive', async () => {
    const active = await t.login('viewer', { fresh: true });
    const idle = await t.login('analyst', { fresh: true });
    clock.advanceMinutes(20);
    assert.equal((await me(active)).statusCode, 200);
    clock.advanceMinutes(20);
    // 40 minutes after sign-in: the one used at minute 20 lives on, the idle one has ended.
    assert.equal((await me(active)).statusCode, 200);
    const ended = await me(idle);
    assert.equal(ended.statusCode, 401);
    assert.equal(ended.json().error.code, 'auth.session_expired');
    // The cookie is cleared, and the ended session does not come back.
    assert.ok(ended.cookies.some((c) => c.name === 'casebook_session' && c.value === ''));
    await expectSignedOut(idle);
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const session = await t.login('coordinator', { fresh: true });
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      clock.advanceMinutes(25);
      assert.equal((await me(session)).statusCode, 200, `still signed in after ${minutes} minutes`);
    }
    clock.advanceMinutes(25);
    await expectSignedOut(session);
  });

  it('signs out one session, leaving the user\'s other sessions', async () => {
    const first = await t.login('auditor', { fresh: true });
    const second = await t.login('auditor', { fresh: true });
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', payload: {}, as: first });
    assert.equal(out.statusCode, 204);
    await expectSignedOut(first);
    assert.equal((await me(second)).statusCode, 200);
    const rows = await auditRows(t.testDb.database.db, { action: 'auth.logout', targetId: t.world.users.auditor.id });
    assert.equal(rows.length, 1);
  });

  it('signs out everywhere: every other session\'s cookie stops working', async () => {
    const here = await t.login('org_member', { fresh: true });
    const elsewhere = await t.login('org_member', { fresh: true });
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', payload: { everywhere: true }, as: here });
    assert.equal(out.statusCode, 204);
    await expectSignedOut(here);
    await expectSignedOut(elsewhere);
    const [row] = await auditRows(t.testDb.database.db, { action: 'auth.logout_everywhere', targetId: t.world.users.org_member.id });
    assert.deepEqual(row.after, { sessionsEnded: 2 });
  });

  it('refuses a disabled user at sign-in and ends their sessions and API tokens', async () => {
    const victim = t.world.users.org_member_b;
    const session = await t.login('org_member_b', { fresh: true });
    const created = await t.request({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'integration' }, as: session });
    const token = created.json().token as string;
    const admin = await t.login('admin', { fresh: true });
    const { version } = (await t.request({ method: 'GET', url: `/api/v1/users/${victim.id}`, as: admin })).json();
    const disabled = await t.request({ method: 'PATCH', url: `/api/v1/users/${victim.id}`, payload: { version, disabled: true }, as: admin });
    assert.equal(disabled.statusCode, 200);
    assert.equal(disabled.json().disabled, true);

    await expectSignedOut(session);
    const withToken = await me({ token });
    assert.equal(withToken.statusCode, 401);
    assert.equal(withToken.json().error.code, 'auth.invalid_token');
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: victim.email, password: victim.password }, remoteAddress: '10.9.0.1' });
    assert.equal(login.statusCode, 401);
    assert.equal(login.json().error.code, 'auth.invalid_credentials');
    assert.equal(await t.testDb.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', victim.id).executeTakeFirst(), undefined);

    // Enabled again, the same password works.
    const enabled = await t.request({ method: 'PATCH', url: `/api/v1/users/${victim.id}`, payload: { version: version + 1, disabled: false }, as: admin });
    assert.equal(enabled.statusCode, 200);
    const again = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: victim.email, password: victim.password }, remoteAddress: '10.9.0.1' });
    assert.equal(again.statusCode, 200);
  });

  it('changing the password ends the other sessions but keeps this one', async () => {
    const user = t.world.users.org_admin_b;
    const here = await t.login('org_admin_b', { fresh: true });
    const elsewhere = await t.login('org_admin_b', { fresh: true });
    const newPassword = 'Quiet-harbour-lantern-42';

    const wrongCurrent = await t.request({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: 'not-the-password-1', newPassword }, as: here });
    assert.equal(wrongCurrent.statusCode, 401);
    const weak = await t.request({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: user.password, newPassword: 'password1234' }, as: here });
    assert.equal(weak.statusCode, 422);
    assert.equal(weak.json().error.code, 'auth.weak_password');
    assert.equal((await me(elsewhere)).statusCode, 200, 'a refused change ends nothing');

    const changed = await t.request({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: user.password, newPassword }, as: here });
    assert.equal(changed.statusCode, 204);
    assert.equal((await me(here)).statusCode, 200);
    await expectSignedOut(elsewhere);

    const login = (password: string) => t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password }, remoteAddress: '10.9.0.2' });
    assert.equal((await login(user.password)).statusCode, 401);
    assert.equal((await login(newPassword)).statusCode, 200);
    const rows = await auditRows(t.testDb.database.db, { action: 'auth.password_changed', targetId: user.id });
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].after, { otherSessionsEnded: 1 });
    assert.ok(!JSON.stringify(rows).includes(newPassword));
  });
});
