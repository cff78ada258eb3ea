/**
 * The demo case as a new user meets it after the first `npm start`: the coordinator signs
 * in with the password the start printed, finds the 2019 incident, reads its figures,
 * parties and chronology in date order, the meetings with their disclosure ledger, and the
 * call for submissions of 9 September 2019 with its answers, assessments, clarification
 * and PDF; the platform's member sees its own notices and nothing of the vendor's; the
 * organizations' compliance records show where each notice stands.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { openBrowser, screenshot, settledCount, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn, switchUser } from '../support/sign-in.ts';
import { type E2eDemoServer, startDemoServer } from '../support/start-server.ts';
import { storySteps } from '../support/steps.ts';

const TITLE = "Spyware delivered through a messaging app's voice-call flaw";
const CALL_SUBJECT = "Submissions on the spyware delivered through your app's voice-call flaw";
const VENDOR_SUBJECT = 'Details of the malware and its impact on users in India';
// en-GB writes September short as "Sept" in recent ICU versions and "Sep" in older ones.
const SEPT = 'Sept?';

/** The position of the one item whose text matches, failing if none or several do. */
function indexOf(texts: string[], pattern: RegExp): number {
  const found = texts.flatMap((text, i) => (pattern.test(text) ? [i] : []));
  assert.equal(found.length, 1, `exactly one chronology entry matches ${pattern}; found ${found.length}`);
  return found[0];
}

/** Whether a table ends inside its card, with nothing cut off to scroll sideways to. */
function fitsCard(table: Locator): Promise<boolean> {
  return table.evaluate((el) => {
    const card = el.closest('.mantine-Card-root');
    return !!card && el.getBoundingClientRect().right <= card.getBoundingClientRect().right;
  });
}

describe('the demo case, walked as a new user', () => {
  let server: E2eDemoServer;
  let browser: TestBrowser;
  const step = storySteps();

  before(async () => {
    server = await startDemoServer();
    browser = await openBrowser(server.baseUrl);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  step('the coordinator signs in with the printed password and opens the 2019 incident: counts, CVE, parties', async () => {
    const { page } = browser;
    await signIn(page, server.credential('coordinator'));
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('textbox', { name: 'Search incidents' }).fill('voice-call');
    const rows = page.getByTestId('incident-row');
    await rows.first().waitFor();
    assert.equal(await settledCount(rows, 1), 1);
    assert.match(
      await visibleText(rows),
      /INC-2019-0001[\s\S]*voice-call flaw[\s\S]*COORDINATING[\s\S]*CRITICAL[\s\S]*TLP:AMBER[\s\S]*1,400/,
    );
    await screenshot(page, 'demo-incidents');
    await rows.click();

    await page.getByTestId('incident-title').waitFor();
    assert.equal(await visibleText(page.getByTestId('incident-title')), TITLE);
    assert.equal(await visibleText(page.getByTestId('incident-reference')), 'INC-2019-0001');
    // The platform's figures of 5 September 2019, approximate, with where they come from.
    const counts = page.getByTestId('affected-table');
    await counts.waitFor();
    const source = "The platform's update of its incident report to the CERT, 5 September 2019\\s+Messaging Platform";
    assert.match(await visibleText(counts), new RegExp(`Worldwide\\s+ZZ\\s+≈ 1,400\\s+5 ${SEPT} 2019\\s+${source}`));
    assert.match(await visibleText(counts), new RegExp(`India\\s+IN\\s+≈ 121\\s+5 ${SEPT} 2019\\s+${source}`));
    const main = await visibleText(page.locator('main'));
    assert.match(main, /VULNERABILITIES\s+CVE-2019-3568/);
    assert.match(main, /MALWARE\s+Pegasus/);
    assert.match(main, /OWNER\s+Demo Coordinator/);
    await screenshot(page, 'demo-incident');

    await page.getByRole('tab', { name: 'Participants' }).click();
    const participants = page.getByTestId('participant-row');
    await participants.first().waitFor();
    assert.equal(await settledCount(participants, 3), 3);
    const table = await visibleText(page.getByTestId('participants-table'));
    assert.match(table, /Messaging Platform[\s\S]*Affected platform/);
    assert.match(table, /IT Ministry[\s\S]*Partner authority/);
    assert.match(table, /Spyware Vendor[\s\S]*Suspected vendor/);
  });

  step('the chronology runs in date order from the meetings to the notices of 26 November 2019', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Chronology' }).click();
    const chronology = page.getByTestId('chronology');
    await chronology.waitFor();
    const entries = chronology.locator('[data-testid="timeline-entry"], [data-testid="system-entry"]');
    // 21 entries of the case, and the demo's own note that its register of persons is fictitious.
    assert.equal(await settledCount(entries, 22), 22);
    const texts = await entries.allInnerTexts();
    const order = [
      /^26 July 2019[\s\S]*Meeting with Messaging Platform: First meeting/,
      new RegExp(`^9 September 2019[\\s\\S]*Notice CERT/2019/N-0001 issued to Messaging Platform: ${CALL_SUBJECT}`),
      /^11 September 2019[\s\S]*Meeting with Messaging Platform: Second meeting/,
      /^18 November 2019[\s\S]*Messaging Platform responded to notice CERT\/2019\/N-0001/,
      /^26 November 2019[\s\S]*Notice CERT\/2019\/N-0002 issued to Messaging Platform: Clarification:/,
      new RegExp(`^26 November 2019[\\s\\S]*Notice CERT/2019/N-0003 issued to Spyware Vendor: ${VENDOR_SUBJECT}`),
      /^2 December 2019[\s\S]*Demo only — fictitious: the platform supplies its list/,
    ].map((pattern) => indexOf(texts, pattern));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      `in date order: ${order.join(', ')}`,
    );
    assert.match(texts[0], /^14 May 2019[\s\S]*CVE-2019-3568 is published/);
    // The platform's report of 20 May stands against the CERT's record of the meeting of 26 July.
    const pair = page.getByTestId('conflict-pair');
    assert.match(await visibleText(pair), /20 May 2019[\s\S]*identified and promptly fixed[\s\S]*26 July 2019[\s\S]*First meeting/);
    await screenshot(page, 'demo-chronology');
  });

  step('a meeting shows its ledger, vulnerability not asked; disclosures by topic lists both meetings', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Engagements' }).click();
    const rows = page.getByTestId('engagement-row');
    await rows.first().waitFor();
    assert.equal(await settledCount(rows, 2), 2);
    assert.match(
      await visibleText(rows.nth(0)),
      /26 July 2019[\s\S]*First meeting[\s\S]*Messaging Platform, National CERT[\s\S]*NOT ASKED/,
    );
    assert.match(await visibleText(rows.nth(1)), /11 September 2019[\s\S]*Second meeting[\s\S]*NOT ASKED/);

    await rows
      .nth(0)
      .getByRole('link', { name: /First meeting/ })
      .click();
    await page.getByTestId('engagement-title').waitFor();
    assert.equal(await visibleText(page.getByTestId('engagement-kind')), 'MEETING');
    assert.equal(await visibleText(page.getByTestId('engagement-date')), '26 July 2019 (Asia/Kolkata)');
    assert.match(
      await visibleText(page.getByTestId('attendees')),
      /NATIONAL CERT\s+Demo Coordinator — Coordinator[\s\S]*MESSAGING PLATFORM\s+Representatives of the platform/,
    );
    const ledger = page.getByTestId('ledger-row');
    assert.equal(await ledger.count(), 1);
    assert.match(
      await visibleText(ledger),
      /Vulnerability \(CVE-2019-3568\)\s+Messaging Platform\s+NOT ASKED\s+The vulnerability was not mentioned: the platform did not bring it up/,
    );
    // The ledger is read whole, beside the attendees, without scrolling sideways.
    assert.ok(await fitsCard(page.getByTestId('ledger-table')), 'the ledger fits its card');
    await screenshot(page, 'demo-engagement');

    await page.getByRole('link', { name: 'All engagements by topic' }).click();
    const topic = page.getByTestId('disclosure-topic');
    await topic.waitFor();
    assert.equal(await settledCount(topic, 1), 1);
    assert.equal(await settledCount(topic.getByTestId('disclosure-entry'), 2), 2);
    assert.match(
      await visibleText(topic),
      /Vulnerability \(CVE-2019-3568\)[\s\S]*Messaging Platform[\s\S]*26 July 2019\s+First meeting[\s\S]*NOT ASKED[\s\S]*11 September 2019\s+Second meeting[\s\S]*NOT ASKED/,
    );
    await screenshot(page, 'demo-disclosures');
  });

  step('the notice of 9 September 2019: legal basis, questions, answers beside assessments, clarification and PDF', async () => {
    const { page } = browser;
    await page.goto(`/incidents/${server.demo.incident.id}`);
    await page.getByRole('tab', { name: 'Notices' }).click();
    const notices = page.getByTestId('notice-row');
    await notices.first().waitFor();
    assert.equal(await settledCount(notices, 3), 3);
    await notices.filter({ hasText: 'CERT/2019/N-0001' }).getByRole('link').first().click();
    await page.getByTestId('notice-reference').filter({ hasText: 'CERT/2019/N-0001' }).waitFor();

    const main = await visibleText(page.locator('main'));
    assert.match(main, new RegExp(`${CALL_SUBJECT}, including an audit and inspection of your security system and process`));
    assert.match(main, /To Messaging Platform under s\.70B\(6\), Information Technology Act, 2000/);
    assert.match(await visibleText(page.getByTestId('notice-status').first()), /RESPONDED/);
    assert.match(await visibleText(page.getByTestId('due-countdown')), /^Was due 18 Nov 2019, .* — answered 7 hours 29 minutes before/);
    assert.match(
      await visibleText(page.getByTestId('notice-lifecycle')),
      new RegExp(
        `Draft\\s+9 ${SEPT} 2019[^\\n]*\\s+Demo Analyst[\\s\\S]*Approved[\\s\\S]*Demo Coordinator[\\s\\S]*Issued\\s+9 ${SEPT} 2019[\\s\\S]*` +
          'Acknowledged\\s+18 Nov 2019[\\s\\S]*Platform Contact[\\s\\S]*Responded\\s+18 Nov 2019',
      ),
    );

    // Each question with the platform's answer and the CERT's assessment beside it.
    const questions = page.getByTestId('question-review');
    assert.equal(await settledCount(questions, 3), 3);
    const first = questions.nth(0);
    const [q, a, s] = [first.getByText(/^Describe the vulnerability/), first.getByTestId('answer'), first.getByTestId('assessment')];
    const [bq, ba, bs] = [await q.boundingBox(), await a.boundingBox(), await s.boundingBox()];
    assert.ok(bq && ba && bs && ba.x > bq.x + bq.width - 1 && bs.x > ba.x + ba.width - 1 && Math.abs(ba.y - bs.y) < 4, 'side by side');
    assert.match(await visibleText(a), /identified and promptly fixed/);
    assert.match(await visibleText(s), /NEEDS CLARIFICATION[\s\S]*Demo Coordinator[\s\S]*Technical details of the vulnerability/);
    assert.match(
      await visibleText(questions.nth(1)),
      /How many users in India[\s\S]*About 121 users in India[\s\S]*PARTIAL[\s\S]*names of the users targeted are not/,
    );
    assert.match(
      await visibleText(questions.nth(2)),
      /audit and inspection of your security system and process[\s\S]*ANSWER[\s\S]*audit and inspection/,
    );
    assert.equal(
      await questions.nth(2).getByRole('button', { name: 'Record assessment' }).count(),
      1,
      'the third answer is left to assess',
    );
    await screenshot(page, 'demo-notice');

    // The PDF the page offers is a PDF, and the one whose SHA-256 the page names.
    const href = await page.getByRole('link', { name: 'Download the PDF of CERT/2019/N-0001' }).getAttribute('href');
    const pdf = await page.request.get(href ?? '');
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/);
    const bytes = await pdf.body();
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(createHash('sha256').update(bytes).digest('hex'), await visibleText(page.getByTestId('pdf-sha256')));

    // The clarification chain leads to the notice of 26 November and back.
    const chain = page.getByTestId('clarification-chain');
    assert.match(await visibleText(chain), /CERT\/2019\/N-0001\s+RESPONDED[\s\S]*CERT\/2019\/N-0002\s+ISSUED\s+Clarification:/);
    await chain.getByRole('link', { name: 'CERT/2019/N-0002' }).click();
    await page.getByTestId('notice-reference').filter({ hasText: 'CERT/2019/N-0002' }).waitFor();
    assert.equal(await settledCount(page.getByTestId('question-review'), 2), 2);
    const followUps = await visibleText(page.getByTestId('answers-review'));
    assert.match(followUps, /Follows up question 1 of CERT\/2019\/N-0001[\s\S]*Follows up question 2 of CERT\/2019\/N-0001/i);
    await page.getByTestId('flag-overdue').first().waitFor();
    // Long past its due time, said in years and months rather than thousands of days.
    assert.match(await visibleText(page.getByTestId('due-countdown')), /^Due 10 Dec 2019, .* — \d+ years?( \d+ months?)? ago/);
    await page.getByTestId('clarification-chain').getByRole('link', { name: 'CERT/2019/N-0001' }).click();
    await page.getByTestId('notice-reference').filter({ hasText: 'CERT/2019/N-0001' }).waitFor();
  });

  step("the platform's member sees its own notices in the portal, and the vendor's notice is not found", async () => {
    await switchUser(browser, server.credential('platformMember'));
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notices' }).click();
    await page.getByRole('heading', { name: 'Notices', exact: true }).waitFor();
    // Nothing is due before its time, but the clarification is overdue and still waits for an answer.
    await page.getByText('One notice is past its due time and waits for your answer.').waitFor();
    await screenshot(page, 'demo-portal-inbox');
    await page.getByRole('button', { name: 'Show overdue notices' }).click();
    const rows = page.getByTestId('notice-row');
    await rows.first().waitFor();
    assert.equal(await settledCount(rows, 1), 1);
    assert.match(await visibleText(rows), /Clarification: Submissions[\s\S]*CERT\/2019\/N-0002[\s\S]*INC-2019-0001[\s\S]*ISSUED\s+OVERDUE/);
    const inbox = [await visibleText(page.locator('main'))];

    await page
      .locator('label')
      .filter({ hasText: /^Answered$/ })
      .click();
    await rows.filter({ hasText: 'CERT/2019/N-0001' }).waitFor();
    assert.equal(await settledCount(rows, 1), 1);
    assert.match(await visibleText(rows), /RESPONDED[\s\S]*answered 7 hours 29 minutes before/);
    inbox.push(await visibleText(page.locator('main')));
    await page
      .locator('label')
      .filter({ hasText: /^Closed$/ })
      .click();
    await page.getByText('No closed or withdrawn notice.').waitFor();
    for (const text of inbox) {
      assert.doesNotMatch(text, /N-0003|Spyware Vendor|Details of the malware/);
    }

    // The vendor's notice, opened by its address, is not found; its PDF is not served either.
    const vendorNotice = server.demo.notices.vendorNotice;
    await page.goto(`/portal/notices/${vendorNotice}`);
    await page.getByText('Notice not found').waitFor();
    assert.doesNotMatch(await visibleText(page.locator('main')), /Details of the malware|Spyware Vendor/);
    await screenshot(page, 'demo-portal-not-found');
    assert.equal((await page.request.get(`/api/v1/notices/${vendorNotice}/pdf`)).status(), 404);
  });

  step("the compliance records show where each organization's notices stand", async () => {
    await switchUser(browser, server.credential('coordinator'));
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    const organizations = page.getByTestId('organization-row');
    await organizations.first().waitFor();
    assert.equal(await settledCount(organizations, 4), 4);
    await organizations.filter({ hasText: 'Messaging Platform' }).click();
    await page.getByRole('link', { name: 'Compliance with notices' }).click();
    const rows = page.getByTestId('compliance-row');
    await rows.first().waitFor();
    assert.equal(await settledCount(rows, 2), 2);
    assert.match(await visibleText(page.getByTestId('stat-issued')), /^ISSUED\s+2$/);
    assert.match(await visibleText(page.getByTestId('stat-on-time')), /^ON TIME\s+1\s+100% of answers$/);
    assert.match(await visibleText(page.getByTestId('stat-overdue')), /^OVERDUE\s+1$/);
    assert.match(await visibleText(page.getByTestId('stat-open')), /^OPEN\s+0$/);
    assert.match(
      await visibleText(rows.filter({ hasText: 'CERT/2019/N-0002' })),
      /INC-2019-0001[\s\S]*26 Nov 2019[\s\S]*10 Dec 2019[\s\S]*Not yet\s+OVERDUE/,
    );
    assert.match(
      await visibleText(rows.filter({ hasText: 'CERT/2019/N-0001' })),
      new RegExp(`INC-2019-0001[\\s\\S]*9 ${SEPT} 2019[\\s\\S]*18 Nov 2019[\\s\\S]*18 Nov 2019[\\s\\S]*ON TIME`),
    );
    await screenshot(page, 'demo-compliance-platform');

    await page.goto('/admin/organizations');
    await organizations.filter({ hasText: 'Spyware Vendor' }).click();
    await page.getByRole('link', { name: 'Compliance with notices' }).click();
    await rows.first().waitFor();
    assert.equal(await settledCount(rows, 1), 1);
    assert.match(await visibleText(rows), new RegExp(`CERT/2019/N-0003\\s+${VENDOR_SUBJECT}[\\s\\S]*Not yet\\s+OVERDUE`));
    assert.match(await visibleText(page.getByTestId('stat-issued')), /^ISSUED\s+1$/);
    assert.match(await visibleText(page.getByTestId('stat-overdue')), /^OVERDUE\s+1$/);
  });

  it('ran without console errors or CSP violations', () => {
    assert.deepEqual(browser.consoleErrors, []);
  });
});
