/** An administrator's round: add an organization, say what it is regulated as, add a user to it, check the audit log and jobs. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, settledCount, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';

async function choose(page: Page, scope: ReturnType<Page['getByRole']>, label: string, option: string) {
  await scope
    .getByLabel(new RegExp(`^${label}`))
    .first()
    .click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('administration pages', () => {
  let server: E2eServer;
  let browser: TestBrowser;

  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.baseUrl);
    await signIn(browser.page, server.world.users.admin);
    await browser.page.getByTestId('welcome').waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds an organization and opens it', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('heading', { name: 'Organizations' }).waitFor();
    assert.equal(await settledCount(page.getByTestId('organization-row'), 3), 3);
    await screenshot(page, 'organizations');
    await page.getByRole('button', { name: 'Add organization' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an organization' });
    await dialog.getByLabel(/^Name/).fill('Spyware Vendor Ltd');
    await dialog.getByLabel(/^Short name/).fill('SVL');
    await choose(page, dialog, 'Kind', 'Vendor');
    await dialog.getByLabel(/^Jurisdiction/).fill('il');
    await dialog.getByLabel(/^Sectors/).fill('surveillance');
    await dialog.getByLabel(/^Sectors/).press('Enter');
    await screenshot(page, 'organization-create');
    await dialog.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('heading', { name: /Spyware Vendor Ltd/ }).waitFor();
    await page.getByText('Nobody from this organization yet').waitFor();
    assert.match(await visibleText(page.locator('main')), /IL/);
  });

  it('edits what the organization is regulated as and where, and shows it', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Spyware Vendor Ltd' });
    await dialog.getByLabel(/^Regulated as/).click();
    await page.getByRole('option', { name: 'Controller (GDPR)', exact: true }).click();
    await page.getByRole('option', { name: 'Business (state breach law)', exact: true }).click();
    await dialog.getByLabel(/^Regulated in/).fill('us-tx');
    await dialog.getByLabel(/^Regulated in/).press('Enter');
    await screenshot(page, 'organization-edit');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('organization-regulated-as').filter({ hasText: 'Controller (GDPR), Business (state breach law)' }).waitFor();
    assert.equal(await visibleText(page.getByTestId('organization-regulated-in')), 'US-TX');
  });

  it('adds a user to it and shows the one-time set-up link', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel(/^Full name/).fill('Dana Levi');
    await dialog.getByLabel(/^E-mail address/).fill('dana.levi@svl.test');
    await choose(page, dialog, 'Role', 'Organization admin');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    const linkDialog = page.getByRole('dialog', { name: 'User created' });
    const link = await visibleText(linkDialog.getByTestId('copy-field-set-up-link'));
    assert.match(link, new RegExp(`^${server.baseUrl}/setup#token=[A-Za-z0-9_-]{20,}$`));
    await screenshot(page, 'user-created');
    await linkDialog.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('user-row').filter({ hasText: 'Dana Levi' }).waitFor();
    assert.match(await visibleText(page.getByTestId('user-row')), /invited/i);
  });

  it('lists and filters users', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByTestId('user-row').filter({ hasText: 'Dana Levi' }).waitFor();
    await screenshot(page, 'users');
    await page.getByRole('textbox', { name: 'Search users' }).fill('dana');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="user-row"]').length === 1);
    await page.getByRole('textbox', { name: 'Search users' }).fill('nobody-at-all');
    await page.getByText('No user matches').waitFor();
  });

  it('shows user.created in the audit log, with its full record', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page
      .getByLabel(/^Action/)
      .first()
      .fill('user.created');
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('[data-testid="audit-row"]');
      return rows.length === 1 && rows[0].textContent?.includes('user.created');
    });
    const row = page.getByTestId('audit-row');
    assert.match(await visibleText(row), /Test admin/);
    assert.match(await visibleText(row), /Created a user/);
    await row.click();
    await page.getByText('Chain / seq').waitFor();
    assert.match(await visibleText(page.locator('main')), /dana\.levi@svl\.test/);
    await screenshot(page, 'audit-log');
  });

  it('shows that no background job has failed', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Failed jobs' }).click();
    await page.getByText('No failed jobs').waitFor();
  });

  it('ran without console errors or CSP violations', () => {
    assert.deepEqual(browser.consoleErrors, []);
  });
});
