import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import { auditRows } from '../../../test/audit-rows.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import type { SeedUserKey } from '../../../test/seed.ts';

describe('two-step sign-in (TOTP)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const nowSeconds = () => Math.floor(Date.now() / 1000);
  // The code for the next 30-second step: valid (one step of tolerance) but not yet used.
  const nextCode = (secret: string) => generate({ secret, epoch: nowSeconds() + 30 });
  /** A six-digit code that is none of the codes accepted right now. */
  async function wrongCode(secret: string): Promise<string> {
    const valid = new Set(await Promise.all([-60, -30, 0, 30, 60].map((d) => generate({ secret, epoch: nowSeconds() + d }))));
    for (let n = 0; ; n++) {
      const candidate = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
      if (!valid.has(candidate)) return candidate;
    }
  }
  const login = (key: SeedUserKey, extra: Record<string, string> = {}) => {
    const u = t.world.users[key];
    return t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: u.password, ...extra } });
  };
  async function enrol(key: SeedUserKey): Promise<{ session: Session; secret: string; recoveryCodes: string[] }> {
    const session = await t.login(key, { fresh: true });
    const setup = await t.request({ method: 'POST', url: '/api/v1/me/totp/setup', as: session });
    assert.equal(setup.statusCode, 200);
    const { secret, otpauthUri } = setup.json();
    assert.match(otpauthUri, /^otpauth:\/\/totp\//);
    // Not in force until confirmed.
    assert.equal((await login(key)).statusCode, 200);
    const confirmed = await t.request({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: await generate({ secret }) }, as: session });
    assert.equal(confirmed.statusCode, 200);
    const { recoveryCodes } = confirmed.json();
    assert.equal(recoveryCodes.length, 10);
    return { session, secret, recoveryCodes };
  }

  it('refuses confirmation with a wrong code and leaves two-step sign-in off', async () => {
    const session = await t.login('viewer', { fresh: true });
    const { secret } = (await t.request({ method: 'POST', url: '/api/v1/me/totp/setup', as: session })).json();
    const wrong = await t.request({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: await wrongCode(secret) }, as: session });
    // Signed in already, so a wrong code is a bad input (400), not a failed sign-in (401).
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.code, 'auth.totp_invalid');
    assert.equal((await login('viewer')).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/me', as: session })).json().user.totpEnabled, false);
  });

  it('once confirmed, sign-in needs a code; a wrong code fails and a used code cannot be replayed', async () => {
    const { secret } = await enrol('analyst');
    const needsCode = await login('analyst');
    assert.equal(needsCode.statusCode, 401);
    assert.equal(needsCode.json().error.code, 'auth.totp_required');
    assert.equal(needsCode.cookies.find((c) => c.name === 'casebook_session'), undefined);

    const wrong = await login('analyst', { totpCode: await wrongCode(secret) });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'auth.invalid_credentials');

    // The code used to confirm enrolment is spent already.
    const confirmCode = await generate({ secret });
    const reusedConfirm = await login('analyst', { totpCode: confirmCode });
    assert.equal(reusedConfirm.statusCode, 401);

    const code = await nextCode(secret);
    const ok = await login('analyst', { totpCode: code });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().user.totpEnabled, true);
    const replay = await login('analyst', { totpCode: code });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().error.code, 'auth.invalid_credentials');

    const rows = await auditRows(t.testDb.database.db, { targetId: t.world.users.analyst.id });
    assert.equal(rows.filter((r) => r.action === 'auth.totp_enabled').length, 1);
    assert.deepEqual(rows.filter((r) => r.action === 'auth.login_failed').map((r) => (r.after as { reason: string }).reason), ['totp', 'totp', 'totp']);
  });

  it('a recovery code signs in once', async () => {
    const { recoveryCodes } = await enrol('auditor');
    // Typed in capitals without the dashes, as people do.
    const typed = recoveryCodes[3].replace(/-/g, '').toUpperCase();
    const first = await login('auditor', { recoveryCode: typed });
    assert.equal(first.statusCode, 200);
    const second = await login('auditor', { recoveryCode: recoveryCodes[3] });
    assert.equal(second.statusCode, 401);
    assert.equal(second.json().error.code, 'auth.invalid_credentials');
    assert.equal((await login('auditor', { recoveryCode: recoveryCodes[4] })).statusCode, 200);
    assert.equal((await auditRows(t.testDb.database.db, { action: 'auth.recovery_code_used', targetId: t.world.users.auditor.id })).length, 2);
  });

  it('turning it off needs the password, and then sign-in needs no code', async () => {
    const { session } = await enrol('coordinator');
    const wrong = await t.request({ method: 'POST', url: '/api/v1/me/totp/disable', payload: { password: 'not-my-password-1' }, as: session });
    assert.equal(wrong.statusCode, 401);
    assert.equal((await login('coordinator')).json().error.code, 'auth.totp_required');
    const off = await t.request({ method: 'POST', url: '/api/v1/me/totp/disable', payload: { password: t.world.users.coordinator.password }, as: session });
    assert.equal(off.statusCode, 204);
    assert.equal((await login('coordinator')).statusCode, 200);
  });

  it('a second enrolment while on is refused', async () => {
    const { session } = await enrol('org_admin');
    await t.request({ method: 'POST', url: '/api/v1/me/totp/setup', as: session });
    const again = await t.request({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: '123456' }, as: session });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'auth.totp_already_enabled');
  });
});
