/** An administrator reads the outbox: what was kept for lack of a mail server, what the server refused, what bounced later, and the text as sent. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../apps/server/src/audit/audit-event.ts';
import { inTransaction } from '../../apps/server/src/db/unit-of-work.ts';
import { recordBounce } from '../../apps/server/src/modules/mail/bounce-intake.ts';
import { parseBounce } from '../../apps/server/src/modules/mail/bounce-parser.ts';
import { postfixDsn } from '../../apps/server/src/modules/mail/bounce-samples.ts';
import { deliverMailMessage } from '../../apps/server/src/modules/mail/mail-delivery.ts';
import { insertNotice, type SmtpSink, startSmtpSink } from '../../apps/server/src/modules/mail/mail-test-support.ts';
import { createSmtpTransport } from '../../apps/server/src/modules/mail/mail-transport.ts';
import { notifyNoticeEvent } from '../../apps/server/src/modules/mail/notice-mail.ts';
import { testConfig } from '../../apps/server/test/test-config.ts';
import { openBrowser, screenshot, type TestBrowser, visibleText } from '../support/browser.ts';
import { signIn } from '../support/sign-in.ts';
import { type E2eServer, startServer } from '../support/start-server.ts';

describe('outbox', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let sink: SmtpSink;
  const notices: Record<'kept' | 'refused', { id: string; reference: string }> = {} as never;

  before(async () => {
    server = await startServer();
    sink = await startSmtpSink();
    const db = server.database.db;
    const { users, orgA } = server.world;
    const incident = await db
      .insertInto('incidents')
      .values({
        reference: 'INC-2019-0042',
        title: 'Spyware delivered through a missed call',
        severity: 'high',
        tlp: 'AMBER',
        created_by: users.coordinator.id,
        owner_id: users.coordinator.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const write = async (tlp: 'AMBER' | 'GREEN', reference: string) => {
      const notice = await insertNotice(db, {
        incidentId: incident.id,
        organizationId: orgA.id,
        recipients: [users.org_admin.id, users.org_member.id],
        createdBy: users.coordinator.id,
        issuedBy: users.admin.id,
        tlp,
        subject: 'Preserve the delivery logs',
        dueAt: new Date('2019-05-20T12:30:00Z'),
        reference,
      });
      await inTransaction({ db, jobs: server.built.jobs }, SYSTEM_ACTOR, (uow) =>
        notifyNoticeEvent(uow, { kind: 'issued', noticeId: notice.id }),
      );
      const message = await db.selectFrom('mail_messages').select('id').where('notice_id', '=', notice.id).executeTakeFirstOrThrow();
      return { notice, messageId: message.id };
    };
    const config = testConfig({ publicUrl: server.baseUrl });
    // Sent, then bounced by the organization's mail server a minute later.
    const bounced = await write('GREEN', 'CERT/2019/N-0016');
    await deliverMailMessage({ db, config, clock: () => new Date(), transport: createSmtpTransport(sink.settings) }, bounced.messageId, {
      attempt: 0,
    });
    const [arrived] = await sink.waitFor(1);
    await recordBounce(
      { db, key: config.sessionSecret, clock: () => new Date(), actor: SYSTEM_ACTOR },
      {
        report: parseBounce(
          postfixDsn({ to: 'casebook@casebook.test', recipient: 'org-member@casebook.test', messageId: arrived.headers['message-id'] }),
        ),
      },
    );
    const kept = await write('AMBER', 'CERT/2019/N-0017');
    await deliverMailMessage({ db, config, clock: () => new Date(), transport: null }, kept.messageId, { attempt: 0 });
    const refused = await write('GREEN', 'CERT/2019/N-0018');
    sink.refuseNext.push({ code: 554, message: '5.7.1 Message refused by policy' });
    await deliverMailMessage({ db, config, clock: () => new Date(), transport: createSmtpTransport(sink.settings) }, refused.messageId, {
      attempt: 0,
    });
    notices.kept = kept.notice;
    notices.refused = refused.notice;

    browser = await openBrowser(server.baseUrl);
    await signIn(browser.page, server.world.users.admin);
    await browser.page.getByTestId('welcome').waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await sink?.close();
  });

  it('lists every message with its state, attempts and last error, filters by state and opens the text as sent', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { name: 'Outbox' }).waitFor();
    const rows = page.getByTestId('mail-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 3);
    await page.getByText('Some messages were kept, not sent').waitFor();

    const refused = await visibleText(rows.nth(0));
    assert.match(refused, /New notice CERT\/2019\/N-0018 to Messaging Platform A/);
    assert.match(refused, /failed/i);
    assert.match(refused, /554 5\.7\.1 Message refused by policy/);
    const kept = await visibleText(rows.nth(1));
    assert.match(kept, /outbox only/i);
    assert.match(kept, /org-admin@casebook\.test, org-member@casebook\.test/);
    const bounced = await visibleText(rows.nth(2));
    assert.match(bounced, /CERT\/2019\/N-0016/);
    assert.match(
      bounced,
      /Bounced: org-member@casebook\.test \(5\.1\.1\) — 550 5\.1\.1 <org-member@casebook\.test>: Recipient address rejected/,
    );
    await screenshot(page, 'outbox');

    await page
      .locator('label')
      .filter({ hasText: /^Failed$/ })
      .click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="mail-row"]').length === 1);
    assert.match(await visibleText(rows.first()), /CERT\/2019\/N-0018/);

    await page
      .locator('label')
      .filter({ hasText: /^Outbox only$/ })
      .click();
    await page.waitForFunction(() => document.querySelector('[data-testid="mail-row"]')?.textContent?.includes('N-0017'));
    await rows.first().click();
    const text = await visibleText(page.getByTestId('mail-text').first());
    assert.match(text, /TLP:AMBER: its content is not sent by e-mail/);
    assert.ok(text.includes(`${server.baseUrl}/portal/notices/${notices.kept.id}`), text);
    assert.ok(!text.includes('Preserve the delivery logs'));
    await screenshot(page, 'outbox-message');
    assert.equal(await page.getByRole('link', { name: 'CERT/2019/N-0017' }).getAttribute('href'), `/notices/${notices.kept.id}`);
    assert.deepEqual(browser.consoleErrors, []);
  });
});
