import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../../../test/audit-rows.ts';
import { type FakeClock, createFakeClock } from '../../../test/fake-clock.ts';
import { type TestApp, createTestApp } from '../../../test/test-app.ts';

describe('sign-in throttling', () => {
  let t: TestApp;
  let clock: FakeClock;
  before(async () => {
    clock = createFakeClock();
    t = await createTestApp({ clock });
  });
  after(() => t.close());

  // Each test signs in from its own address so that address counters do not mix.
  const attempt = (email: string, password: string, remoteAddress: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('locks an account after 5 failures, from any address, with Retry-After; and lets it in after the window', async () => {
    const { email, password } = t.world.users.viewer;
    for (let i = 0; i < 5; i++) {
      const failed = await attempt(email, `wrong-password-${i}`, '10.0.1.1');
      assert.equal(failed.statusCode, 401);
      assert.equal(failed.json().error.code, 'auth.invalid_credentials');
    }
    // The right password from another address is still refused: the account is what is locked.
    const locked = await attempt(email, password, '10.0.1.2');
    assert.equal(locked.statusCode, 429);
    const body = locked.json();
    assert.equal(body.error.code, 'auth.throttled');
    assert.equal(body.error.retryAfterSeconds, 15 * 60);
    assert.equal(locked.headers['retry-after'], String(15 * 60));
    assert.equal(locked.cookies.find((c) => c.name === 'casebook_session'), undefined);

    clock.advance(10 * 60_000);
    const stillLocked = await attempt(email, password, '10.0.1.2');
    assert.equal(stillLocked.statusCode, 429);
    assert.equal(stillLocked.json().error.retryAfterSeconds, 5 * 60);

    clock.advance(5 * 60_000 + 1000);
    const allowed = await attempt(email, password, '10.0.1.2');
    assert.equal(allowed.statusCode, 200);
  });

  it('matches the account case-insensitively, so changing the case does not get around the limit', async () => {
    const { email, password } = t.world.users.coordinator;
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? email.toUpperCase() : email, 'wrong-password-xyz', '10.0.2.1');
    const locked = await attempt(email, password, '10.0.2.2');
    assert.equal(locked.statusCode, 429);
  });

  it('clears the account counter after a successful sign-in', async () => {
    const { email, password } = t.world.users.analyst;
    for (let i = 0; i < 4; i++) assert.equal((await attempt(email, 'wrong-password-abc', '10.0.3.1')).statusCode, 401);
    assert.equal((await attempt(email, password, '10.0.3.1')).statusCode, 200);
    // Without the reset these four would make eight in the window and lock the account.
    for (let i = 0; i < 4; i++) assert.equal((await attempt(email, 'wrong-password-abc', '10.0.3.1')).statusCode, 401);
    assert.equal((await attempt(email, password, '10.0.3.1')).statusCode, 200);
  });

  it('locks an address after 20 failures across accounts, but not other addresses', async () => {
    for (let i = 0; i < 20; i++) {
      const failed = await attempt(`nobody-${i}@casebook.test`, 'wrong-password-123', '10.0.4.1');
      assert.equal(failed.statusCode, 401);
    }
    const { email, password } = t.world.users.auditor;
    const locked = await attempt(email, password, '10.0.4.1');
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().error.code, 'auth.throttled');
    assert.ok(Number(locked.headers['retry-after']) > 0);
    assert.equal((await attempt(email, password, '10.0.4.2')).statusCode, 200);
  });

  it('audits each failure without the password, and does not count a throttled attempt as a sign-in', async () => {
    const { email, id } = t.world.users.org_member;
    for (let i = 0; i < 6; i++) await attempt(email, 'secret-guess-999', '10.0.5.1');
    const rows = await auditRows(t.testDb.database.db, { targetId: id });
    assert.equal(rows.filter((r) => r.action === 'auth.login_failed').length, 5);
    assert.equal(rows.filter((r) => r.action === 'auth.login_succeeded').length, 0);
    assert.ok(rows.every((r) => !JSON.stringify(r).includes('secret-guess-999')));
  });
});
