/**
 * A notice through the browser, the whole loop: a coordinator composes a call for
 * information to the platform from the incident, watching the PDF text and the due time
 * take shape; a second coordinator (here the administrator) approves and issues it; the
 * platform's member finds it in the portal inbox, opens it (which acknowledges it),
 * answers with an attachment after a refused submission that keeps the draft; the CERT
 * assesses an answer as partial and issues the clarification; both ends of the chain
 * link to each other, for the CERT and for the platform.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openBrowser, screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { createIncidentWithPlatform } from '../support/api-setup.ts';
import { signIn } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';
import { storySteps } from '../support/steps.ts';
import { attach, choose, readmeShot, statusOf, switchUser } from './notice-steps.ts';

const SUBJECT = 'Exploitation of the voice-call flaw against users in India';
const Q1 = 'How many users in India were targeted, and when did you first notice?';
const Q2 = 'Provide the call-setup logs of the targeted numbers.';
const A1 = 'We count 121 targeted users in India. The first attempts were seen on 29 April 2019.';
const A2 = 'The logs of the targeted numbers are attached.';
const LOG_PDF = Buffer.from('%PDF-1.4\n% call-setup log extract\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describe('notices: compose, approve, issue, answer, assess, clarify', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let incidentId = '';
  let noticeUrl = '';
  let reference = '';
  let clarificationUrl = '';
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

  step('composes a notice from the incident, with the PDF text and the due time shown as it is written', async () => {
    const { page } = browser;
    await page.goto(`/incidents/${incidentId}`);
    await page.getByRole('tab', { name: 'Notices' }).click();
    await page.getByText('No notices yet').waitFor();
    await page.getByRole('link', { name: 'New notice' }).click();
    const form = page.getByRole('form', { name: 'New notice' });
    await form.waitFor();
    const preview = page.getByTestId('pdf-preview');

    // Nothing filled in: the form says what is missing and sends nothing.
    await form.getByRole('button', { name: 'Save draft' }).click();
    await form.getByText('Choose the organization the notice is addressed to.').waitFor();
    await form.getByText('Give the notice a subject.').waitFor();

    await choose(page, form, /^Organization/, 'Messaging Platform A');
    await form.getByRole('checkbox', { name: 'Test org member' }).check();
    await choose(page, form, 'Legal basis', /^r\.3\(1\)\(j\)/, 'r.3');
    assert.match(await visibleText(form.getByTestId('legal-basis-detail')), /Default deadline: 72 hours from issue/);
    await form.getByRole('textbox', { name: 'Subject' }).fill(SUBJECT);
    await form.getByRole('textbox', { name: 'Body' }).fill('Under the provision cited, provide the following information to the CERT.');

    await form.getByRole('textbox', { name: 'Question 1' }).fill(Q2);
    await form.getByRole('button', { name: 'Add question' }).click();
    await form.getByRole('textbox', { name: 'Question 2' }).fill(Q1);
    // The question asked first belongs first: move it up, then mark the logs question as needing a file.
    await form.getByRole('button', { name: 'Move question 2 up' }).click();
    assert.equal(await form.getByRole('textbox', { name: 'Question 1' }).inputValue(), Q1);
    await form.getByRole('switch', { name: 'Question 2 requires an attachment' }).check({ force: true });
    await form.getByRole('button', { name: 'Add question' }).click();
    await form.getByRole('button', { name: 'Remove question 3' }).click();
    assert.equal(await form.getByTestId('question-row').count(), 2);

    // The preview prints what the PDF will: no reference yet, the numbered questions, the due time in India.
    const text = await visibleText(preview);
    assert.match(text, /REFERENCE\s+Assigned at issue/);
    assert.match(text, /Messaging Platform A\s+Attention: Test org member <org-member@casebook\.test>/);
    assert.match(text, /r\.3\(1\)\(j\)/);
    assert.ok(text.includes(`1. ${Q1}`));
    assert.ok(text.includes(`2. ${Q2} [An attachment is required with the answer.]`));
    await page.getByTestId('due-preview').waitFor();
    assert.match(await visibleText(page.getByTestId('due-preview')), /If issued now, due .*\(Asia\/Kolkata\)[\s\S]*72 hours from issue/);
    assert.match(await visibleText(page.getByTestId('pdf-preview-due')), /GMT\+5:30 \(Asia\/Kolkata\)/);
    await readmeShot(page, 'notice-composer', form.locator('label').filter({ hasText: /^Subject/ }));

    await form.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('notice-subject').waitFor();
    noticeUrl = new URL(page.url()).pathname;
    assert.match(noticeUrl, /^\/notices\/[0-9a-f-]{36}$/);
    assert.equal(await statusOf(page), 'draft');
    // Whoever wrote it cannot approve it, and is told why.
    assert.match(await visibleText(page.getByTestId('approval-hint')), /Four eyes/);
    assert.equal(await page.getByRole('button', { name: 'Approve', exact: true }).getAttribute('aria-disabled'), 'true');
  });

  step('a second coordinator approves it and issues it: reference, due time and PDF', async () => {
    await switchUser(browser, server.world.users.admin);
    const { page } = browser;
    await page.goto(noticeUrl);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('dialog', { name: 'Approve this notice?' }).getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('notice-status').filter({ hasText: 'Approved' }).waitFor();
    await page.getByRole('button', { name: 'Issue', exact: true }).click();
    await page.getByRole('dialog', { name: 'Issue this notice?' }).getByRole('button', { name: 'Issue notice' }).click();
    await page.getByTestId('notice-status').filter({ hasText: 'Issued' }).waitFor();

    reference = await visibleText(page.getByTestId('notice-reference'));
    assert.match(reference, /^CERT\/\d{4}\/N-0001$/);
    // Counted down on the viewer's clock (Amsterdam), with the notice's own zone beside it.
    const due = await visibleText(page.getByTestId('due-countdown'));
    assert.match(due, /^Due .*\(Europe\/Amsterdam\) — in 2 days 23 hours/);
    assert.match(due, /The notice states it as .*\(Asia\/Kolkata\)/);
    assert.match(await visibleText(page.getByTestId('notice-lifecycle')), /Approved[\s\S]*Test admin[\s\S]*Issued[\s\S]*Test admin/);

    // The PDF is the one the page names: its SHA-256 matches the bytes downloaded.
    const pdfSha = await visibleText(page.getByTestId('pdf-sha256'));
    assert.match(await visibleText(page.getByTestId('content-sha256')), /^[0-9a-f]{64}$/);
    const pdf = await page.request.get(`/api/v1${noticeUrl}/pdf`);
    assert.equal(pdf.status(), 200);
    const bytes = await pdf.body();
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    assert.equal(createHash('sha256').update(bytes).digest('hex'), pdfSha);
    assert.equal(await page.getByRole('link', { name: `Download the PDF of ${reference}` }).count(), 1);
  });

  step('the platform’s member finds it in the portal inbox and acknowledges it by opening it', async () => {
    await switchUser(browser, server.world.users.org_member);
    const { page } = browser;
    // The home page says what waits for an answer.
    await page.getByTestId('portal-notices-card').getByRole('link', { name: SUBJECT }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notices' }).click();
    const row = page.getByTestId('notice-row');
    await row.waitFor();
    const inbox = await visibleText(row);
    assert.ok(inbox.includes(SUBJECT));
    assert.match(inbox, /Issued[\s\S]*in 2 days 23 hours/i);
    await readmeShot(page, 'portal-inbox');

    await row.getByRole('link', { name: SUBJECT }).click();
    await page.getByTestId('notice-subject').waitFor();
    assert.equal(await statusOf(page), 'acknowledged');
    assert.match(await visibleText(page.getByTestId('notice-lifecycle')), /Acknowledged[\s\S]*Test org member/);
    assert.match(await visibleText(page.getByTestId('due-countdown')), /^Due .*\(Europe\/Amsterdam\) — in 2 days/);
  });

  step('answers with an attachment: refused files and a refused submission keep the draft', async () => {
    const { page } = browser;
    const form = page.getByTestId('answer-form');
    await form.getByRole('textbox', { name: 'Answer to question 1' }).fill(A1);
    await form.getByRole('textbox', { name: 'Answer to question 2' }).fill(A2);

    // Not ready: question 2 needs a file. The answers are saved as a draft all the same.
    await form.getByRole('button', { name: 'Submit response' }).click();
    assert.match(await visibleText(page.getByTestId('submit-problems')), /Question 2 needs attention[\s\S]*saved as a draft/);
    await form.getByText('Attach a file to this answer before submitting.').waitFor();

    const attachButton = form.getByRole('button', { name: 'Attach a file to answer 2' });
    // A type that is not allowed is explained before anything is sent.
    await attach(page, attachButton, { name: 'dropper.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    assert.match(await visibleText(form.getByTestId('upload-error')), /dropper\.exe cannot be attached: attachments may be PDF, PNG/);
    // A file whose content is not what its name says is refused by the server, and said so.
    await attach(page, attachButton, { name: 'logs.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    assert.match(await visibleText(form.getByTestId('upload-error')), /logs\.pdf is not what its name says/);
    await attach(page, attachButton, { name: 'call-setup-logs.pdf', mimeType: 'application/pdf', buffer: LOG_PDF });
    await form.getByRole('link', { name: 'call-setup-logs.pdf' }).waitFor();
    assert.equal(await form.getByTestId('upload-error').count(), 0);

    // The draft survives a reload.
    await page.reload();
    await page.getByTestId('answer-form').waitFor();
    assert.equal(await form.getByRole('textbox', { name: 'Answer to question 1' }).inputValue(), A1);
    assert.equal(await form.getByRole('textbox', { name: 'Answer to question 2' }).inputValue(), A2);
    assert.match(await visibleText(form.getByTestId('draft-state')), /Draft saved/);

    await screenshot(page, 'portal-answer-form');
    await form.getByRole('button', { name: 'Submit response' }).click();
    const confirm = page.getByRole('dialog', { name: 'Submit your response?' });
    await confirm.getByRole('button', { name: 'Submit response' }).click();
    await page.getByTestId('response-submitted').waitFor();
    assert.equal(await statusOf(page), 'responded');
    assert.match(await visibleText(page.getByTestId('submitted-answers')), /121 targeted users[\s\S]*call-setup-logs\.pdf/);
  });

  step('the CERT reads the answers beside the questions, assesses one as partial and drafts the clarification', async () => {
    await switchUser(browser, server.world.users.coordinator);
    const { page } = browser;
    await page.goto(noticeUrl);
    const first = page.getByTestId('question-review').nth(0);
    await first.waitFor();
    // Question, answer and assessment side by side.
    const [q, a, s] = [first.getByText(Q1), first.getByTestId('answer'), first.getByTestId('assessment')];
    const [bq, ba, bs] = [await q.boundingBox(), await a.boundingBox(), await s.boundingBox()];
    assert.ok(bq && ba && bs && ba.x > bq.x + bq.width - 1 && bs.x > ba.x + ba.width - 1 && Math.abs(ba.y - bs.y) < 4);
    assert.ok((await visibleText(a)).includes(A1));
    const second = page.getByTestId('question-review').nth(1);
    const download = await page.request.get((await second.getByRole('link', { name: 'call-setup-logs.pdf' }).getAttribute('href')) ?? '');
    assert.deepEqual(await download.body(), LOG_PDF);

    await choose(page, first, 'Verdict on answer 1', 'Partial');
    await first.getByRole('textbox', { name: 'Comment on answer 1' }).fill('Give the number of targeted users per Indian state.');
    await first.getByRole('button', { name: 'Record assessment' }).click();
    await first.getByTestId('assessment').getByText('Partial', { exact: true }).waitFor();
    await choose(page, second, 'Verdict on answer 2', 'Answered');
    await second.getByRole('button', { name: 'Record assessment' }).click();
    await second.getByTestId('assessment').getByText('Answered', { exact: true }).waitFor();
    assert.match(await visibleText(first.getByTestId('assessment')), /Partial[\s\S]*Test coordinator[\s\S]*per Indian state/i);

    await page.getByRole('button', { name: 'Draft clarification' }).click();
    await page.getByRole('dialog', { name: 'Draft a clarification?' }).getByRole('button', { name: 'Draft clarification' }).click();
    await page
      .getByTestId('notice-subject')
      .filter({ hasText: `Clarification: ${SUBJECT}` })
      .waitFor();
    clarificationUrl = new URL(page.url()).pathname;
    await screenshot(page, 'clarification-draft');
    assert.notEqual(clarificationUrl, noticeUrl);
    assert.equal(await statusOf(page), 'draft');
    // It asks again only the question found partial, and says which one it follows up.
    assert.equal(await page.getByTestId('question-review').count(), 1);
    assert.match(await visibleText(page.getByTestId('question-review')), new RegExp(`Follows up question 1 of ${reference}`, 'i'));
    assert.ok((await visibleText(page.getByTestId('question-review'))).includes(Q1));
    assert.match(
      await visibleText(page.getByTestId('clarification-chain')),
      new RegExp(`${reference.replace(/\//g, '\\/')}[\\s\\S]*Responded[\\s\\S]*Draft`, 'i'),
    );
  });

  step('a second coordinator issues the clarification, and the chain links both ways', async () => {
    await switchUser(browser, server.world.users.admin);
    const { page } = browser;
    await page.goto(clarificationUrl);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('dialog', { name: 'Approve this notice?' }).getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('notice-status').filter({ hasText: 'Approved' }).waitFor();
    await page.getByRole('button', { name: 'Issue', exact: true }).click();
    await page.getByRole('dialog', { name: 'Issue this notice?' }).getByRole('button', { name: 'Issue notice' }).click();
    await page.getByTestId('notice-status').filter({ hasText: 'Issued' }).waitFor();
    const clarificationRef = await visibleText(page.getByTestId('notice-reference'));
    assert.match(clarificationRef, /^CERT\/\d{4}\/N-0002$/);

    // From the clarification to the notice it follows up, and back.
    const chain = page.getByTestId('clarification-chain');
    await chain.getByRole('link', { name: reference }).click();
    await page.getByTestId('notice-reference').filter({ hasText: reference }).waitFor();
    assert.match(
      await visibleText(page.getByTestId('clarification-chain')),
      new RegExp(`${clarificationRef.replace(/\//g, '\\/')}[\\s\\S]*Issued`, 'i'),
    );
    await page.getByTestId('question-review').nth(1).getByText('Answered', { exact: true }).waitFor();
    await readmeShot(page, 'notice-page');
    await page.getByTestId('clarification-chain').getByRole('link', { name: clarificationRef }).click();
    await page.getByTestId('notice-reference').filter({ hasText: clarificationRef }).waitFor();
  });

  step('the platform sees the clarification in its inbox, linked to the notice it follows up', async () => {
    await switchUser(browser, server.world.users.org_member);
    const { page } = browser;
    await page.goto('/portal/notices');
    const row = page.getByTestId('notice-row').filter({ hasText: `Clarification: ${SUBJECT}` });
    await row.getByRole('link').first().click();
    await page.getByTestId('notice-subject').waitFor();
    const chain = page.getByTestId('clarification-chain');
    await chain.getByRole('link', { name: reference }).click();
    await page.getByTestId('response-submitted').waitFor();
    // The CERT's assessments stay inside the CERT.
    assert.doesNotMatch(await visibleText(page.locator('main')), /Partial|per Indian state/);
  });

  step('the platform asks for more time on the clarification, and the CERT grants it', async () => {
    const { page } = browser;
    await page.goto(clarificationUrl.replace('/notices/', '/portal/notices/'));
    await page.getByRole('button', { name: 'Ask for more time' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ask for more time' });
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog.getByText('Say why more time is needed.').waitFor();
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('The per-state figures come from our regional teams, who need a week.');
    const asked = await dialog.getByLabel('Due time asked for').inputValue();
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.match(await visibleText(page.getByTestId('extensions')), /Waiting for a decision[\s\S]*regional teams/i);
    assert.equal(await page.getByRole('button', { name: 'Ask for more time' }).count(), 0);

    await switchUser(browser, server.world.users.admin);
    await page.goto(clarificationUrl);
    await page.getByRole('button', { name: 'Decide extension' }).click();
    const decide = page.getByRole('dialog', { name: 'Decide the request for more time' });
    assert.equal(await decide.getByLabel(/^New due time/).inputValue(), asked);
    await decide.getByRole('textbox', { name: 'Note to the organization' }).fill('Granted as asked.');
    await decide.getByRole('button', { name: 'Grant more time' }).click();
    await decide.waitFor({ state: 'hidden' });
    assert.match(
      await visibleText(page.getByTestId('extensions')),
      /Granted[\s\S]*Now due .*\(Asia\/Kolkata\)[\s\S]*Test admin: Granted as asked\./i,
    );
    assert.match(await visibleText(page.getByTestId('due-countdown')), /— in (5|6) days/);
  });

  step('a draft someone else changed meanwhile asks for a reload; a draft can be withdrawn with a reason', async () => {
    await switchUser(browser, server.world.users.coordinator);
    const { page } = browser;
    const me = await (await page.request.get('/api/v1/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken };
    const created = await page.request.post(`/api/v1/incidents/${incidentId}/notices`, {
      headers,
      data: {
        organizationId: server.world.orgA.id,
        kind: 'direction',
        subject: 'Block the exploit’s call-setup pattern',
        dueMode: 'fixed',
        timeZone: 'Asia/Kolkata',
      },
    });
    assert.equal(created.status(), 201, await created.text());
    const draft = await created.json();
    await page.goto(`/notices/${draft.id}/edit`);
    const form = page.getByRole('form', { name: 'Edit notice' });
    await form.waitFor();
    await form.getByLabel('Due date and time').fill('2030-01-15T17:30');
    await page.getByTestId('due-preview').filter({ hasText: '15 Jan 2030, 17:30:00 GMT+5:30 (Asia/Kolkata)' }).waitFor();

    // Meanwhile the same draft is changed elsewhere.
    const other = await page.request.patch(`/api/v1/notices/${draft.id}`, {
      headers,
      data: { version: draft.version, subject: 'Block the exploit’s call-setup pattern at the edge' },
    });
    assert.equal(other.status(), 200, await other.text());
    await form.getByRole('button', { name: 'Save draft' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Someone changed this meanwhile' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Reload' }).click();
    // The form now holds the other change.
    await page.waitForFunction(
      (wanted) => Array.from(document.querySelectorAll('input')).some((input) => input.value === wanted),
      'Block the exploit’s call-setup pattern at the edge',
    );
    await form.getByLabel('Due date and time').fill('2030-01-15T17:30');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('notice-subject').filter({ hasText: 'at the edge' }).waitFor();
    assert.match(await visibleText(page.getByTestId('due-countdown')), /^Due 15 Jan 2030, 13:00 CET \(Europe\/Amsterdam\) — in /);

    await page.getByRole('button', { name: 'Withdraw' }).click();
    const withdraw = page.getByRole('dialog', { name: 'Withdraw this notice' });
    await withdraw.getByRole('textbox', { name: 'Reason' }).fill('The platform blocked the pattern on its own.');
    await withdraw.getByRole('button', { name: 'Withdraw notice' }).click();
    await page.getByTestId('notice-status').filter({ hasText: 'Withdrawn' }).waitFor();
    assert.match(
      await visibleText(page.locator('main')),
      /Withdrawn[\s\S]*Test coordinator: The platform blocked the pattern on its own\./i,
    );
  });

  step('an answer found refused on a second look is escalated under the penalty provision', async () => {
    const { page } = browser;
    await page.goto(noticeUrl);
    const second = page.getByTestId('question-review').nth(1);
    await second.getByRole('button', { name: 'Assess answer 2 again' }).click();
    await choose(page, second, 'Verdict on answer 2', 'Refused');
    await second.getByRole('textbox', { name: 'Comment on answer 2' }).fill('The file holds no call-setup log.');
    await second.getByRole('button', { name: 'Record assessment' }).click();
    await second.getByTestId('assessment').getByText('Refused', { exact: true }).waitFor();
    // The earlier verdict is kept under the latest.
    await second.getByRole('button', { name: '1 earlier assessment' }).click();
    assert.match(await visibleText(second.getByTestId('assessment')), /Refused[\s\S]*no call-setup log[\s\S]*Answered/i);

    await page.getByRole('button', { name: 'Escalate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalate non-compliance' });
    assert.match(await dialog.getByRole('textbox', { name: 'Provision' }).inputValue(), /^IT Rules 2021 r\.7/);
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Logs withheld after a second request by telephone.');
    await dialog.getByRole('button', { name: 'Record escalation' }).click();
    await page.getByTestId('flag-escalated').waitFor();
    assert.match(await visibleText(page.getByTestId('escalations')), /IT Rules 2021 r\.7[\s\S]*Logs withheld[\s\S]*Test coordinator/);
    assert.equal(await page.getByRole('button', { name: 'Escalate' }).count(), 0);
  });

  step('the incident lists its notices; the organization page leads to its compliance record', async () => {
    const { page } = browser;
    await page.goto(`/incidents/${incidentId}?tab=notices`);
    await page.getByTestId('notice-row').nth(2).waitFor();
    const listed = await visibleText(page.getByTestId('notices-table'));
    assert.match(listed, /Clarification: Exploitation[\s\S]*Acknowledged[\s\S]*in 5 days/i);
    assert.match(listed, /at the edge[\s\S]*Withdrawn/i);
    await screenshot(page, 'incident-notices');

    await page.goto(`/admin/organizations/${server.world.orgA.id}`);
    await page.getByRole('link', { name: 'Compliance with notices' }).click();
    await page.getByTestId('compliance-table').waitFor();
    assert.match(await visibleText(page.getByTestId('stat-issued')), /2/);
    assert.match(await visibleText(page.getByTestId('stat-on-time')), /1/);
    await screenshot(page, 'organization-compliance');
    assert.match(await visibleText(page.getByTestId('stat-open')), /1/);
    assert.match(await visibleText(page.getByTestId('stat-refused-answers')), /1/);
    assert.match(await visibleText(page.getByTestId('stat-escalated')), /1/);
    assert.match(
      await visibleText(page.getByTestId('compliance-table')),
      new RegExp(`${reference.replace(/\//g, '\\/')}[\\s\\S]*On time`, 'i'),
    );
  });

  it('ran without console errors or CSP violations', () => {
    assert.deepEqual(browser.consoleErrors, []);
  });
});
