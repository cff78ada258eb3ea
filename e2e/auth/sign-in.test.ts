/** Signing in and out through the sign-in page. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBrowser, screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';

describe('sign-in', () => {
  let server: E2eServer;
  let browser: TestBrowser;

  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.baseUrl);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const { page } = browser;
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');
  });

  it('shows an error for a wrong password', async () => {
    const { page } = browser;
    await signIn(page, { email: server.world.users.analyst.email, password: 'not-the-password' });
    const alert = page.getByRole('alert').filter({ hasText: 'not right' });
    await alert.waitFor();
    assert.match(await visibleText(alert), /e-mail address, password or code is not right/);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await screenshot(page, 'sign-in-failed');
  });

  it('signs in to the home page, which greets the user by name', async () => {
    const { page } = browser;
    const admin = server.world.users.admin;
    await signIn(page, admin);
    await page.waitForURL((url) => url.pathname === '/');
    const welcome = page.getByTestId('welcome');
    await welcome.waitFor();
    assert.match(await visibleText(welcome), /Test admin/);
    assert.equal(await visibleText(page.getByTestId('header-organization')), 'Test CERT');
    for (const link of ['Users', 'Organizations', 'Audit log', 'Failed jobs']) {
      assert.equal(
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).count(),
        1,
        `${link} in the navigation`,
      );
    }
    await page.getByText('Two-step sign-in is off').waitFor();
    await screenshot(page, 'home-admin');
  });

  it('signs out from the user menu', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: /Account menu for/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
    await page.getByText('You have signed out.').waitFor();
    await page.goto('/');
    await page.waitForURL('**/sign-in');
  });

  it('shows an analyst only what the role allows', async () => {
    const { page } = browser;
    await signIn(page, server.world.users.analyst);
    await page.getByTestId('welcome').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Users' }).count(), 1);
    assert.equal(await nav.getByRole('link', { name: 'Audit log' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Failed jobs' }).count(), 0);
    await screenshot(page, 'home-analyst');
  });

  it('says when the session has ended and returns to the page after signing in again', async () => {
    const { page } = browser;
    await server.database.db.deleteFrom('sessions').execute();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByText('Your session has ended').waitFor();
    await screenshot(page, 'sign-in-expired');
    await page.getByLabel('E-mail address').fill(server.world.users.analyst.email);
    await page.getByLabel(/^Password/).fill(server.world.users.analyst.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
  });

  it('pauses sign-in after repeated failures and says when to retry', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: /Account menu for/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
    const email = server.world.users.viewer.email;
    for (let attempt = 0; attempt < 6; attempt++) {
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel(/^Password/).fill(`wrong-password-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    }
    const alert = page.getByRole('alert').filter({ hasText: 'try again in' });
    await alert.waitFor();
    assert.match(await visibleText(alert), /Sign-in paused/);
    await screenshot(page, 'sign-in-throttled');
  });

  it('ran without console errors or CSP violations', () => {
    assert.deepEqual(browser.consoleErrors, []);
  });
});
