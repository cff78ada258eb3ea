/** A new user's first sign-in through the one-time set-up link an administrator handed over. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBrowser, screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';

describe('first sign-in through a set-up link', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let link = '';

  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.baseUrl);
    // The administrator's side is covered in the admin test; here the link is made through the API.
    const { app } = server.built;
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: server.world.users.admin.email, password: server.world.users.admin.password },
    });
    const cookie = login.cookies.find((c) => c.name === 'casebook_session')?.value ?? '';
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: `casebook_session=${cookie}`, 'x-csrf-token': login.json().csrfToken },
      payload: { email: 'priya.raman@cert.test', name: 'Priya Raman', role: 'analyst', organizationId: server.world.home.id },
    });
    assert.equal(created.statusCode, 201, created.body);
    link = created.json().setupLink.url;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets the user choose a password, refusing a common one, and signs them in', async () => {
    const { page } = browser;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token is removed from the address bar');
    await page.getByLabel('New password').fill('password1234');
    await page.getByLabel('Repeat the password').fill('password1234');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'most common passwords' }).waitFor();
    await screenshot(page, 'setup-weak');

    await page.getByLabel('New password').fill('tidal-orchid-lantern-42');
    await page.getByLabel('Repeat the password').fill('tidal-orchid-lantern-42');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByTestId('welcome').waitFor();
    assert.match(await visibleText(page.getByTestId('welcome')), /Priya Raman/);
    await screenshot(page, 'setup-done');
  });

  it('cannot be used a second time', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: /Account menu for/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
    await page.goto(link);
    await page.getByLabel('New password').fill('another-fine-passphrase');
    await page.getByLabel('Repeat the password').fill('another-fine-passphrase');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { name: 'This set-up link cannot be used' }).waitFor();
  });

  it('ran without console errors or CSP violations', () => {
    assert.deepEqual(browser.consoleErrors, []);
  });
});
