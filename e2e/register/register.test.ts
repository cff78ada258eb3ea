/**
 * The register of affected persons through the browser. An administrator opens the
 * incident's "Affected persons" tab: the counts are there for everyone, the register is
 * need-to-know. They grant themself access in the grants section (the grant is the
 * record), the register asks why before it lists anything, a person is added (a phone
 * number not in E.164 form is refused at its field) and listed masked; revealing the row
 * shows the name, and leaving the tab hides it again. The notification is recorded, past
 * a version conflict. Then a platform's list is imported: a file that is not UTF-8 is
 * refused in the browser, a file with one bad phone number is reported by line and
 * nothing is imported, the corrected file imports; the export holds the identities. The
 * administrator sets the date from which identities are erased and a legal hold with its
 * reason, then lifts the hold. The platform sees in its portal the persons it reported,
 * without names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { readmeShot } from '../notices/notice-steps.ts';
import { createIncidentWithPlatform } from '../support/api-setup.ts';
import { openBrowser, screenshot, settledCount, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn, switchUser } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';
import { storySteps } from '../support/steps.ts';

const NAME = 'Meera Krishnan';
const IMPORTED = ['Arun Mehta', 'Farah Siddiqui'];

const csvFile = (name: string, text: string | Buffer) => ({
  name,
  mimeType: 'text/csv',
  buffer: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
});
const BAD_FILE = csvFile(
  'platform-list.csv',
  `Name,Phone,Country,Reference\r\n${IMPORTED[0]},+919800000101,IN,MPA-0101\r\n${IMPORTED[1]},0098 7654,IN,MPA-0102\r\n`,
);
const GOOD_FILE = csvFile(
  'platform-list-corrected.csv',
  `Name,Phone,Country,Reference\r\n${IMPORTED[0]},+919800000101,IN,MPA-0101\r\n${IMPORTED[1]},+91 98000 00202,IN,MPA-0102\r\n`,
);
// "José" in Windows-1252: the é is one byte that is not UTF-8.
const LATIN1_FILE = csvFile('latin1.csv', Buffer.from('Name,Phone,Country\r\nJos\xe9 Silva,+351912345678,PT\r\n', 'latin1'));

async function csrf(page: Page): Promise<Record<string, string>> {
  const me = await (await page.request.get('/api/v1/me')).json();
  return { 'x-csrf-token': me.csrfToken };
}

/** Opens a select by its label, types to narrow long lists, and picks the option. */
async function choose(page: Page, scope: Locator | Page, label: string | RegExp, option: string | RegExp, search?: string) {
  const input = scope.getByLabel(label, { exact: typeof label === 'string' }).first();
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

/** Picks a file through the button's file chooser, as a person would. */
async function pick(page: Page, button: Locator, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await button.click();
  await (await chooser).setFiles(file);
}

describe('the register of affected persons: need-to-know, purpose, reveal, import', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let incidentId = '';
  const step = storySteps();

  const register = (page: Page) => page.getByTestId('register');
  const row = (page: Page, label: string) => page.locator(`[data-testid="person-row"][data-label="${label}"]`);
  const countRow = (page: Page, group: string, key: string) =>
    page.getByTestId(`counts-${group}`).locator(`[data-testid="count-row"][data-key="${key}"]`);
  const reconciliation = (page: Page, country: string) => page.locator(`[data-testid="reconciliation-row"][data-country="${country}"]`);

  async function openRegister(page: Page, purpose: string) {
    await register(page).getByRole('button', { name: 'Open the register…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why are you opening the register?' });
    await dialog.getByRole('radio', { name: purpose }).check();
    await dialog.getByRole('button', { name: 'Open the register' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('purpose-banner').waitFor();
  }

  before(async () => {
    server = await startServer();
    browser = await openBrowser(server.baseUrl);
    await signIn(browser.page, server.world.users.admin);
    await browser.page.getByTestId('welcome').waitFor();
    incidentId = await createIncidentWithPlatform(browser.page, server.world.orgA.id);
    // What the platform stated: three users in India.
    const stated = await browser.page.request.post(`/api/v1/incidents/${incidentId}/affected-counts`, {
      headers: await csrf(browser.page),
      data: {
        country: 'IN',
        count: 3,
        asOf: '2019-10-31',
        source: 'Platform letter of 31 October 2019',
        sourceOrganizationId: server.world.orgA.id,
      },
    });
    assert.equal(stated.status(), 200, await stated.text());
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  step('the tab shows the counts to everyone, and the register is need-to-know without a grant', async () => {
    const { page } = browser;
    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole('tab', { name: 'Affected persons' }).click();
    await page.getByText('Nobody is registered yet').waitFor();
    const india = reconciliation(page, 'IN');
    assert.match(await visibleText(india), /India\s+IN\s+3\s+0\s+−3/);
    assert.equal(await india.getByTestId('difference').locator('.mantine-Badge-root').count(), 1, 'a difference is highlighted');
    const message = await visibleText(page.getByTestId('need-to-know'));
    assert.match(message, /Administrators and the incident's coordinators can grant access/);
    assert.equal(await page.getByTestId('register-table').count(), 0);
  });

  step('the administrator grants themself access in the grants section', async () => {
    const { page } = browser;
    const grants = page.getByTestId('register-grants');
    await grants.getByText('Nobody has access yet').waitFor();
    await grants.getByRole('button', { name: 'Grant access' }).click();
    const form = page.getByRole('form', { name: 'Grant access to the register' });
    await choose(page, form, /^Staff member/, /^Test admin \(you\)/, 'Test admin');
    await form.getByLabel(/^Reason/).fill('Notifying the persons in India with the platform');
    await screenshot(page, 'register-grant-form');
    await form.getByRole('button', { name: 'Grant access' }).click();
    await form.waitFor({ state: 'hidden' });
    const granted = grants.getByTestId('grant-row');
    await granted.waitFor();
    assert.match(await visibleText(granted), /Test admin \(you\)[\s\S]*Test admin[\s\S]*Notifying the persons in India[\s\S]*LIVE/);
  });

  step('the register asks for a purpose before it lists anything', async () => {
    const { page } = browser;
    await register(page).getByText('Say why you are opening the register').waitFor();
    assert.equal(await page.getByTestId('register-table').count(), 0, 'nothing is listed before the purpose');
    await register(page).getByRole('button', { name: 'Open the register…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why are you opening the register?' });
    assert.match(
      await visibleText(dialog.getByTestId('grant-expiry')),
      /Your access to this register ends on \d{1,2} \w{3} \d{4}, 23:59 CET \(in 3[01] days\)/,
    );
    const open = dialog.getByRole('button', { name: 'Open the register' });
    assert.equal(await open.isDisabled(), true);
    await dialog.getByRole('radio', { name: 'Other (say why)' }).check();
    assert.equal(await open.isDisabled(), true, '"other" needs a text');
    await dialog.getByLabel(/^Say why/).fill('Checking the list against the platform letter');
    assert.equal(await open.isDisabled(), false);
    await screenshot(page, 'register-purpose');
    await dialog.getByRole('radio', { name: 'To notify the person' }).check();
    await open.click();
    await dialog.waitFor({ state: 'hidden' });
    assert.match(
      await visibleText(page.getByTestId('purpose-banner')),
      /Purpose: To notify the person\. Every identity you reveal or export is recorded/,
    );
    await register(page).getByText('The register is empty').waitFor();
  });

  step('adding a person: a phone number not in E.164 form is refused at its field, then the person is listed masked', async () => {
    const { page } = browser;
    await register(page).getByRole('button', { name: 'Add person' }).click();
    const form = page.getByRole('form', { name: 'Add a person' });
    await form.getByLabel('Name', { exact: true }).fill(NAME);
    await form.getByLabel('Phone number').fill('98123 45678');
    await choose(page, form, /^Country/, 'India (IN)', 'India');
    await choose(page, form, /^Category/, 'Journalist');
    await form.getByRole('radio', { name: 'Compromised (confirmed)' }).check();
    await choose(page, form, 'Source organization', 'Messaging Platform A');
    await form.getByLabel('Their reference').fill('MPA-0042');
    await form.getByRole('button', { name: 'Add person' }).click();
    const phone = form.getByLabel('Phone number');
    await form.getByText(/The phone number is not in E\.164 form/).waitFor();
    assert.equal(await phone.getAttribute('aria-invalid'), 'true', 'the refusal is shown at the phone field');
    await screenshot(page, 'register-add-refused');

    await phone.fill('+91 98123 45678');
    await form.getByRole('button', { name: 'Add person' }).click();
    await form.waitFor({ state: 'hidden' });
    const person = row(page, 'P-0001');
    await person.waitFor();
    const text = await visibleText(person);
    assert.match(
      text,
      /P-0001[\s\S]*phone hidden[\s\S]*India[\s\S]*Journalist\s+Compromised \(confirmed\)[\s\S]*Messaging Platform A\s+MPA-0042[\s\S]*NOT NOTIFIED/,
    );
    assert.equal(await person.getByTestId('identity').getAttribute('data-masked'), 'true');
    assert.ok(!(await visibleText(page.locator('body'))).includes(NAME), 'the name is nowhere on the page');
    await readmeShot(page, 'register-masked');
  });

  step('revealing the row shows the name, and leaving the tab hides it again', async () => {
    const { page } = browser;
    const person = row(page, 'P-0001');
    await person.getByRole('button', { name: 'Reveal P-0001' }).click();
    await person.locator('[data-testid="identity"][data-masked="false"]').waitFor();
    assert.equal(await visibleText(person.getByTestId('identity-name')), NAME);
    assert.equal(await visibleText(person.getByTestId('identity-identifiers')), '+919812345678');
    await readmeShot(page, 'register-revealed');

    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('tab', { name: 'Affected persons' }).click();
    await register(page).getByText('Say why you are opening the register').waitFor();
    assert.ok(!(await visibleText(page.locator('body'))).includes(NAME));
    assert.ok(!page.url().includes('purpose'), 'nothing of the purpose or identities is in the address');
    await openRegister(page, 'To notify the person');
    await row(page, 'P-0001').waitFor();
    assert.equal(await row(page, 'P-0001').getByTestId('identity').getAttribute('data-masked'), 'true');
  });

  step('the counts show the person, and the difference from the stated figure', async () => {
    const { page } = browser;
    assert.match(await visibleText(page.getByTestId('register-total')), /^1 person registered/);
    assert.match(await visibleText(countRow(page, 'country', 'IN')), /India\s+1/);
    assert.match(await visibleText(countRow(page, 'category', 'journalist')), /Journalist\s+1/);
    assert.match(await visibleText(countRow(page, 'how', 'compromised_confirmed')), /Compromised \(confirmed\)\s+1/);
    assert.match(await visibleText(countRow(page, 'notification', 'not_notified')), /Not notified\s+1/);
    assert.match(await visibleText(reconciliation(page, 'IN')), /India\s+IN\s+3\s+1\s+−2/);
  });

  step('the notification is recorded; a change made meanwhile is shown, not overwritten', async () => {
    const { page } = browser;
    const person = row(page, 'P-0001');
    await person.getByRole('button', { name: 'Actions for P-0001' }).click();
    await page.getByRole('menuitem', { name: 'Record notification…' }).click();
    const form = page.getByRole('form', { name: 'Notification of P-0001' });
    await form.waitFor();
    // Someone else changes the entry meanwhile.
    const list = await (await page.request.get(`/api/v1/incidents/${incidentId}/affected-persons`)).json();
    const entry = list.items[0];
    const changed = await page.request.patch(`/api/v1/incidents/${incidentId}/affected-persons/${entry.id}`, {
      headers: await csrf(page),
      data: { version: entry.version, sourceReference: 'MPA-0042-A' },
    });
    assert.equal(changed.status(), 200, await changed.text());
    await choose(page, form, /^Channel/, 'Phone call');
    await form.getByRole('button', { name: 'Save' }).click();
    const conflict = form.getByRole('alert');
    await conflict.waitFor();
    assert.match(await visibleText(conflict), /Someone changed this meanwhile/);
    await screenshot(page, 'register-notification-conflict');
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await form.getByRole('alert').waitFor({ state: 'detached' });
    await choose(page, form, /^Channel/, 'Phone call');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await person.getByText('MPA-0042-A').waitFor();
    assert.match(await visibleText(person.getByTestId('notification-state')), /^NOTIFIED$/);
    assert.match(await visibleText(person), /NOTIFIED\s+\d{1,2} \w{3} \d{4} · Phone call/);
  });

  step('the import wizard refuses a file that is not UTF-8 before sending it', async () => {
    const { page } = browser;
    await register(page).getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import persons from a CSV file' });
    await pick(page, dialog.getByRole('button', { name: 'Choose a CSV file', exact: true }), LATIN1_FILE);
    const refused = dialog.getByTestId('import-file-error');
    await refused.waitFor();
    await screenshot(page, 'register-import-not-utf8');
    assert.match(await visibleText(refused), /latin1\.csv: The file is not UTF-8 text \(line 2/);
    assert.equal(await dialog.getByRole('button', { name: 'Map columns', exact: true }).isDisabled(), true);
  });

  step('a file with one bad phone number: the report names the line, and nothing is imported', async () => {
    const { page } = browser;
    const dialog = page.getByRole('dialog', { name: 'Import persons from a CSV file' });
    await pick(page, dialog.getByRole('button', { name: 'Choose a CSV file', exact: true }), BAD_FILE);
    await dialog.getByTestId('import-preview').waitFor();
    assert.match(await visibleText(dialog.getByTestId('import-file')), /platform-list\.csv\s+\d+ bytes · 2 rows · 4 columns/);
    assert.match(
      await visibleText(dialog.getByTestId('import-preview')),
      /Name\s+Phone\s+Country\s+Reference[\s\S]*Farah Siddiqui\s+0098 7654/,
    );
    await dialog.getByRole('button', { name: 'Map columns', exact: true }).click();
    const mapping = dialog.getByTestId('import-mapping');
    // The columns are recognised by their names.
    assert.equal(await mapping.getByLabel('Column for Name', { exact: true }).inputValue(), 'Name');
    assert.equal(await mapping.getByLabel('Column for Phone number', { exact: true }).inputValue(), 'Phone');
    assert.equal(await mapping.getByLabel('Column for Their reference', { exact: true }).inputValue(), 'Reference');
    assert.equal(
      await dialog.getByRole('button', { name: 'Check', exact: true }).isDisabled(),
      true,
      'category and how affected need a default',
    );
    await choose(page, mapping, 'Default Category', 'Journalist');
    await choose(page, mapping, 'Default How affected', 'Targeted');
    await choose(page, dialog, 'Source organization', 'Messaging Platform A');
    await screenshot(page, 'register-import-mapping');
    await dialog.getByRole('button', { name: 'Check', exact: true }).click();

    const report = dialog.getByTestId('import-report');
    await report.waitFor();
    assert.equal(await visibleText(dialog.getByTestId('report-rows').locator('p').last()), '2');
    assert.equal(await visibleText(dialog.getByTestId('report-valid').locator('p').last()), '1');
    assert.equal(await visibleText(dialog.getByTestId('report-problems').locator('p').last()), '1');
    const problem = dialog.getByTestId('import-problem');
    assert.equal(await settledCount(problem, 1), 1);
    assert.equal(await problem.getAttribute('data-row'), '3');
    assert.equal(await problem.getAttribute('data-field'), 'phone');
    assert.match(await visibleText(problem), /^3\s+Phone number\s+column “Phone”\s+"0098 7654" is not an E\.164 phone number/);
    assert.equal(await dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled(), true);
    await readmeShot(page, 'register-import-report');
    const count = await (await page.request.get(`/api/v1/incidents/${incidentId}/affected-persons/counts`)).json();
    assert.equal(count.total, 1, 'a check writes nothing');
  });

  step('the corrected file imports, with progress, and the counts and the export follow', async () => {
    const { page } = browser;
    const dialog = page.getByRole('dialog', { name: 'Import persons from a CSV file' });
    await dialog.getByRole('button', { name: 'Choose a corrected file', exact: true }).click();
    await pick(page, dialog.getByRole('button', { name: 'Choose another file', exact: true }), GOOD_FILE);
    await dialog.getByText('platform-list-corrected.csv').first().waitFor();
    await dialog.getByRole('button', { name: 'Map columns', exact: true }).click();
    await dialog.getByRole('button', { name: 'Check', exact: true }).click();
    await dialog.getByTestId('report-clean').waitFor();
    await dialog.getByRole('button', { name: 'Import 2 persons', exact: true }).click();
    const done = dialog.getByTestId('report-clean');
    await done.getByText('2 persons were added to the register.').waitFor();
    await screenshot(page, 'register-import-done');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    await row(page, 'P-0003').waitFor();
    assert.match(await visibleText(row(page, 'P-0002')), /Journalist\s+Targeted[\s\S]*Messaging Platform A\s+MPA-0101/);
    assert.match(await visibleText(page.getByTestId('register-count')), /^3 persons$/);
    await page.getByTestId('register-total').getByText('3').waitFor();
    assert.match(await visibleText(reconciliation(page, 'IN')), /India\s+IN\s+3\s+3\s+0/);
    const body = await visibleText(page.locator('body'));
    for (const name of IMPORTED) assert.ok(!body.includes(name), `${name} is masked`);

    await register(page).getByRole('button', { name: 'Reveal this page' }).click();
    await row(page, 'P-0003').locator('[data-testid="identity"][data-masked="false"]').waitFor();
    assert.equal(await visibleText(row(page, 'P-0003').getByTestId('identity-name')), IMPORTED[1]);
    assert.equal(await visibleText(row(page, 'P-0003').getByTestId('identity-identifiers')), '+919800000202');

    await register(page).getByRole('button', { name: 'Export CSV' }).click();
    const confirm = page.getByRole('dialog', { name: 'Export identities as CSV' });
    assert.match(await visibleText(confirm), /recorded in the audit log with your purpose: “To notify the person”/);
    const download = page.waitForEvent('download');
    await confirm.getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^INC-\d{4}-\d{4}-affected-persons\.csv$/);
    const csv = readFileSync((await file.path()) as string, 'utf8');
    assert.match(csv.split('\r\n')[0], /^"?person"?,"?name"?,"?phone"?/);
    for (const name of [NAME, ...IMPORTED]) assert.ok(csv.includes(name), `${name} is in the export`);
    await confirm.waitFor({ state: 'hidden' });
    assert.deepEqual(browser.consoleErrors, []);
  });

  step('the administrator sets a retention date and a legal hold with its reason, then lifts the hold', async () => {
    const { page } = browser;
    // The identities shown for the notification work are hidden before turning to the retention.
    await register(page).getByRole('button', { name: 'Hide identities' }).click();
    const card = page.getByTestId('register-retention');
    assert.match(await visibleText(card.getByTestId('retention-date')), /Kept until someone sets a date/);
    await card.getByRole('button', { name: 'Change retention' }).click();
    const form = page.getByRole('form', { name: 'Retention and legal hold' });
    const save = form.getByRole('button', { name: 'Save' });
    const date = form.getByLabel('Erase identities from');
    // The browser's today, as the form reckons it.
    const today = await page.evaluate(() => new Date().toLocaleDateString('sv'));
    await date.fill(today);
    await form.getByText('Choose a date after today.').waitFor();
    assert.equal(await save.isDisabled(), true);
    const year = Number(today.slice(0, 4)) + 1;
    await date.fill(`${year}-12-31`);
    await form.getByRole('switch', { name: 'Legal hold' }).check();
    assert.equal(await save.isDisabled(), true, 'a hold needs its reason');
    await form
      .getByLabel(/^Why the register is held/)
      .fill('Preservation order of the Delhi High Court, 12 March, in the complaint against the vendor');
    await screenshot(page, 'register-retention-form');
    await save.click();
    await form.waitFor({ state: 'hidden' });
    assert.match(
      await visibleText(card.getByTestId('retention-date')),
      new RegExp(`31 Dec ${year}\\s+Suspended while the legal hold lasts`),
    );
    assert.match(
      await visibleText(card.getByTestId('legal-hold')),
      /ON HOLD\s+Erasure is suspended: Preservation order of the Delhi High Court, 12 March/,
    );
    await readmeShot(page, 'register-retention', card);

    await card.getByRole('button', { name: 'Change retention' }).click();
    await form.getByRole('switch', { name: 'Legal hold' }).uncheck();
    await save.click();
    await form.waitFor({ state: 'hidden' });
    assert.match(await visibleText(card.getByTestId('legal-hold')), /None: erasure goes ahead on the date/);
    assert.match(await visibleText(card.getByTestId('retention-date')), new RegExp(`31 Dec ${year}$`));
    assert.deepEqual(browser.consoleErrors, []);
  });

  step('the platform sees the persons it reported in its portal, by its references, without names', async () => {
    await switchUser(browser, server.world.users.org_member);
    const { page } = browser;
    await page.goto(`/incidents/${incidentId}`);
    const card = page.getByTestId('supplied-persons');
    await card.waitFor();
    const rows = card.getByTestId('supplied-row');
    assert.equal(await settledCount(rows, 3), 3);
    assert.match(await visibleText(rows.nth(0)), /MPA-0042-A\s+CERT no\. P-0001\s+NOTIFIED\s+\d{1,2} \w{3} \d{4}/);
    assert.match(await visibleText(rows.nth(1)), /MPA-0101\s+CERT no\. P-0002\s+NOT NOTIFIED/);
    assert.match(await visibleText(card.getByTestId('supplied-tally')), /2 not notified\s+1 notified/);
    const body = await visibleText(page.locator('body'));
    for (const name of [NAME, ...IMPORTED]) assert.ok(!body.includes(name));
    await readmeShot(page, 'portal-supplied-persons', card);
    assert.deepEqual(browser.consoleErrors, []);
  });
});
