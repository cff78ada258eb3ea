import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFakeClock } from '../../../test/fake-clock.ts';
import { incidentFixtures } from '../../../test/incident-fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { type BuiltApp, buildApp } from '../../app.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { runDueSweep } from './due-sweep.ts';
import { insertNotice, type SmtpSink, startSmtpSink, type TestNotice } from './mail-test-support.ts';
import { deliverPendingReminders } from './reminder-delivery.ts';

const HOUR = 3_600_000;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  seconds = 40,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('due-time sweep and reminders', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let incidentId: string;
  /** Other instances started on the same database, closed after each test that starts them. */
  const instances: Array<{ built: BuiltApp; database: Database | null }> = [];

  const db = () => t.testDb.database.db;
  const notice = (over: Partial<TestNotice> & { dueAt: Date | null }) =>
    insertNotice(db(), {
      incidentId,
      organizationId: t.world.orgA.id,
      recipients: [t.world.users.org_admin.id, t.world.users.org_member.id],
      createdBy: t.world.users.coordinator.id,
      issuedBy: t.world.users.admin.id,
      tlp: 'AMBER',
      ...over,
    });
  const remindersOf = (noticeId: string) =>
    db().selectFrom('notice_reminders').selectAll().where('notice_id', '=', noticeId).orderBy('kind').execute();
  const arrivedFor = (reference: string) => sink.received.filter((m) => m.subject.includes(reference));

  /** A second instance of the server on the same database: its own connections where the database is a server. */
  async function startInstance(): Promise<BuiltApp> {
    const database = t.testDb.url ? await openDatabase({ databaseUrl: t.testDb.url, dataDir: '/nonexistent', poolSize: 4 }) : null;
    const built = await buildApp({ config: t.config, database: database ?? t.testDb.database, runJobs: true });
    instances.push({ built, database });
    return built;
  }
  async function stopInstances() {
    for (const { built, database } of instances.splice(0)) {
      await built.close();
      await database?.close();
    }
  }

  before(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      config: {
        mail: { smtp: sink.settings, from: 'Casebook <casebook@cert.test>', reminderBeforeHours: 24, retries: 2, retryDelaySeconds: 1 },
      },
    });
    incidentId = (await (await incidentFixtures(t)).createIncident()).id;
  });
  after(async () => {
    await stopInstances();
    await t.close();
    await sink.close();
  });

  it('flags an unanswered notice overdue once its due time passes, with a chronology entry and an audit row, and takes each reminder once', async () => {
    const clock = createFakeClock(new Date('2031-03-10T06:00:00Z'));
    const deps = { db: db(), jobs: t.built.jobs, config: t.config, clock };
    const now = clock().getTime();
    const late = await notice({ dueAt: new Date(now - HOUR) });
    const answered = await notice({ dueAt: new Date(now - HOUR), status: 'responded' });
    const submittedButAcknowledged = await notice({ dueAt: new Date(now - HOUR), status: 'acknowledged' });
    await db()
      .insertInto('notice_responses')
      .values({
        notice_id: submittedButAcknowledged.id,
        status: 'submitted',
        submitted_at: new Date(now - 2 * HOUR),
        updated_at: new Date(),
      })
      .execute();
    const draft = await notice({ dueAt: new Date(now - HOUR), status: 'draft' });
    const withdrawn = await notice({ dueAt: new Date(now - HOUR), status: 'withdrawn' });
    const soon = await notice({ dueAt: new Date(now + 2 * HOUR), status: 'acknowledged' });
    const later = await notice({ dueAt: new Date(now + 30 * HOUR) });
    const undated = await notice({ dueAt: null });

    const first = await runDueSweep(deps);
    assert.equal(first.flaggedOverdue, 1);
    assert.equal(first.dueSoonReminders, 1);
    assert.equal(first.deliveryQueued, true);

    const flagged = await db().selectFrom('notices').select(['id', 'overdue_at']).where('incident_id', '=', incidentId).execute();
    assert.deepEqual(
      flagged.filter((n) => n.overdue_at).map((n) => n.id),
      [late.id],
    );
    assert.equal(flagged.find((n) => n.id === late.id)?.overdue_at?.getTime(), now);

    const entries = await db()
      .selectFrom('timeline_entries')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('event', '=', 'notice.overdue')
      .execute();
    assert.equal(entries.length, 1);
    assert.equal(
      entries[0].text,
      `Notice ${late.reference} to Messaging Platform A is overdue: no response was submitted by its due time.`,
    );
    // Dated at the due time that passed, shown in the notice's zone.
    assert.equal(entries[0].occurred_at.getTime(), now - HOUR);
    assert.equal(entries[0].time_zone, 'Asia/Kolkata');
    assert.equal(entries[0].precision, 'minute');
    assert.equal(entries[0].kind, 'system');
    assert.equal(entries[0].tlp, 'AMBER');
    assert.deepEqual(entries[0].shared_with, [t.world.orgA.id]);

    const audits = await db()
      .selectFrom('audit_events')
      .select(['action', 'target_ids', 'actor_via'])
      .where('action', '=', 'notice.marked_overdue')
      .execute();
    assert.equal(audits.length, 1);
    assert.deepEqual(audits[0].target_ids, [late.id]);
    assert.equal(audits[0].actor_via, 'system');

    assert.deepEqual(
      (await remindersOf(late.id)).map((r) => [r.kind, r.due_at.getTime()]),
      [['overdue', now - HOUR]],
    );
    assert.deepEqual(
      (await remindersOf(soon.id)).map((r) => [r.kind, r.due_at.getTime()]),
      [['due_soon', now + 2 * HOUR]],
    );
    for (const other of [answered, submittedButAcknowledged, draft, withdrawn, later, undated])
      assert.deepEqual(await remindersOf(other.id), []);

    // Nothing new a minute later: no second entry, audit row or reminder.
    clock.advanceMinutes(1);
    assert.deepEqual(await runDueSweep(deps), { flaggedOverdue: 0, dueSoonReminders: 0, deliveryQueued: true });
    assert.equal(
      (
        await db()
          .selectFrom('timeline_entries')
          .select('id')
          .where('event', '=', 'notice.overdue')
          .where('incident_id', '=', incidentId)
          .execute()
      ).length,
      1,
    );
    assert.equal((await db().selectFrom('audit_events').select('id').where('action', '=', 'notice.marked_overdue').execute()).length, 1);

    // The reminders' messages are written once, however often delivery runs.
    assert.equal(await deliverPendingReminders(deps), 2);
    assert.equal(await deliverPendingReminders(deps), 0);
    const [overdue] = await remindersOf(late.id);
    assert.ok(overdue.sent_at && overdue.mail_message_id);
    const message = await db().selectFrom('mail_messages').selectAll().where('id', '=', overdue.mail_message_id).executeTakeFirstOrThrow();
    assert.equal(message.kind, 'notice.overdue');
    assert.equal(message.subject, `Overdue: notice ${late.reference} was due 10 Mar 2031, 10:30 GMT+5:30 (Asia/Kolkata)`);
    assert.deepEqual([...message.recipients].sort(), ['org-admin@casebook.test', 'org-member@casebook.test']);
    assert.deepEqual(await runDueSweep(deps), { flaggedOverdue: 0, dueSoonReminders: 0, deliveryQueued: false });

    // Its due time passes too: now it is overdue, and its due-soon reminder is not taken again.
    clock.advance(3 * HOUR);
    assert.deepEqual(await runDueSweep(deps), { flaggedOverdue: 1, dueSoonReminders: 0, deliveryQueued: true });
    assert.deepEqual(
      (await remindersOf(soon.id)).map((r) => r.kind),
      ['due_soon', 'overdue'],
    );

    // More time granted: the new due time gets its own due-soon reminder once the window reaches it.
    await db()
      .updateTable('notices')
      .set({ due_at: new Date(clock().getTime() + 48 * HOUR), overdue_at: null })
      .where('id', '=', late.id)
      .execute();
    assert.equal((await runDueSweep(deps)).dueSoonReminders, 0);
    clock.advance(25 * HOUR);
    assert.equal((await runDueSweep(deps)).dueSoonReminders, 2); // `later` (due at +30 h) and the extended one
    assert.deepEqual(
      (await remindersOf(late.id)).map((r) => r.kind),
      ['due_soon', 'overdue'],
    );
  });

  it('works through a backlog in several short transactions, each with its audit row', async () => {
    const clock = createFakeClock(new Date('2032-01-01T00:00:00Z'));
    const deps = { db: db(), jobs: t.built.jobs, config: t.config, clock };
    const backlog = [];
    for (let i = 1; i <= 5; i++) backlog.push(await notice({ dueAt: new Date(clock().getTime() - i * HOUR) }));
    const auditsBefore = (await db().selectFrom('audit_events').select('id').where('action', '=', 'notice.marked_overdue').execute()).length;
    const result = await runDueSweep(deps, { flagBatch: 2 });
    assert.ok(result.flaggedOverdue >= 5);
    const audits = await db().selectFrom('audit_events').select('target_ids').where('action', '=', 'notice.marked_overdue').orderBy('occurred_at').execute();
    assert.equal(audits.length - auditsBefore, Math.ceil(result.flaggedOverdue / 2));
    for (const n of backlog) {
      assert.equal(audits.filter((a) => a.target_ids.includes(n.id)).length, 1, `${n.reference} audited once`);
      assert.deepEqual((await remindersOf(n.id)).map((r) => r.kind), ['overdue']);
    }
    assert.equal((await runDueSweep(deps, { flagBatch: 2 })).flaggedOverdue, 0);
  });

  it('skips a reminder whose notice was answered before its message was written, and says why', async () => {
    const clock = createFakeClock(new Date('2031-06-01T00:00:00Z'));
    const deps = { db: db(), jobs: t.built.jobs, config: t.config, clock };
    await deliverPendingReminders(deps);
    const answered = await notice({ dueAt: new Date(clock().getTime() + 5 * HOUR) });
    await runDueSweep(deps);
    await db().updateTable('notices').set({ status: 'responded', responded_at: clock() }).where('id', '=', answered.id).execute();
    await deliverPendingReminders(deps);
    const [reminder] = await remindersOf(answered.id);
    assert.equal(reminder.kind, 'due_soon');
    assert.equal(reminder.sent_at, null);
    assert.equal(reminder.skip_reason, 'no_longer_due');
    assert.equal(reminder.mail_message_id, null);
  });

  it('sends each reminder exactly once when two instances sweep and deliver at the same time', async () => {
    const now = Date.now();
    const batch = [];
    for (let i = 0; i < 12; i++) batch.push(await notice({ dueAt: new Date(now + (i % 2 === 0 ? -(i + 1) : i + 1) * 60_000 * 17) }));

    // Two sweeps and two deliveries side by side, on two sets of connections where the database is a server.
    const other = t.testDb.url ? await openDatabase({ databaseUrl: t.testDb.url, dataDir: '/nonexistent', poolSize: 4 }) : null;
    try {
      const clock = () => new Date(now);
      const a = { db: db(), jobs: t.built.jobs, config: t.config, clock };
      const b = { ...a, db: other?.db ?? db() };
      await Promise.all([runDueSweep(a), runDueSweep(b), runDueSweep(a), runDueSweep(b)]);
      await Promise.all([deliverPendingReminders(a, { batchSize: 3 }), deliverPendingReminders(b, { batchSize: 3 })]);
    } finally {
      await other?.close();
    }
    for (const n of batch) assert.equal((await remindersOf(n.id)).length, 1, `reminders of ${n.reference}`);

    // Two running instances (workers, schedules, their own start-up sweeps) send what was queued.
    await startInstance();
    await startInstance();
    for (const n of batch) await until(`the reminder of ${n.reference}`, () => arrivedFor(n.reference).length > 0);
    await sleep(3000);
    for (const n of batch) {
      const arrived = arrivedFor(n.reference);
      assert.equal(arrived.length, 1, `${n.reference} arrived ${arrived.length} times`);
      assert.match(arrived[0].subject, /^(Reminder|Overdue): notice /);
    }
    await stopInstances();
  });

  it('catches up at start: a reminder that fell due while no instance ran is sent, and so is one taken but never written', async () => {
    const now = Date.now();
    // Its due time passed while nothing ran: flagged and reminded at start.
    const passed = await notice({ dueAt: new Date(now - 30 * 60_000), tlp: 'GREEN', subject: 'Rotate the signing keys' });
    // Its reminder time (24 h before) passed while nothing ran.
    const soon = await notice({ dueAt: new Date(now + 2 * HOUR) });
    // An instance took this reminder and stopped before writing its message.
    const taken = await notice({ dueAt: new Date(now + 5 * HOUR) });
    await db()
      .insertInto('notice_reminders')
      .values({ notice_id: taken.id, kind: 'due_soon', due_at: new Date(now + 5 * HOUR), created_at: new Date(now - HOUR) })
      .execute();

    await startInstance();
    const [overdue] = await until(
      'the overdue reminder',
      () => (arrivedFor(passed.reference).length ? arrivedFor(passed.reference) : undefined),
      20,
    );
    assert.match(overdue.subject, new RegExp(`^Overdue: notice ${passed.reference.replace(/\//g, '\\/')} was due `));
    assert.match(overdue.text, /Subject of the notice \(TLP:GREEN\): Rotate the signing keys/);
    assert.ok(overdue.text.includes(`http://casebook.test/portal/notices/${passed.id}\n`));
    const [dueSoon] = await until(
      'the due-soon reminder',
      () => (arrivedFor(soon.reference).length ? arrivedFor(soon.reference) : undefined),
      20,
    );
    assert.match(dueSoon.subject, /^Reminder: notice .* is due /);
    await until('the reminder taken before the stop', () => arrivedFor(taken.reference).length === 1, 20);
    const overdueAt = await db().selectFrom('notices').select('overdue_at').where('id', '=', passed.id).executeTakeFirstOrThrow();
    assert.ok(overdueAt.overdue_at);
    await stopInstances();
  });
});
