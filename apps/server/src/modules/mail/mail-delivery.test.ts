import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { incidentFixtures } from '../../../test/incident-fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { SYSTEM_ACTOR } from '../../audit/audit-event.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { insertNotice, type SmtpSink, startSmtpSink } from './mail-test-support.ts';
import { type NoticeMailEvent, notifyNoticeEvent } from './notice-mail.ts';
import { listNoticeMail } from './notice-mail-status.ts';

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, seconds = 40): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const AMBER_SUBJECT = 'Hand over the exploit samples from the missed calls';
// Due times lie years ahead: the due-time sweep runs in these apps (at start and every
// minute) and must leave the notices alone, or its reminders would arrive among the mail
// each test counts.

function helpers(t: TestApp) {
  const db = t.testDb.database.db;
  const notify = (event: NoticeMailEvent) =>
    inTransaction({ db, jobs: t.built.jobs }, SYSTEM_ACTOR, (uow) => notifyNoticeEvent(uow, event));
  const messagesOf = (noticeId: string) =>
    db.selectFrom('mail_messages').selectAll().where('notice_id', '=', noticeId).orderBy('created_at').execute();
  const settled = (noticeId: string, state: string) =>
    until(`a ${state} message of ${noticeId}`, async () => (await messagesOf(noticeId)).find((m) => m.state === state));
  return { db, notify, messagesOf, settled };
}

describe('notice mail through a real SMTP server', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  let incidentId: string;
  const users = () => t.world.users;
  const orgNotice = (over: Partial<Parameters<typeof insertNotice>[1]> = {}) =>
    insertNotice(h.db, {
      incidentId,
      organizationId: t.world.orgA.id,
      recipients: [users().org_admin.id, users().org_member.id],
      createdBy: users().coordinator.id,
      issuedBy: users().admin.id,
      subject: AMBER_SUBJECT,
      dueAt: new Date('2039-05-20T12:30:00Z'),
      ...over,
    });
  const arrivedFor = (reference: string) => sink.received.filter((m) => m.subject.includes(reference));

  before(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      runJobs: true,
      config: {
        mail: {
          smtp: sink.settings,
          from: 'CERT Casebook <casebook@cert.test>',
          reminderBeforeHours: 24,
          retries: 2,
          retryDelaySeconds: 1,
        },
      },
    });
    h = helpers(t);
    incidentId = (await (await incidentFixtures(t)).createIncident()).id;
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  it('sends the issue mail to the notice recipients with a link to their portal page; an AMBER notice keeps its subject out of it', async () => {
    const amber = await orgNotice({ tlp: 'AMBER' });
    const green = await orgNotice({ tlp: 'GREEN', subject: 'Publish the advisory for CVE-2019-3568' });
    await h.notify({ kind: 'issued', noticeId: amber.id });
    await h.notify({ kind: 'issued', noticeId: green.id });
    await until('both messages to arrive', async () => arrivedFor(amber.reference).length + arrivedFor(green.reference).length === 2);

    const [a] = arrivedFor(amber.reference);
    assert.deepEqual(a.envelopeTo.sort(), ['org-admin@casebook.test', 'org-member@casebook.test']);
    assert.equal(a.headers.from, 'CERT Casebook <casebook@cert.test>');
    assert.equal(a.subject, `New notice ${amber.reference} to Messaging Platform A: respond by 20 May 2039, 18:00 GMT+5:30 (Asia/Kolkata)`);
    assert.ok(a.text.includes(`\nhttp://casebook.test/portal/notices/${amber.id}\n`), a.text);
    assert.match(a.text, /TLP:AMBER: its content is not sent by e-mail/);
    assert.ok(!a.text.includes(AMBER_SUBJECT) && !a.subject.includes(AMBER_SUBJECT), 'the AMBER subject left by mail');
    assert.ok(!a.text.includes('List every account'), 'the notice body left by mail');

    const [g] = arrivedFor(green.reference);
    assert.match(g.text, /Subject of the notice \(TLP:GREEN\): Publish the advisory for CVE-2019-3568/);

    const [row] = await h.messagesOf(amber.id);
    assert.equal(row.state, 'sent');
    assert.equal(row.attempts, 1);
    assert.ok(row.sent_at && row.smtp_message_id && /^250/.test(row.smtp_response ?? ''));
    assert.equal(a.headers['x-casebook-mail-id'], row.id);
  });

  it('writes to the creator and the issuer when a response comes in or more time is asked for, linking the staff page', async () => {
    const notice = await orgNotice();
    await h.db
      .insertInto('notice_responses')
      .values({
        notice_id: notice.id,
        status: 'submitted',
        submitted_by: users().org_admin.id,
        submitted_at: new Date('2039-05-19T08:00:00Z'),
        updated_at: new Date(),
      })
      .execute();
    await h.notify({ kind: 'response_submitted', noticeId: notice.id });
    const extension = await h.db
      .insertInto('extension_requests')
      .values({
        notice_id: notice.id,
        reason: 'The logs are on tape.',
        requested_due_at: new Date('2039-05-27T12:30:00Z'),
        requested_by: users().org_admin.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.notify({ kind: 'extension_requested', noticeId: notice.id, extensionId: extension.id });
    await until('two staff messages', async () => arrivedFor(notice.reference).length === 2);

    for (const mail of arrivedFor(notice.reference)) {
      assert.deepEqual(mail.envelopeTo.sort(), ['admin@casebook.test', 'coordinator@casebook.test']);
      assert.ok(mail.text.includes(`http://casebook.test/notices/${notice.id}\n`), mail.text);
    }
    assert.ok(
      arrivedFor(notice.reference).some((m) => m.subject === `Response received: notice ${notice.reference} (Messaging Platform A)`),
    );
    const request = arrivedFor(notice.reference).find((m) => m.subject.startsWith('Extension requested'));
    assert.match(request?.text ?? '', /Requested: 27 May 2039, 18:00 GMT\+5:30 \(Asia\/Kolkata\)/);
  });

  it('tells the recipients what was decided on more time, and refuses to write about an undecided request', async () => {
    const notice = await orgNotice();
    const extension = await h.db
      .insertInto('extension_requests')
      .values({
        notice_id: notice.id,
        reason: 'Holidays.',
        requested_due_at: new Date('2039-05-27T12:30:00Z'),
        requested_by: users().org_admin.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await assert.rejects(
      h.notify({ kind: 'extension_decided', noticeId: notice.id, extensionId: extension.id }),
      /has not been decided yet/,
    );
    assert.equal((await h.messagesOf(notice.id)).length, 0);

    await h.db
      .updateTable('extension_requests')
      .set({
        status: 'granted',
        decided_by: users().coordinator.id,
        decided_at: new Date(),
        granted_due_at: new Date('2039-05-24T12:30:00Z'),
        previous_due_at: new Date('2039-05-20T12:30:00Z'),
      })
      .where('id', '=', extension.id)
      .execute();
    await h.notify({ kind: 'extension_decided', noticeId: notice.id, extensionId: extension.id });
    // The same decision reported twice is written once.
    await h.notify({ kind: 'extension_decided', noticeId: notice.id, extensionId: extension.id });
    const [mail] = await until('the decision', async () =>
      arrivedFor(notice.reference).length ? arrivedFor(notice.reference) : undefined,
    );
    assert.equal(mail.subject, `Extension granted: notice ${notice.reference} is now due 24 May 2039, 18:00 GMT+5:30 (Asia/Kolkata)`);
    assert.deepEqual(mail.envelopeTo.sort(), ['org-admin@casebook.test', 'org-member@casebook.test']);
    await sleep(1500);
    const rows = await h.messagesOf(notice.id);
    assert.equal(rows.length, 1);
    assert.equal(arrivedFor(notice.reference).length, 1, JSON.stringify({ rows, arrived: arrivedFor(notice.reference) }));
  });

  it('leaves out disabled users, and writes nothing when nobody is left to write to', async () => {
    const spare = await h.db
      .insertInto('users')
      .values({
        organization_id: t.world.orgA.id,
        email: 'former-contact@casebook.test',
        name: 'Former contact',
        role: 'org_member',
        disabled_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mixed = await orgNotice({ recipients: [users().org_admin.id, spare.id] });
    const nobody = await orgNotice({ recipients: [spare.id] });
    await h.notify({ kind: 'issued', noticeId: mixed.id });
    await h.notify({ kind: 'issued', noticeId: nobody.id });
    const [mail] = await until('the message', async () => (arrivedFor(mixed.reference).length ? arrivedFor(mixed.reference) : undefined));
    assert.deepEqual(mail.envelopeTo, ['org-admin@casebook.test']);
    assert.equal((await h.messagesOf(nobody.id)).length, 0);
  });

  it('retries after a temporary SMTP failure, recording the error, then delivers once', async () => {
    sink.refuseNext.push({ code: 451, message: '4.3.0 Mailbox busy, try again later' });
    const notice = await orgNotice();
    await h.notify({ kind: 'issued', noticeId: notice.id });
    const failedOnce = await until('the failed first attempt', async () =>
      (await h.messagesOf(notice.id)).find((m) => m.attempts === 1 && m.last_error),
    );
    assert.equal(failedOnce.state, 'queued');
    assert.match(failedOnce.last_error ?? '', /451 4\.3\.0 Mailbox busy/);
    assert.deepEqual(await listNoticeMail(h.db, notice.id).then((l) => l.map((m) => [m.state, m.attempts])), [['queued', 1]]);

    const sent = await h.settled(notice.id, 'sent');
    assert.equal(sent.attempts, 2);
    assert.match(sent.last_error ?? '', /451/, 'the earlier failure stays on record');
    assert.equal(arrivedFor(notice.reference).length, 1);
  });

  it('marks a message failed at once when the server refuses it for good, and shows that on the notice', async () => {
    sink.refuseNext.push({ code: 554, message: '5.7.1 Message refused by policy' });
    const notice = await orgNotice();
    await h.notify({ kind: 'issued', noticeId: notice.id });
    const failed = await h.settled(notice.id, 'failed');
    assert.equal(failed.attempts, 1);
    const [delivery] = await listNoticeMail(h.db, notice.id);
    assert.equal(delivery.state, 'failed');
    assert.equal(delivery.kind, 'notice.issued');
    assert.match(delivery.lastError ?? '', /554 5\.7\.1 Message refused by policy/);
    await sleep(2500);
    assert.equal((await h.messagesOf(notice.id))[0].attempts, 1, 'a permanent refusal is not retried');
    assert.equal(arrivedFor(notice.reference).length, 0);
  });

  it('records a recipient the server refused (a bounce) on the notice, while the others get the message', async () => {
    sink.refuseRecipients.add('org-member@casebook.test');
    try {
      const notice = await orgNotice();
      await h.notify({ kind: 'issued', noticeId: notice.id });
      const sent = await h.settled(notice.id, 'sent');
      assert.deepEqual(sent.rejected_recipients, ['org-member@casebook.test']);
      assert.deepEqual(
        arrivedFor(notice.reference).map((m) => m.envelopeTo),
        [['org-admin@casebook.test']],
      );
      const [delivery] = await listNoticeMail(h.db, notice.id);
      assert.deepEqual(delivery.rejectedRecipients, ['org-member@casebook.test']);
      assert.match(delivery.lastError ?? '', /Refused by the receiving server: org-member@casebook\.test/);
    } finally {
      sink.refuseRecipients.clear();
    }
  });

  it('gives up after the last retry: the message is failed and the job is listed for admins to retry', async () => {
    sink.refuseNext.push(...Array.from({ length: 3 }, () => ({ code: 421, message: '4.7.0 Too many connections' })));
    const notice = await orgNotice();
    await h.notify({ kind: 'issued', noticeId: notice.id });
    const failed = await h.settled(notice.id, 'failed');
    assert.equal(failed.attempts, 3);
    assert.match(failed.last_error ?? '', /421 4\.7\.0 Too many connections/);
    const admin = await t.login('admin');
    const job = await until('the failed job', async () => {
      const response = await t.request({ method: 'GET', url: '/api/v1/jobs/failed', as: admin });
      return response.json().items.find((j: { name: string; error: string }) => j.name === 'mail.send' && j.error.includes(failed.id));
    });
    // Retried by an admin once the server is well again, it is delivered.
    const retried = await t.request({ method: 'POST', url: `/api/v1/jobs/mail.send/${job.id}/retry`, as: admin });
    assert.equal(retried.statusCode, 204);
    const sent = await h.settled(notice.id, 'sent');
    assert.equal(sent.attempts, 4);
    assert.equal(arrivedFor(notice.reference).length, 1);
  });
});

describe('notice mail without SMTP settings (the embedded default)', () => {
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  let incidentId: string;

  before(async () => {
    t = await createTestApp({ runJobs: true });
    h = helpers(t);
    incidentId = (await (await incidentFixtures(t)).createIncident()).id;
  });
  after(() => t.close());

  it('keeps every message in the outbox, where admins read it with its link, filter it and page through it', async () => {
    const u = t.world.users;
    const notices = [];
    for (const tlp of ['RED', 'CLEAR'] as const) {
      const notice = await insertNotice(h.db, {
        incidentId,
        organizationId: t.world.orgA.id,
        recipients: [u.org_admin.id],
        createdBy: u.coordinator.id,
        issuedBy: u.admin.id,
        tlp,
        subject: AMBER_SUBJECT,
        dueAt: new Date('2039-05-20T12:30:00Z'),
      });
      await h.notify({ kind: 'issued', noticeId: notice.id });
      notices.push(notice);
    }
    const [red, clear] = notices;
    for (const notice of notices) await h.settled(notice.id, 'outbox_only');

    const admin = await t.login('admin');
    const list = async (query: string) => {
      const response = await t.request({ method: 'GET', url: `/api/v1/mail${query}`, as: admin });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const all = await list('');
    assert.deepEqual(
      all.items.map((m: { noticeId: string }) => m.noticeId),
      [clear.id, red.id],
    );
    const [first] = (await list(`?noticeId=${red.id}`)).items;
    assert.equal(first.state, 'outbox_only');
    assert.equal(first.attempts, 0);
    assert.equal(first.kind, 'notice.issued');
    assert.equal(first.noticeReference, red.reference);
    assert.deepEqual(first.recipients, ['org-admin@casebook.test']);
    assert.deepEqual(first.recipientUserIds, [u.org_admin.id]);
    assert.equal(first.url, `http://casebook.test/portal/notices/${red.id}`);
    assert.ok(first.text.includes(`\n${first.url}\n`));
    assert.ok(!first.text.includes(AMBER_SUBJECT) && !first.subject.includes(AMBER_SUBJECT));
    assert.equal((await list('?state=sent')).items.length, 0);
    assert.equal((await list('?state=outbox_only')).items.length, 2);

    const page1 = await list('?limit=1');
    assert.equal(page1.items[0].noticeId, clear.id);
    const page2 = await list(`?limit=1&cursor=${page1.nextCursor}`);
    assert.equal(page2.items[0].noticeId, red.id);
    assert.equal(page2.nextCursor, null);

    for (const who of ['coordinator', 'org_admin'] as const) {
      const response = await t.request({ method: 'GET', url: '/api/v1/mail', as: await t.login(who) });
      assert.equal(response.statusCode, 403);
    }
  });
});
