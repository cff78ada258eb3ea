/**
 * Obligations through the browser: a 2025 case of spyware delivered through a missed call
 * to a messaging platform regulated in India as an intermediary. The platform noticed it
 * on 3 March 2025 at 10:00 IST and filed no report: the incident's Obligations tab shows
 * CERT-In's six-hour report as missed, on the viewer's clock with the zone named, and the
 * explanation says why (six hours from noticing). The Deadlines calendar of March 2025
 * marks it overdue. The platform's member sees its own obligations in the portal and
 * files the report, long after the six hours: the CERT then sees it met late, the
 * Compliance dashboard counts it as late, and its CSV lists it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { recomputeBatch } from '../../apps/server/src/modules/obligations/obligation-jobs.ts';
import { openBrowser, screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn, switchUser } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';
import { storySteps } from '../support/steps.ts';

const NOTICED_AT = '2025-03-03T04:30:00Z';

async function csrf(page: Page): Promise<Record<string, string>> {
  const me = await (await page.request.get('/api/v1/me')).json();
  return { 'x-csrf-token': me.csrfToken };
}

/** The platform regulated in India, a 2025 malicious-code incident it takes part in, and when it noticed it. */
async function setUpCase(page: Page, organizationId: string): Promise<string> {
  const headers = await csrf(page);
  const organization = await (await page.request.get(`/api/v1/organizations/${organizationId}`)).json();
  const regulated = await page.request.patch(`/api/v1/organizations/${organizationId}`, {
    headers,
    data: { version: organization.version, regulatedAs: ['intermediary'], operatesIn: ['IN'] },
  });
  assert.equal(regulated.status(), 200, await regulated.text());
  const categories = (await (await page.request.get('/api/v1/incident-categories')).json()).items as Array<{ id: string; code: string }>;
  const category = categories.find((c) => c.code === 'malicious-code');
  assert.ok(category, 'the malicious-code category is seeded');
  const incident = await page.request.post('/api/v1/incidents', {
    headers,
    data: {
      title: 'Spyware delivered through a missed call (2025)',
      severity: 'critical',
      tlp: 'AMBER',
      categoryId: category.id,
      keyTimes: { occurred: { at: '2025-03-02T18:30:00Z', timeZone: 'Asia/Kolkata' } },
    },
  });
  assert.equal(incident.status(), 201, await incident.text());
  const incidentId = (await incident.json()).id as string;
  const participant = await page.request.post(`/api/v1/incidents/${incidentId}/participants`, {
    headers,
    data: { organizationId, role: 'affected_platform' },
  });
  assert.equal(participant.status(), 201, await participant.text());
  const facts = await page.request.put(`/api/v1/incidents/${incidentId}/obligation-facts/${organizationId}`, {
    headers,
    data: { facts: [{ fact: 'noticed_at', at: NOTICED_AT, timeZone: 'Asia/Kolkata', source: 'Platform statement of 4 March 2025' }] },
  });
  assert.equal(facts.status(), 200, await facts.text());
  return incidentId;
}

describe('obligations: the six-hour report, missed, explained, filed late and counted', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let incidentId = '';
  let reference = '';
  const step = storySteps();

  /** Runs the recomputation the writes above enqueued, then waits until the API shows the six-hour duty in the expected state. */
  async function recomputed(state: string) {
    await recomputeBatch({ db: server.database.db, jobs: server.built.jobs, clock: () => new Date() }, [incidentId]);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await browser.page.request.get(`/api/v1/obligations?incidentId=${incidentId}&ruleCode=in-certin-6h`);
      const found = (await response.json()).items?.[0];
      if (found?.state === state) return found;
      if (Date.now() > deadline) assert.fail(`the six-hour obligation is ${found?.state ?? 'not computed'}, not ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const sixHourRow = (page: Page) => page.locator('[data-testid="obligation-row"][data-rule="in-certin-6h"]');

  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.baseUrl);
    await signIn(browser.page, server.world.users.admin);
    await browser.page.getByTestId('welcome').waitFor();
    incidentId = await setUpCase(browser.page, server.world.orgA.id);
    reference = (await (await browser.page.request.get(`/api/v1/incidents/${incidentId}`)).json()).reference;
    await recomputed('missed');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  step('the incident’s Obligations tab shows the six-hour report as missed, on the viewer’s clock, and explains why', async () => {
    const { page } = browser;
    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole('tab', { name: 'Obligations' }).click();
    const section = page.getByTestId('organization-obligations').filter({ hasText: 'Messaging Platform A' });
    await section.waitFor();
    const row = sixHourRow(page);
    assert.equal(await visibleText(row.getByTestId('obligation-state')), 'MISSED');
    const due = await visibleText(row.getByTestId('obligation-due'));
    // 10:30 UTC, six hours after 10:00 IST, is 11:30 in Amsterdam.
    assert.match(due, /Was due 3 Mar 2025, 11:30 CET \(Europe\/Amsterdam\)/);
    assert.match(due, /Late by 1 year \d+ months?/);
    assert.match(await visibleText(row), /IN · CERT-In Directions No\. 20\(3\)\/2022-CERT-In of 28 April 2022 · dir\. \(ii\), Annexure I/);
    assert.match(await visibleText(section.getByTestId('obligation-topic').filter({ has: row })), /^REPORT TO CERT-IN/);
    // The 2013 Rules' "as early as possible" was considered and does not apply to 2025 facts; it waits folded away.
    await section.getByRole('button', { name: '1 rule considered that does not apply' }).click();
    const old = section.locator('[data-testid="obligation-row"][data-rule="in-certin-r12-2013"]');
    await old.waitFor();
    assert.equal(await visibleText(old.getByTestId('obligation-state')), 'NOT APPLICABLE');
    assert.match(await visibleText(old), /2022/, 'it says the 2013 Rules gave way to the Directions');
    // The fact the clock started from, as entered, on the viewer's clock and as recorded in India.
    const fact = await visibleText(section.getByTestId('fact-row').filter({ hasText: 'Noticed by the organization' }));
    assert.match(fact, /3 Mar 2025, 05:30 GMT\+1 \(Europe\/Amsterdam\)/);
    assert.match(fact, /Recorded as 3 Mar 2025, 10:00 GMT\+5:30 \(Asia\/Kolkata\)/);
    assert.match(fact, /Platform statement of 4 March 2025/);
    await screenshot(page, 'obligations-tab-missed');

    await row.getByRole('button', { name: 'Explain in-certin-6h' }).click();
    const drawer = page.getByRole('dialog', { name: /Why: in-certin-6h for Messaging Platform A/ });
    const steps = drawer.getByTestId('explanation-steps');
    await steps.waitFor();
    const text = await visibleText(steps);
    assert.match(text, /6 hours/);
    assert.match(text, /noticed_at|noticed/i);
    assert.match(await visibleText(drawer), /No earlier results/);
    await screenshot(page, 'obligations-explain');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  step('staff record a judgement as a fact, and are told the obligations are being recomputed', async () => {
    const { page } = browser;
    const section = page.getByTestId('organization-obligations').filter({ hasText: 'Messaging Platform A' });
    await section.getByRole('button', { name: 'Edit facts' }).click();
    const form = page.getByRole('form', { name: 'Facts of Messaging Platform A' });
    await form.waitFor();
    await form.locator('[data-fact="personal_data"] label').filter({ hasText: /^No$/ }).click();
    await form
      .getByRole('textbox', { name: 'Personal data involved: source' })
      .fill('Platform statement: message content is end-to-end encrypted');
    await form.getByRole('button', { name: 'Save facts' }).click();
    await page.getByTestId('recomputing').waitFor();
    const fact = await visibleText(section.getByTestId('fact-row').filter({ hasText: 'Personal data involved' }));
    assert.match(fact, /Personal data involved\s+No\s+Platform statement: message content is end-to-end encrypted/);
    await screenshot(page, 'obligations-facts-saved');
    await recomputed('missed');
  });

  step('the Deadlines calendar of March 2025 marks it overdue and leads to the incident', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deadlines' }).click();
    await page.getByTestId('deadline-grid').waitFor();
    await page.goto('/deadlines?month=2025-03');
    assert.equal(await visibleText(page.getByTestId('deadline-month')), 'March 2025');
    const item = page.locator('[data-testid="deadline-day"][data-day="2025-03-03"]').getByTestId('deadline-item');
    await item.waitFor();
    assert.equal(await item.getAttribute('data-overdue'), 'true');
    assert.match(await visibleText(item), new RegExp(`11:30 ${reference} · Messaging Platform A`));
    assert.equal(await visibleText(page.getByTestId('overdue-count')), '1 OVERDUE');
    await screenshot(page, 'deadlines-month');
    await page.getByText('Agenda', { exact: true }).click();
    const agenda = page.getByTestId('agenda-item');
    await agenda.waitFor();
    assert.match(await visibleText(page.getByTestId('deadline-agenda')), /Monday,? 3 March 2025/);
    assert.match(await visibleText(agenda), /Report to CERT-In\s+in-certin-6h/);
    await screenshot(page, 'deadlines-agenda');
    await agenda.getByRole('link', { name: reference }).click();
    await sixHourRow(page).waitFor();
    assert.match(page.url(), new RegExp(`/incidents/${incidentId}\\?tab=obligations$`));
  });

  step('the platform sees its own obligations in the portal and files the report late', async () => {
    await switchUser(browser, server.world.users.org_member);
    const { page } = browser;
    await page.goto(`/incidents/${incidentId}`);
    const card = page.getByTestId('portal-obligations');
    await card.waitFor();
    const row = sixHourRow(page);
    await row.waitFor();
    assert.equal(await visibleText(row.getByTestId('obligation-state')), 'MISSED');
    assert.equal(
      await card.getByRole('button', { name: 'Edit facts' }).count(),
      0,
      'the organization reads its facts, the CERT enters them',
    );
    // Neither the CERT's calendar nor its dashboard is in an organization's navigation.
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Deadlines' }).count(), 0);
    await screenshot(page, 'portal-obligations');

    const filed = await page.request.post('/api/v1/incident-reports', {
      headers: await csrf(page),
      data: {
        ruleCode: 'in-certin-6h',
        externalReference: 'MP-2025-0042',
        incidentId,
        answers: { description: 'A crafted missed call installed spyware on the devices of about 1,400 users.' },
      },
    });
    assert.equal(filed.status(), 201, await filed.text());
    const met = await recomputed('met_late');
    assert.ok(met.lateBySeconds > 365 * 86_400, 'filed more than a year after the due time');
  });

  step('the CERT sees it met late, and the Compliance dashboard counts it as late and exports it', async () => {
    await switchUser(browser, server.world.users.admin);
    const { page } = browser;
    await page.goto(`/incidents/${incidentId}?tab=obligations`);
    const row = sixHourRow(page);
    await row.waitFor();
    assert.equal(await visibleText(row.getByTestId('obligation-state')), 'MET LATE');
    assert.match(
      await visibleText(row.getByTestId('obligation-due')),
      /Was due 3 Mar 2025, 11:30 CET \(Europe\/Amsterdam\)\s+Met .*\(Europe\/Amsterdam\) — 1 year \d+ months? late/,
    );
    await row.getByRole('button', { name: 'Explain in-certin-6h' }).click();
    const history = page.getByRole('dialog').getByTestId('explanation-history');
    await history.waitFor();
    const earlier = history.locator('tbody tr');
    assert.equal(await earlier.count(), 1, 'recomputations that said the same are one earlier result');
    assert.match(await visibleText(earlier), /MISSED\s+3 Mar 2025, 11:30 CET \(Europe\/Amsterdam\)\s+1$/);
    await screenshot(page, 'obligations-met-late');
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compliance', exact: true }).click();
    const rows = page.getByTestId('compliance-rule-row').filter({ hasText: 'Messaging Platform A' }).filter({ hasText: 'in-certin-6h' });
    await rows.waitFor();
    assert.equal(await visibleText(rows.locator('[data-part="late"]')), '1');
    assert.equal(await visibleText(rows.locator('[data-part="missed"]')), '0');
    assert.match(await visibleText(rows), /1 year \d+ months?/, 'the median lateness in human units');
    assert.equal(await visibleText(page.getByTestId('total-late').locator('p').last()), '1');
    const bar = page.getByTestId('compliance-chart').getByRole('img', { name: /^Messaging Platform A:/ });
    assert.match((await bar.getAttribute('aria-label')) ?? '', /1 late/);

    // The period filter: obligations whose clock started in 2024 are none of these.
    await page.getByLabel('Clock started from').fill('2024-01-01');
    await page.getByLabel('to (inclusive)').fill('2024-12-31');
    await page.getByText('No obligations in this period').waitFor();
    await page.getByLabel('Clock started from').fill('2025-03-01');
    await page.getByLabel('to (inclusive)').fill('2025-03-31');
    await rows.waitFor();
    await screenshot(page, 'compliance-dashboard');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const file = await download;
    const csv = readFileSync((await file.path()) as string, 'utf8');
    assert.match(csv.split('\r\n')[0], /^"?incident_reference"?,"?organization"?,"?rule_code"?/);
    const line = csv.split('\r\n').find((l) => l.includes('"in-certin-6h"'));
    assert.ok(line, 'the six-hour obligation is in the CSV');
    assert.ok(line.includes(`"${reference}","Messaging Platform A","in-certin-6h","IN"`));
    assert.ok(line.includes('"met_late"') && line.includes('"2025-03-03T10:30:00.000Z"'));
  });

  step(
    'an administrator edits the six-hour rule: a deadline that does not parse is refused, a change that alters results is confirmed first',
    async () => {
      const { page } = browser;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Obligation rules' }).click();
      const packs = page.getByTestId('rule-pack');
      await packs.first().waitFor();
      assert.deepEqual(await packs.locator('h4').allInnerTexts(), ['EU pack', 'IN pack', 'UK pack', 'US pack']);
      // A rule whose source is not confirmed ships off, with its note.
      const unconfirmed = page.locator('[data-testid="rule-row"][data-code="in-itr21-3-1-l"]');
      assert.equal(await unconfirmed.getByRole('switch', { name: 'in-itr21-3-1-l enabled' }).isChecked(), false);
      assert.match(await visibleText(unconfirmed), /NOT CONFIRMED/);
      const row = page.locator('[data-testid="rule-row"][data-code="in-certin-6h"]');
      assert.match(await visibleText(row), /in-certin-6h\s+IN · v1[\s\S]*dir\. \(ii\), Annexure I[\s\S]*6 hours\s+from 2022-06-27/);
      await screenshot(page, 'rules-admin');

      await row.getByRole('button', { name: 'Edit in-certin-6h' }).click();
      const form = page.getByRole('form', { name: 'Edit in-certin-6h' });
      const json = form.getByRole('textbox', { name: 'Definition (JSON)' });
      const definition = JSON.parse(await json.inputValue());
      assert.equal(definition.deadline, '6 hours');
      await json.fill(JSON.stringify({ ...definition, deadline: '6 days' }, null, 2));
      await form.getByRole('button', { name: 'Save as a new version' }).click();
      const refused = form.getByRole('alert');
      await refused.waitFor();
      assert.match(await visibleText(refused), /The rule was not changed[\s\S]*calendar days or business days/);
      await screenshot(page, 'rules-admin-refused');

      await json.fill(JSON.stringify({ ...definition, deadline: '12 hours' }, null, 2));
      await form.getByRole('textbox', { name: 'Why the change' }).fill('Illustration of a longer deadline');
      await form.getByRole('button', { name: 'Save as a new version' }).click();
      const confirmation = page.getByTestId('rule-change-confirmation');
      await confirmation.waitFor();
      assert.equal(await visibleText(confirmation.getByTestId('changed-count')), '1');
      assert.match(await visibleText(confirmation), /met_late due 2025-03-03T10:30:00\.000Z\s+met_late due 2025-03-03T16:30:00\.000Z/);
      await screenshot(page, 'rules-admin-confirm');
      await confirmation.getByRole('button', { name: 'Change anyway' }).click();
      await confirmation.waitFor({ state: 'hidden' });
      await form.waitFor({ state: 'hidden' });
      assert.match(await visibleText(row), /in-certin-6h\s+IN · v2[\s\S]*12 hours/);
      assert.deepEqual(browser.consoleErrors, []);
    },
  );
});
