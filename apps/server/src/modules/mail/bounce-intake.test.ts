import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { auditRows, countAuditRows } from '../../../test/audit-rows.ts';
import { incidentFixtures } from '../../../test/incident-fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { SYSTEM_ACTOR } from '../../audit/audit-event.ts';
import type { Config } from '../../config/config.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { recordBounce } from './bounce-intake.ts';
import { parseBounce } from './bounce-parser.ts';
import { exchangeNdr, eximPlainBounce, outOfOffice, postfixDelay, postfixDsn } from './bounce-samples.ts';
import { mailToken, verpAddress } from './bounce-token.ts';
import { deliverMailMessage } from './mail-delivery.ts';
import { insertNotice, type ReceivedMail, type SmtpSink, startSmtpSink } from './mail-test-support.ts';
import { createSmtpTransport, type MailTransport } from './mail-transport.ts';
import { notifyNoticeEvent } from './notice-mail.ts';
import { listNoticeMail } from './notice-mail-status.ts';

const BOUNCES = 'bounces@cert.test';
const MEMBER = 'org-member@casebook.test';
const ADMIN = 'org-admin@casebook.test';

describe('bounces that arrive after sending', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let transport: MailTransport;
  let incidentId: string;
  const db = () => t.testDb.database.db;
  const intake = (raw: string, envelopeRecipient?: string) =>
    recordBounce(
      { db: db(), key: t.config.sessionSecret, clock: () => new Date(), actor: { ...SYSTEM_ACTOR, via: 'cli', clientAddress: 'cli' } },
      { report: parseBounce(raw), envelopeRecipient },
    );
  const bouncesOf = (mailId: string) => db().selectFrom('mail_bounces').selectAll().where('mail_message_id', '=', mailId).execute();

  /** Issues a notice to the organization's admin and member, sends its mail through the SMTP server, and returns what arrived there. */
  async function sendNoticeMail(config: Config = t.config): Promise<{ noticeId: string; mailId: string; arrived: ReceivedMail }> {
    const u = t.world.users;
    const notice = await insertNotice(db(), {
      incidentId,
      organizationId: t.world.orgA.id,
      recipients: [u.org_admin.id, u.org_member.id],
      createdBy: u.coordinator.id,
      issuedBy: u.admin.id,
      dueAt: new Date('2039-05-20T12:30:00Z'),
    });
    await inTransaction({ db: db(), jobs: t.built.jobs }, SYSTEM_ACTOR, (uow) =>
      notifyNoticeEvent(uow, { kind: 'issued', noticeId: notice.id }),
    );
    const mail = await db().selectFrom('mail_messages').select('id').where('notice_id', '=', notice.id).executeTakeFirstOrThrow();
    const before = sink.received.length;
    assert.equal(await deliverMailMessage({ db: db(), config, clock: () => new Date(), transport }, mail.id, { attempt: 1 }), 'sent');
    const arrived = sink.received.slice(before).find((m) => m.headers['x-casebook-mail-id'] === mail.id);
    assert.ok(arrived, 'the message reached the SMTP server');
    return { noticeId: notice.id, mailId: mail.id, arrived };
  }

  before(async () => {
    sink = await startSmtpSink();
    transport = createSmtpTransport(sink.settings);
    t = await createTestApp({
      config: {
        mail: {
          smtp: sink.settings,
          from: 'CERT Casebook <casebook@cert.test>',
          reminderBeforeHours: 24,
          retries: 2,
          retryDelaySeconds: 1,
          bounceAddress: BOUNCES,
        },
      },
    });
    incidentId = (await (await incidentFixtures(t)).createIncident()).id;
  });
  after(async () => {
    transport?.close();
    await t?.close();
    await sink?.close();
  });

  it('sends each message from its own signed bounce address, and a DSN sent back to it shows the message bounced on the notice', async () => {
    const { noticeId, mailId, arrived } = await sendNoticeMail();
    const token = mailToken(t.config.sessionSecret, mailId);
    assert.equal(arrived.envelopeFrom, `bounces+${token}@cert.test`);
    assert.equal(arrived.headers['message-id'], `<${token}@cert.test>`);
    assert.equal(arrived.headers.from, 'CERT Casebook <casebook@cert.test>');
    const stored = await db().selectFrom('mail_messages').select('smtp_message_id').where('id', '=', mailId).executeTakeFirstOrThrow();
    assert.equal(stored.smtp_message_id, `<${token}@cert.test>`);

    // What the organization's mail server sends back when the member's mailbox is gone.
    const dsn = postfixDsn({ to: arrived.envelopeFrom, recipient: MEMBER, messageId: arrived.headers['message-id'] });
    const outcome = await intake(dsn);
    assert.deepEqual(outcome, { outcome: 'recorded', mailMessageId: mailId, noticeId, state: 'bounced', failed: 1, delayed: 0 });

    const [delivery] = await listNoticeMail(db(), noticeId);
    assert.equal(delivery.state, 'bounced');
    assert.equal(delivery.bounces.length, 1);
    const [bounce] = delivery.bounces;
    assert.equal(bounce.action, 'failed');
    assert.equal(bounce.recipient, MEMBER);
    assert.equal(bounce.status, '5.1.1');
    assert.equal(bounce.diagnostic, `550 5.1.1 <${MEMBER}>: Recipient address rejected: User unknown in virtual mailbox table`);

    // The staff page of the notice and the admins' outbox show it too.
    const page = await t.request({ method: 'GET', url: `/api/v1/notices/${noticeId}/mail`, as: await t.login('coordinator') });
    assert.equal(page.statusCode, 200, page.body);
    assert.equal(page.json().items[0].state, 'bounced');
    assert.equal(page.json().items[0].bounces[0].status, '5.1.1');
    const outbox = await t.request({ method: 'GET', url: '/api/v1/mail?state=bounced', as: await t.login('admin') });
    assert.deepEqual(
      outbox.json().items.map((m: { id: string; bounces: Array<{ recipient: string }> }) => [m.id, m.bounces.map((b) => b.recipient)]),
      [[mailId, [MEMBER]]],
    );

    const [audit] = await auditRows(db(), { action: 'mail.bounced', targetId: mailId });
    assert.deepEqual(audit.target_ids, [mailId, noticeId]);
    assert.equal(audit.actor_via, 'cli');

    // The mail server delivering the same bounce twice does not make two.
    await intake(dsn);
    assert.equal((await bouncesOf(mailId)).length, 1);
    // A retry of the job sends nothing more.
    const before = sink.received.length;
    assert.equal(
      await deliverMailMessage({ db: db(), config: t.config, clock: () => new Date(), transport }, mailId, { attempt: 2 }),
      'nothing_to_do',
    );
    assert.equal(sink.received.length, before);
  });

  it('finds the message by the Message-ID an Exchange NDR quotes when the bounce address was lost on the way', async () => {
    const { noticeId, arrived } = await sendNoticeMail();
    const outcome = await intake(exchangeNdr({ to: 'casebook@cert.test', recipient: ADMIN, messageId: arrived.headers['message-id'] }));
    assert.equal(outcome.outcome, 'recorded');
    const [delivery] = await listNoticeMail(db(), noticeId);
    assert.equal(delivery.state, 'bounced');
    assert.deepEqual(
      delivery.bounces.map((b) => [b.recipient, b.status]),
      [[ADMIN, '5.2.2']],
    );
    assert.match(delivery.bounces[0].diagnostic ?? '', /mailbox full/);
  });

  it('finds the message named in the address given by the mail server, and reads a bounce without a DSN part by its text', async () => {
    const { noticeId, mailId, arrived } = await sendNoticeMail();
    const bounce = eximPlainBounce({ to: BOUNCES, recipient: ADMIN, messageId: '<lost@elsewhere.example>' });
    assert.equal((await intake(bounce)).outcome, 'unmatched');
    assert.equal((await intake(bounce, arrived.envelopeFrom)).outcome, 'recorded');
    const [delivery] = await listNoticeMail(db(), noticeId);
    assert.equal(delivery.state, 'bounced');
    assert.deepEqual(
      delivery.bounces.map((b) => [b.action, b.recipient, b.status]),
      [['failed', ADMIN, '5.1.1']],
    );
    assert.equal((await bouncesOf(mailId)).length, 1);
  });

  it('keeps a delay as a note without marking the message bounced, until the failure comes', async () => {
    const { noticeId, mailId, arrived } = await sendNoticeMail();
    const about = { to: arrived.envelopeFrom, recipient: MEMBER, messageId: arrived.headers['message-id'] };
    const delayed = await intake(postfixDelay(about));
    assert.deepEqual(delayed, { outcome: 'recorded', mailMessageId: mailId, noticeId, state: 'sent', failed: 0, delayed: 1 });
    let [delivery] = await listNoticeMail(db(), noticeId);
    assert.equal(delivery.state, 'sent');
    assert.deepEqual(
      delivery.bounces.map((b) => [b.action, b.recipient, b.status]),
      [['delayed', MEMBER, '4.4.1']],
    );
    assert.equal((await auditRows(db(), { action: 'mail.delayed', targetId: mailId })).length, 1);

    await intake(postfixDsn({ ...about, status: '5.4.7', diagnostic: 'delivery temporarily suspended: connection timed out' }));
    [delivery] = await listNoticeMail(db(), noticeId);
    assert.equal(delivery.state, 'bounced');
    assert.deepEqual(
      delivery.bounces.map((b) => [b.action, b.status]),
      [
        ['delayed', '4.4.1'],
        ['failed', '5.4.7'],
      ],
    );
  });

  it('refuses a bounce whose token was not signed by Casebook, recording nothing', async () => {
    const { noticeId, mailId } = await sendNoticeMail();
    const forged = mailToken(randomBytes(32), mailId);
    const auditBefore = await countAuditRows(db());
    const outcome = await intake(
      postfixDsn({ to: verpAddress(BOUNCES, forged), recipient: MEMBER, messageId: `<${forged}@cert.test>` }),
      verpAddress(BOUNCES, forged),
    );
    assert.deepEqual(outcome, { outcome: 'forged' });
    const [delivery] = await listNoticeMail(db(), noticeId);
    assert.equal(delivery.state, 'sent');
    assert.deepEqual(delivery.bounces, []);
    assert.equal(await countAuditRows(db()), auditBefore);
  });

  it('takes a bounce of a message that does not exist, and auto-replies, without recording anything', async () => {
    const { arrived } = await sendNoticeMail();
    const auditBefore = await countAuditRows(db());
    const bouncesBefore = (await db().selectFrom('mail_bounces').select('id').execute()).length;
    const gone = mailToken(t.config.sessionSecret, randomUUID());
    assert.deepEqual(await intake(postfixDsn({ to: verpAddress(BOUNCES, gone), recipient: MEMBER, messageId: `<${gone}@cert.test>` })), {
      outcome: 'unmatched',
    });
    assert.deepEqual(await intake(postfixDsn({ to: BOUNCES, recipient: MEMBER, messageId: '<20190520.1234@elsewhere.example>' })), {
      outcome: 'unmatched',
    });
    assert.deepEqual(await intake(outOfOffice({ to: arrived.envelopeFrom, recipient: ADMIN, messageId: arrived.headers['message-id'] })), {
      outcome: 'not_a_bounce',
    });
    assert.equal(await countAuditRows(db()), auditBefore);
    assert.equal((await db().selectFrom('mail_bounces').select('id').execute()).length, bouncesBefore);
  });

  it('without a bounce address sends from the From address, and still matches a bounce by the Message-ID it quotes', async () => {
    const { noticeId, arrived } = await sendNoticeMail({ ...t.config, mail: { ...t.config.mail, bounceAddress: null } });
    assert.equal(arrived.envelopeFrom, 'casebook@cert.test');
    assert.match(arrived.headers['message-id'], /^<[a-z2-7]{26}-[a-z2-7]{13}@cert\.test>$/);
    const outcome = await intake(
      eximPlainBounce({ to: 'casebook@cert.test', recipient: MEMBER, messageId: arrived.headers['message-id'] }),
    );
    assert.equal(outcome.outcome, 'recorded');
    const [delivery] = await listNoticeMail(db(), noticeId);
    assert.deepEqual(
      delivery.bounces.map((b) => [b.recipient, b.status]),
      [[MEMBER, '5.1.1']],
    );
  });

  it('matches a message sent before Message-IDs were signed by the Message-ID stored when it was sent', async () => {
    const { noticeId, mailId } = await sendNoticeMail();
    await db()
      .updateTable('mail_messages')
      .set({ smtp_message_id: '<0b1e7c3a-5d2f-4e8a-9c71-2f3d4e5a6b7c@cert.test>' })
      .where('id', '=', mailId)
      .execute();
    const outcome = await intake(
      postfixDsn({ to: 'casebook@cert.test', recipient: MEMBER, messageId: '<0b1e7c3a-5d2f-4e8a-9c71-2f3d4e5a6b7c@cert.test>' }),
    );
    assert.equal(outcome.outcome, 'recorded');
    assert.equal((await listNoticeMail(db(), noticeId))[0].state, 'bounced');
  });
});
