/** What the notices browser test does again and again: pick, switch user, attach, read the status, take the README pictures. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn } from '../support/sign-in.ts';

/** Opens a select by its label, types to narrow long lists, and picks the option. */
export async function choose(page: Page, scope: Locator | Page, label: string | RegExp, option: string | RegExp, search?: string) {
  const input = scope.getByLabel(label, { exact: typeof label === 'string' }).first();
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

export async function switchUser(browser: TestBrowser, credentials: { email: string; password: string }) {
  await browser.context.clearCookies();
  await signIn(browser.page, credentials);
  await browser.page.getByTestId('welcome').waitFor();
}

/** The status badge's text (shown in capitals). */
export async function statusOf(page: Page): Promise<string> {
  return (await visibleText(page.getByTestId('notice-status').first())).toLowerCase();
}

/** Picks a file through the button's file chooser, as a person would. */
export async function attach(page: Page, button: Locator, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await button.click();
  await (await chooser).setFiles(file);
}

/**
 * With CASEBOOK_E2E_SHOTS set, saves the page as the README shows it: 1280 by 1300 from the
 * top, as a person sees it on a tall screen (a full-page capture repeats the fixed header).
 */
export async function readmeShot(page: Page, name: string, scrollTo?: Locator) {
  const dir = process.env.CASEBOOK_E2E_SHOTS;
  if (!dir) return;
  const before = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 1300 });
  await page.mouse.move(0, 0);
  // Confirmations fade by themselves; the picture is of the page.
  await page.waitForFunction(() => !document.querySelector('.mantine-Notification-root'), null, { timeout: 10_000 });
  // Just below the fixed header.
  if (scrollTo) await scrollTo.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 76));
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `readme-${name}.png`) });
  if (before) await page.setViewportSize(before);
  await screenshot(page, name);
}
