/**
 * The meeting of 26 July 2019 through the browser: a coordinator records it on the
 * incident with the platform's vice-president and a ledger row "vulnerability: not
 * asked", sees it on the engagement page and in the chronology at its own date, finds it
 * under the topic in "disclosures by topic", and corrects its date; the platform's own
 * people never see the CERT's record of the meeting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { createIncidentWithPlatform } from '../support/api-setup.ts';
import { signIn } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';
import { storySteps } from '../support/steps.ts';

const TITLE = 'First meeting with the platform on the voice-call exploit';
const SILENCE = 'No mention was made of the vulnerability.';

/** Opens a select by its label, types to narrow long lists, and picks the option. */
async function choose(page: Page, scope: Locator | Page, label: string | RegExp, option: string | RegExp, search?: string) {
  const input = scope.getByLabel(label, { exact: typeof label === 'string' }).first();
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

describe('engagements and the disclosure ledger', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let incidentId = '';
  let engagementUrl = '';
  const step = storySteps();

  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.baseUrl);
    await signIn(browser.page, server.world.users.coordinator);
    await browser.page.getByTestId('welcome').waitFor();
    // The incident and the platform's participation are set up through the API, as the coordinator.
    incidentId = await createIncidentWithPlatform(browser.page, server.world.orgA.id);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  step('records the meeting with its attendees, minutes, an action and the ledger row "vulnerability: not asked"', async () => {
    const { page } = browser;
    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole('tab', { name: 'Engagements' }).click();
    await page.getByText('No engagements recorded yet').waitFor();
    await page.getByRole('link', { name: 'Record engagement' }).click();
    const form = page.getByRole('form', { name: 'New engagement' });
    await form.waitFor();

    // Nothing filled in: the form says what is missing and sends nothing.
    await form.getByRole('button', { name: 'Record engagement' }).click();
    await form.getByText('Give the engagement a title.').waitFor();
    await form.getByText('Enter when it took place.').waitFor();

    await form.getByRole('textbox', { name: 'Title', exact: true }).fill(TITLE);
    await form.getByLabel('Date', { exact: true }).fill('2019-07-26');
    await choose(page, form, 'Time zone', /^Asia\/Kolkata/, 'Kolkata');
    await form.getByRole('textbox', { name: 'Place' }).fill('CERT offices, New Delhi');
    await choose(page, form, 'Attendee 1: organization', /^Messaging Platform A/);
    await form.getByRole('textbox', { name: 'Attendee 1: name' }).fill('A. Person');
    await form.getByRole('textbox', { name: 'Attendee 1: role or title' }).fill('vice-president for policy');
    await form.getByRole('button', { name: 'Add attendee' }).click();
    await choose(page, form, 'Attendee 2: organization', /^Test CERT/);
    await form.getByRole('textbox', { name: 'Attendee 2: name' }).fill('Test coordinator');
    await form.getByRole('textbox', { name: 'Attendee 2: role or title' }).fill('incident coordinator');
    await form.getByRole('textbox', { name: 'Agenda' }).fill('1. The attack\n2. Users affected in India');
    await form.getByRole('textbox', { name: 'Minutes' }).fill('The platform described the attack in **general terms** only.');

    await form.getByRole('button', { name: 'Add ledger row' }).click();
    await form.getByLabel('Ledger row 1: topic', { exact: true }).fill('vulnerability');
    // The only outside organization that attended is already chosen.
    assert.equal(await form.getByLabel('Ledger row 1: organization', { exact: true }).inputValue(), 'Messaging Platform A');
    await choose(page, form, 'Ledger row 1: state', 'Not asked');
    await form.getByRole('textbox', { name: 'Ledger row 1: statement or detail' }).fill(SILENCE);

    await form.getByRole('button', { name: 'Add action' }).click();
    await form.getByRole('textbox', { name: 'Action 1', exact: true }).fill('Send the list of affected users');
    await choose(page, form, 'Action 1: owner', /^Messaging Platform A/);
    await form.getByLabel('Action 1: due').fill('2019-08-09');
    await screenshot(page, 'engagement-form');
    await form.getByRole('button', { name: 'Record engagement' }).click();

    await page.getByTestId('engagement-title').waitFor();
    engagementUrl = new URL(page.url()).pathname;
    assert.match(engagementUrl, /^\/engagements\/[0-9a-f-]{36}$/);
  });

  step('shows the engagement page: date, kind, attendees by organization and role, minutes, action and ledger', async () => {
    const { page } = browser;
    assert.equal(await visibleText(page.getByTestId('engagement-title')), TITLE);
    assert.equal(await visibleText(page.getByTestId('engagement-kind')), 'MEETING');
    assert.equal(await visibleText(page.getByTestId('engagement-date')), '26 July 2019 (Asia/Kolkata)');
    const attendees = await visibleText(page.getByTestId('attendees'));
    assert.match(attendees, /MESSAGING PLATFORM A\s+A\. Person — vice-president for policy/);
    assert.match(attendees, /TEST CERT\s+Test coordinator — incident coordinator/);
    // The minutes' Markdown is rendered as elements.
    assert.equal(await page.getByTestId('markdown').locator('strong').filter({ hasText: 'general terms' }).count(), 1);
    const ledger = page.getByTestId('ledger-row');
    assert.equal(await ledger.count(), 1);
    assert.match(
      await visibleText(ledger),
      /vulnerability\s+Messaging Platform A\s+NOT ASKED\s+No mention was made of the vulnerability\./,
    );
    assert.match(
      await visibleText(page.getByTestId('actions-table')),
      /Send the list of affected users\s+Messaging Platform A\s+9 Aug 2019\s+OVERDUE/,
    );
    await screenshot(page, 'engagement-page');
  });

  step('places the meeting in the chronology at 26 July 2019, in its zone', async () => {
    const { page } = browser;
    await page.goto(`/incidents/${incidentId}?tab=chronology`);
    const entry = page.getByTestId('system-entry').filter({ hasText: TITLE });
    await entry.waitFor();
    assert.match(
      await visibleText(entry),
      new RegExp(`^26 July 2019\\s*\\(Asia/Kolkata\\)[\\s\\S]*Meeting with Messaging Platform A: ${TITLE}`),
    );
    await screenshot(page, 'engagement-in-chronology');
  });

  step('lists the meeting on the incident and under its topic in "disclosures by topic"', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Engagements' }).click();
    const row = page.getByTestId('engagement-row');
    await row.waitFor();
    assert.match(
      await visibleText(row),
      /26 July 2019[\s\S]*First meeting with the platform[\s\S]*Messaging Platform A[\s\S]*NOT ASKED[\s\S]*1 open/i,
    );
    await page.getByRole('link', { name: 'Disclosures by topic' }).click();
    await page.getByRole('textbox', { name: 'Topic' }).fill('Vulnerability');
    const topic = page.getByTestId('disclosure-topic');
    await topic.waitFor();
    assert.match(
      await visibleText(topic),
      /vulnerability[\s\S]*Messaging Platform A[\s\S]*26 July 2019\s+First meeting with the platform[\s\S]*NOT ASKED\s+No mention was made/,
    );
    await screenshot(page, 'disclosures-by-topic');
    await page.getByRole('textbox', { name: 'Topic' }).fill('encryption keys');
    await page.getByText('Nothing on this topic').waitFor();
  });

  step('corrects the date with a reason; the chronology moves and the earlier date stays as history', async () => {
    const { page } = browser;
    await page.goto(engagementUrl);
    await page.getByRole('link', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Correct engagement' });
    await form.getByLabel('Date', { exact: true }).fill('2019-07-25');
    await form.getByRole('textbox', { name: 'Reason for the correction' }).fill('The visitor log shows the 25th');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await page.getByTestId('engagement-title').waitFor();
    assert.equal(await visibleText(page.getByTestId('engagement-date')), '25 July 2019 (Asia/Kolkata)');
    const corrections = page.getByTestId('corrections');
    await corrections.getByText(/^Was: 26 July 2019/).waitFor();
    assert.match(await visibleText(corrections), /The visitor log shows the 25th/);
    await screenshot(page, 'engagement-corrected');
    await page.goto(`/incidents/${incidentId}?tab=chronology`);
    const entry = page.getByTestId('system-entry').filter({ hasText: TITLE });
    await entry.waitFor();
    assert.match(await visibleText(entry), /^25 July 2019\s*\(Asia\/Kolkata\)[\s\S]*CORRECTED/);
  });

  step('keeps the record from the platform’s own people, who take part in the incident', async () => {
    const { page } = browser;
    await browser.context.clearCookies();
    await signIn(page, server.world.users.org_member);
    await page.getByTestId('welcome').waitFor();
    await page.goto(`/incidents/${incidentId}`);
    await page.getByTestId('portal-notice').waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Engagements' }).count(), 0);
    assert.doesNotMatch(await visibleText(page.locator('main')), /First meeting with the platform/);
    await page.goto(engagementUrl);
    await page.getByText('Not available to you').waitFor();
  });

  it('ran without console errors or CSP violations', () => {
    assert.deepEqual(browser.consoleErrors, []);
  });
});
