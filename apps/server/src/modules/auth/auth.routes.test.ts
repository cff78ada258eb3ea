import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, createTestApp } from '../../../test/test-app.ts';

describe('sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('signs in with the right password and sets an http-only, SameSite=Strict cookie', async () => {
    const user = t.world.users.analyst;
    const response = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
    assert.equal(response.statusCode, 200);
    const cookie = response.cookies.find((c) => c.name === 'casebook_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    const me = response.json();
    assert.equal(me.user.email, user.email);
    assert.equal(me.user.role, 'analyst');
    assert.equal(typeof me.csrfToken, 'string');
  });

  it('refuses a wrong password with a stable code and records the failure in the audit log', async () => {
    const user = t.world.users.viewer;
    const response = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'wrong-password-123' } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, 'auth.invalid_credentials');
    const rows = await t.testDb.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.login_failed').execute();
    assert.ok(rows.some((r) => (r.after as { email: string }).email === user.email));
    assert.ok(rows.every((r) => !JSON.stringify(r).includes('wrong-password-123')));
  });

  it('needs the CSRF token for state-changing requests made with a session', async () => {
    const session = await t.login('admin');
    const withoutToken = await t.request({
      method: 'POST', url: '/api/v1/organizations', headers: { cookie: `casebook_session=${session.cookie}` },
      payload: { name: 'Some Org', kind: 'vendor' },
    });
    assert.equal(withoutToken.statusCode, 403);
    assert.equal(withoutToken.json().error.code, 'auth.csrf_invalid');
    const orgs = await t.testDb.database.db.selectFrom('organizations').select('name').where('name', '=', 'Some Org').execute();
    assert.equal(orgs.length, 0);
  });
});
