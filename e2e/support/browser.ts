/**
 * Debian's Chromium driven by playwright-core, one fresh profile per browser. Console
 * errors (a Content-Security-Policy violation among them) are collected so tests can
 * assert the page ran cleanly.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function openBrowser(baseUrl: string): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'casebook-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    baseURL: baseUrl,
    viewport: { width: 1280, height: 860 },
    timezoneId: 'Europe/Amsterdam',
    locale: 'en-GB',
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()))
      consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return {
    context,
    page,
    consoleErrors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot when CASEBOOK_E2E_SHOTS names a directory (for looking at the UI while developing). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.CASEBOOK_E2E_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** The text as a user sees it (CSS text-transform and line breaks applied), which is what tests assert. */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's rendered text is the point here, not the DOM's textContent.
  return locator.innerText();
}

/**
 * How many elements match once the page has settled on `expected` (or the count seen after `timeoutMs`).
 * Lists load after their heading renders, so a count taken at once can see none of the rows yet.
 */
export async function settledCount(locator: Locator, expected: number, timeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = await locator.count();
  while (count !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    count = await locator.count();
  }
  return count;
}
