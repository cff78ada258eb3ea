/**
 * Incident reports through the browser: a messaging platform regulated in India as an
 * intermediary noticed spyware eight hours ago. Its member files CERT-In's six-hour report
 * from the portal ("Report an incident"): the report is two hours late, fixed at filing.
 * The CERT asks for a revision from the incident's Reports tab; the platform answers with
 * a second version starting from its first answers; the CERT accepts it.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { choose, switchUser } from '../notices/notice-steps.ts';
import { openBrowser, screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';
import { storySteps } from '../support/steps.ts';

const VIEWER_ZONE = 'Europe/Amsterdam';

/** An instant as a datetime-local input reads it on the clock of a zone. */
function localInput(at: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

async function setUpCase(page: Page, organizationId: string): Promise<{ id: string; reference: string }> {
  const headers = { 'x-csrf-token': (await (await page.request.get('/api/v1/me')).json()).csrfToken };
  const organization = await (await page.request.get(`/api/v1/organizations/${organizationId}`)).json();
  const regulated = await page.request.patch(`/api/v1/organizations/${organizationId}`, {
    headers,
    data: { version: organization.version, regulatedAs: ['intermediary'], operatesIn: ['IN'] },
  });
  assert.equal(regulated.status(), 200, await regulated.text());
  const categories = (await (await page.request.get('/api/v1/incident-categories')).json()).items as Array<{ id: string; code: string }>;
  const incident = await page.request.post('/api/v1/incidents', {
    headers,
    data: {
      title: 'Spyware delivered through a missed call',
      severity: 'critical',
      tlp: 'AMBER',
      categoryId: categories.find((c) => c.code === 'malicious-code')?.id,
    },
  });
  assert.equal(incident.status(), 201, await incident.text());
  const { id, reference } = await incident.json();
  const participant = await page.request.post(`/api/v1/incidents/${id}/participants`, {
    headers,
    data: { organizationId, role: 'affected_platform' },
  });
  assert.equal(participant.status(), 201, await participant.text());
  return { id, reference };
}

describe('incident reports: filed from the portal, reviewed, revised and accepted', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let incident = { id: '', reference: '' };
  let reportUrl = '';
  const step = storySteps();

  const reportDrawer = (page: Page) => page.getByRole('dialog', { name: 'MP-2025-0042' });
  async function openReportInIncident(page: Page) {
    await page.goto(`/incidents/${incident.id}?tab=reports`);
    await page.getByRole('button', { name: 'Open report MP-2025-0042' }).click();
    await reportDrawer(page).getByTestId('report-detail').waitFor();
  }

  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.baseUrl);
    await signIn(browser.page, server.world.users.admin);
    await browser.page.getByTestId('welcome').waitFor();
    incident = await setUpCase(browser.page, server.world.orgA.id);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  step('the platform files the six-hour report from the portal, eight hours after noticing: two hours late', async () => {
    await switchUser(browser, server.world.users.org_member);
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByText('No reports yet').waitFor();
    await page.getByRole('link', { name: 'Report an incident' }).click();
    const form = page.getByTestId('report-form');
    await form.waitFor();
    await choose(page, form, 'Rule', /dir\. \(ii\), Annexure I \(6 hours\)/, 'Annexure I');
    assert.match(await visibleText(form.getByTestId('rule-summary')), /six hours of noticing it/);
    await form.getByLabel('Your reference').fill('MP-2025-0042');
    await choose(page, form, 'Incident', new RegExp(`${incident.reference} · Spyware`));
    const noticed = new Date(Date.now() - 8 * 3600_000);
    await form.getByLabel('Noticed by the organization: date and time').fill(localInput(noticed, VIEWER_ZONE));
    const questions = form.getByTestId('report-question');
    assert.equal(await questions.count(), 3);
    assert.match(await visibleText(questions.nth(1)), /Incident report in the format on the CERT-In website \(optional\)/);

    await form.getByRole('button', { name: 'Submit report' }).click();
    assert.match(await visibleText(questions.first()), /Answer this question before submitting/);
    await form.getByLabel('Answer to question 1').fill('A crafted missed call installed spyware on the devices of about 1,400 users.');
    await screenshot(page, 'report-form');
    await form.getByRole('button', { name: 'Submit report' }).click();
    const confirm = page.getByRole('dialog', { name: 'Submit your report?' });
    await confirm.getByRole('button', { name: 'Submit report' }).click();

    await page.getByTestId('report-reference').waitFor();
    reportUrl = new URL(page.url()).pathname;
    assert.match(reportUrl, /^\/portal\/reports\/[0-9a-f-]{36}$/);
    assert.equal((await visibleText(page.getByTestId('report-status'))).toLowerCase(), 'awaiting review');
    assert.equal((await visibleText(page.getByTestId('report-lateness'))).toLowerCase(), '2 h late');
    assert.match(await visibleText(page.getByTestId('report-versions')), /Version 1[\s\S]*in the portal[\s\S]*about 1,400 users/);
    await screenshot(page, 'report-filed');
  });

  step("the CERT asks for a revision from the incident's Reports tab", async () => {
    await switchUser(browser, server.world.users.admin);
    const { page } = browser;
    await openReportInIncident(page);
    const row = page.getByTestId('report-row').filter({ hasText: 'MP-2025-0042' });
    assert.match(await visibleText(row), /Messaging Platform A/);
    const drawer = reportDrawer(page);
    await drawer.getByRole('button', { name: 'Ask for a revision' }).click();
    const ask = page.getByRole('dialog', { name: 'Ask Messaging Platform A to revise' });
    await ask.getByRole('button', { name: 'Ask for a revision' }).click();
    await ask.getByText('Say what the organization should revise.').waitFor();
    await ask.getByLabel('What should change').fill('Give the number of affected users in India.');
    await ask.getByRole('button', { name: 'Ask for a revision' }).click();
    await ask.waitFor({ state: 'hidden' });
    await drawer.getByTestId('report-reviews').waitFor();
    assert.equal((await visibleText(drawer.getByTestId('report-status').first())).toLowerCase(), 'revision required');
    await screenshot(page, 'report-revision-asked');
  });

  step('the platform submits a second version, starting from its first answers; the first stays as it was', async () => {
    await switchUser(browser, server.world.users.org_member);
    const { page } = browser;
    await page.goto('/portal/reports');
    await page.getByRole('link', { name: 'MP-2025-0042' }).click();
    assert.match(await visibleText(page.getByTestId('revision-asked')), /Give the number of affected users in India\./);
    const revision = page.getByTestId('revision-form');
    const first = revision.getByLabel('Answer to question 1');
    assert.equal(await first.inputValue(), 'A crafted missed call installed spyware on the devices of about 1,400 users.');
    await first.fill('A crafted missed call installed spyware on the devices of about 1,400 users, 1,100 of them in India.');
    await revision.getByRole('button', { name: 'Submit version 2' }).click();
    await page.getByRole('dialog', { name: 'Submit a new version?' }).getByRole('button', { name: 'Submit version' }).click();
    await page.getByText('Version 2 (latest)').waitFor();
    assert.equal((await visibleText(page.getByTestId('report-status'))).toLowerCase(), 'awaiting review');
    assert.equal(
      (await visibleText(page.getByTestId('report-lateness'))).toLowerCase(),
      '2 h late',
      'the lateness is fixed at first filing',
    );
    await page.getByRole('button', { name: /^Version 1 ·/ }).click();
    assert.match(
      await visibleText(page.getByTestId('report-versions')),
      /Revision required[\s\S]*Give the number of affected users in India/i,
    );
    await screenshot(page, 'report-revised');
  });

  step('the CERT accepts the second version', async () => {
    await switchUser(browser, server.world.users.admin);
    const { page } = browser;
    await openReportInIncident(page);
    const drawer = reportDrawer(page);
    await drawer.getByRole('button', { name: 'Accept version 2' }).click();
    await drawer.getByText('Accepted', { exact: true }).first().waitFor();
    assert.equal((await visibleText(drawer.getByTestId('report-status').first())).toLowerCase(), 'accepted');
    assert.deepEqual(browser.consoleErrors, []);
  });
});
