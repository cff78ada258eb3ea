/** Signing in through the real sign-in page, as a user would. */
import type { Page } from 'playwright-core';
import type { TestBrowser } from './browser.ts';

export async function signIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(credentials.email);
  await page.getByLabel(/^Password/).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs out by forgetting the session, then in as another user, and waits for the home page. */
export async function switchUser(browser: TestBrowser, credentials: { email: string; password: string }): Promise<void> {
  await browser.context.clearCookies();
  await signIn(browser.page, credentials);
  await browser.page.getByTestId('welcome').waitFor();
}
