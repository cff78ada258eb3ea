/** Turning on two-step sign-in, then signing in with a code from the authenticator app. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import { openBrowser, screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';

describe('two-step sign-in', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let secret = '';
  let recoveryCodes: string[] = [];

  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.baseUrl);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is turned on from Account & security and shows the recovery codes once', async () => {
    const { page } = browser;
    await signIn(page, server.world.users.coordinator);
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('link', { name: 'Turn on two-step sign-in' }).click();
    await page.waitForURL('**/account');
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn on two-step sign-in' });
    await dialog.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    secret = (await visibleText(dialog.getByTestId('copy-field-secret-key'))).trim();
    assert.match(secret, /^[A-Z2-7]+=*$/);
    await screenshot(page, 'totp-setup');
    await dialog.getByLabel('Code from the app').fill(await generate({ secret }));
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const codes = dialog.getByTestId('recovery-codes');
    await codes.waitFor();
    recoveryCodes = (await visibleText(codes)).split(/\s+/).filter(Boolean);
    assert.equal(recoveryCodes.length, 10);
    await screenshot(page, 'totp-recovery-codes');
    await dialog.getByRole('button', { name: 'I have saved my codes' }).click();
    assert.equal((await page.getByTestId('totp-status').textContent())?.trim(), 'On');
  });

  it('asks for the code at the next sign-in', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: /Account menu for/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');

    await signIn(page, server.world.users.coordinator);
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    await screenshot(page, 'sign-in-totp');
    // The code used to confirm is spent; the app's next code (one step ahead) is within tolerance.
    await code.fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByTestId('welcome').waitFor();
    await page.getByText('Two-step sign-in is on').waitFor();
  });

  it('accepts a recovery code instead of the app code', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: /Account menu for/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
    await signIn(page, server.world.users.coordinator);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByTestId('welcome').waitFor();
  });

  it('ran without console errors or CSP violations', () => {
    assert.deepEqual(browser.consoleErrors, []);
  });
});
