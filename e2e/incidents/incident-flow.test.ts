/**
 * The 2019 spyware case through the browser: a coordinator records the incident, adds the
 * platform as a participant, records two accounts of the 26 July meeting that disagree and
 * marks them as conflicting; the platform's member then sees only what is shared with it,
 * and an unrelated organization's user cannot see that the incident exists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';
import { storySteps } from '../support/steps.ts';

const NOT_DISCLOSED = 'In the meeting of 26 July 2019 the platform did not disclose the vulnerability in its voice-call stack.';
const DISCLOSED = 'The platform states that it disclosed the vulnerability to the CERT in the meeting of 26 July 2019.';

/** Opens a select by its label, types to narrow long lists, and picks the option. */
async function choose(page: Page, scope: Locator | Page, label: string | RegExp, option: string | RegExp, search?: string) {
  const input = scope.getByLabel(label, { exact: typeof label === 'string' }).first();
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

async function switchUser(browser: TestBrowser, credentials: { email: string; password: string }) {
  await browser.context.clearCookies();
  await signIn(browser.page, credentials);
  await browser.page.getByTestId('welcome').waitFor();
}

describe('incidents, participants and the chronology', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let incidentUrl = '';
  const step = storySteps();

  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.baseUrl);
    await signIn(browser.page, server.world.users.coordinator);
    await browser.page.getByTestId('welcome').waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  step('creates an incident through the form, checking CVE identifiers on the way', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByText('No incidents yet').waitFor();
    await page.getByRole('link', { name: 'New incident' }).first().click();
    const form = page.getByRole('form', { name: 'New incident' });
    await form.getByRole('textbox', { name: 'Title' }).fill('Spyware delivered through a messaging app’s voice calls');
    await form
      .getByRole('textbox', { name: 'Summary' })
      .fill(
        'Spyware built by a foreign vendor was delivered through a flaw in the **voice-call stack**.\n\n- about 1,400 users targeted worldwide\n- 121 of them in India',
      );
    await choose(page, form, /^Category/, /Malicious code attacks/);
    await choose(page, form, /^Severity/, 'Critical');
    await form.getByLabel('Detected: date and time').fill('2019-05-13T09:30');
    await choose(page, form, 'Detected: time zone', /^Asia\/Kolkata/, 'Kolkata');
    await form.getByLabel('Vulnerabilities (CVE)').fill('CVE-19-3568');
    await form.getByLabel('Vulnerabilities (CVE)').press('Enter');
    await form.getByLabel('Malware').fill('Pegasus');
    await form.getByLabel('Malware').press('Enter');
    await form.getByRole('button', { name: 'Record incident' }).click();
    await page.getByText('Not a CVE identifier (CVE-YYYY-NNNN): CVE-19-3568').waitFor();

    await form.getByLabel('Vulnerabilities (CVE)').press('Backspace');
    await form.getByLabel('Vulnerabilities (CVE)').fill('CVE-2019-3568');
    await form.getByLabel('Vulnerabilities (CVE)').press('Enter');
    await screenshot(page, 'incident-new');
    await form.getByRole('button', { name: 'Record incident' }).click();

    await page.getByTestId('incident-title').waitFor();
    assert.match(await visibleText(page.getByTestId('incident-reference')), /^INC-\d{4}-\d{4}$/);
    incidentUrl = new URL(page.url()).pathname;
    const main = await visibleText(page.locator('main'));
    assert.match(main, /voice-call stack/);
    assert.match(main, /CVE-2019-3568/);
    // Shown in the viewer's zone, and as recorded in New Delhi.
    assert.match(
      await visibleText(page.getByTestId('key-times')),
      /13 May 2019.*06:00.*Europe\/Amsterdam[\s\S]*Recorded as 13 May 2019.*09:30.*Asia\/Kolkata/,
    );
    // The summary's Markdown is rendered as elements, not as HTML text.
    assert.equal(await page.getByTestId('markdown').locator('strong').count(), 1);
  });

  step('records affected figures per country, shown as a table and a chart', async () => {
    const { page } = browser;
    for (const [country, count] of [
      [/^Worldwide/, '1400'],
      [/^India \(IN\)/, '121'],
    ] as const) {
      await page.getByRole('button', { name: 'Record a new figure' }).click();
      const dialog = page.getByRole('dialog', { name: 'Record a new figure' });
      await choose(page, dialog, /^Country/, country, country.source.includes('India') ? 'India' : 'Worldwide');
      await dialog.getByRole('textbox', { name: 'People affected' }).fill(count);
      await dialog.getByLabel(/^As of/).fill('2019-11-18');
      await dialog.getByRole('textbox', { name: /^Source$/ }).fill('The platform’s response of 18 November 2019');
      await dialog.getByRole('button', { name: 'Record figure' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    const chart = await visibleText(page.getByTestId('affected-chart'));
    assert.match(chart, /Worldwide\s+1,400/);
    assert.match(chart, /India\s+121/);
    await page.getByTestId('affected-table').waitFor();
    await screenshot(page, 'incident-overview');
  });

  step('adds organization A as a participant', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Participants' }).click();
    await page.getByText('No organizations yet').waitFor();
    await page.getByRole('button', { name: 'Add participant' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a participant' });
    await choose(page, dialog, /^Organization/, /^Messaging Platform A/);
    await choose(page, dialog, /^Role/, 'Affected platform');
    await dialog.getByRole('button', { name: 'Add participant' }).click();
    const row = page.getByTestId('participant-row');
    await row.waitFor();
    assert.match(await visibleText(row), /Messaging Platform A[\s\S]*Affected platform[\s\S]*Not opened yet/);
  });

  step('records two disagreeing accounts, marks them as conflicting and shows them side by side', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Chronology' }).click();
    await page.getByTestId('chronology').waitFor();

    const addEntry = async (
      text: string,
      source: { kind: string; title: string; saidBy: string; organization?: RegExp },
      shareWithA: boolean,
    ) => {
      await page.getByRole('button', { name: 'Add entry' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add to the chronology' });
      await dialog.getByLabel('Date', { exact: true }).fill('2019-07-26');
      await choose(page, dialog, 'Time zone', /^Asia\/Kolkata/, 'Kolkata');
      await dialog.getByRole('textbox', { name: 'What happened' }).fill(text);
      await choose(page, dialog, /^Kind/, source.kind);
      await dialog.getByRole('textbox', { name: /^Title/ }).fill(source.title);
      await dialog.getByRole('textbox', { name: /^Said by/ }).fill(source.saidBy);
      if (source.organization) await choose(page, dialog, /^Organization/, source.organization);
      await dialog.getByLabel('Date of the source').fill('2019-07-26');
      if (shareWithA) await choose(page, dialog, /^Share with/, /^Messaging Platform A/);
      await dialog.getByRole('button', { name: 'Add entry' }).click();
      await dialog.waitFor({ state: 'hidden' });
    };
    await addEntry(NOT_DISCLOSED, { kind: 'Meeting', title: 'Minutes of the meeting of 26 July 2019', saidBy: 'CERT note-taker' }, true);
    await addEntry(
      DISCLOSED,
      { kind: 'Statement', title: 'Statement to the CERT', saidBy: 'Head of security', organization: /^Messaging Platform A/ },
      false,
    );

    const first = page.getByTestId('timeline-entry').filter({ hasText: NOT_DISCLOSED });
    assert.match(
      await visibleText(first),
      /26 July 2019[\s\S]*Minutes of the meeting of 26 July 2019 — said by CERT note-taker, 26 Jul 2019/,
    );
    const second = page.getByTestId('timeline-entry').filter({ hasText: DISCLOSED });
    assert.match(await visibleText(second), /Statement to the CERT — said by Head of security, Messaging Platform A, 26 Jul 2019/);

    await first.getByRole('button', { name: 'Entry actions' }).click();
    await page.getByRole('menuitem', { name: 'Mark as conflicting…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark as conflicting' });
    await choose(page, dialog, /^Conflicts with/, /The platform states/);
    await dialog
      .getByRole('textbox', { name: 'How they disagree' })
      .fill('The minutes record no disclosure; the platform says it disclosed the flaw.');
    await dialog.getByRole('button', { name: 'Mark as conflicting' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const pair = page.getByTestId('conflict-pair');
    await pair.waitFor();
    const sides = pair.getByTestId('conflict-side');
    assert.equal(await sides.count(), 2);
    const [left, right] = [await visibleText(sides.nth(0)), await visibleText(sides.nth(1))];
    assert.ok([left, right].some((t) => t.includes(NOT_DISCLOSED)) && [left, right].some((t) => t.includes(DISCLOSED)));
    // Two columns: the sides sit next to each other, not one under the other.
    const [boxA, boxB] = [await sides.nth(0).boundingBox(), await sides.nth(1).boundingBox()];
    assert.ok(boxA && boxB && Math.abs(boxA.y - boxB.y) < 2 && boxB.x > boxA.x + boxA.width - 1);
    assert.match(await visibleText(pair.getByTestId('conflict-note')), /the platform says it disclosed the flaw/);
    await screenshot(page, 'incident-chronology');
  });

  step('shows organization A’s member the portal view: summary and shared entries only', async () => {
    await switchUser(browser, server.world.users.org_member);
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Your incidents' }).waitFor();
    await page.getByTestId('incident-row').click();
    await page.getByTestId('portal-notice').waitFor();
    await page.getByTestId('timeline-entry').first().waitFor();
    const main = await visibleText(page.locator('main'));
    assert.match(main, /voice-call stack/);
    assert.match(main, /as affected platform/);
    assert.ok(main.includes(NOT_DISCLOSED), 'the entry shared with A is shown');
    assert.ok(!main.includes(DISCLOSED), 'the entry not shared with A is not shown');
    assert.equal(await page.getByRole('tab', { name: 'Participants' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Edit' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Change status' }).count(), 0);
    assert.doesNotMatch(main, /Owner|Affected people|Related incidents/);
    await screenshot(page, 'incident-portal');
  });

  step('tells a user of organization B that the incident is not found', async () => {
    await switchUser(browser, server.world.users.org_member_b);
    const { page } = browser;
    await page.goto(incidentUrl);
    await page.getByText('Incident not found').waitFor();
    assert.doesNotMatch(await visibleText(page.locator('main')), /voice-call/);
  });

  it('ran without console errors or CSP violations', () => {
    assert.deepEqual(browser.consoleErrors, []);
  });
});
