/**
 * The due-time sweep over 100,000 open notices on the local PostgreSQL server. A throw-away
 * database (casebook_bench_notices_…) is migrated and filled set-based: 500 organizations
 * with two points of contact each, 1,000 incidents, 100,000 open notices (issued or
 * acknowledged) whose due times are spread evenly over a week either side of now, and
 * 20,000 answered or closed ones the sweep must pass over (the rows come from generate.ts).
 * Then `runDueSweep` (the job's own code) is timed: the first run, a catch-up that flags every
 * notice already past due (with its chronology entry, audit rows and overdue reminder) and
 * takes the due-soon reminders of the next 24 hours, reported as a throughput; and the
 * steady-state runs a minute apart, the sweep the target is about. Last,
 * the reminder delivery job writes a sample of the messages, for its rate. Target: the
 * sweep under 2 s.
 *
 *   node --import tsx bench/notices/sweep.bench.ts [--notices 100000] [--steady 10] [--deliver 2000] [--keep]
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { createJobQueue, type JobSender } from '../../apps/server/src/jobs/job-queue.ts';
import { runDueSweep } from '../../apps/server/src/modules/mail/due-sweep.ts';
import { createMailJobs } from '../../apps/server/src/modules/mail/mail-jobs.ts';
import { deliverPendingReminders } from '../../apps/server/src/modules/mail/reminder-delivery.ts';
import { testConfig } from '../../apps/server/test/test-config.ts';
import { createBenchDatabase } from '../lib/bench-database.ts';
import { cpuSecondsOf } from '../lib/observe.ts';
import { machineLine, percentile, table, verdict } from '../lib/report.ts';
import * as gen from './generate.ts';

const { values } = parseArgs({
  options: {
    notices: { type: 'string', default: '100000' },
    steady: { type: 'string', default: '10' },
    deliver: { type: 'string', default: '2000' },
    keep: { type: 'boolean', default: false },
  },
});
const NOTICES = Number(values.notices);
const CLOSED = Math.round(NOTICES / 5);
const ORGS = 500;
const INCIDENTS = 1000;
const TARGET_MS = 2000;
const WEEK_MINUTES = 7 * 24 * 60;

const bench = await createBenchDatabase('notices');
// One connection, so that one backend runs the sweep and its CPU time can be read.
const database = await openDatabase({ databaseUrl: bench.url, dataDir: '/nonexistent', poolSize: 1 });
const sqlRun = (text: string) => database.executeSql(text);
const now = new Date();
const at = `timestamptz '${now.toISOString()}'`;

try {
  console.log(machineLine());
  console.log(
    `database ${bench.name}: generating ${NOTICES.toLocaleString('en')} open and ${CLOSED.toLocaleString('en')} answered or closed notices…`,
  );
  const g0 = performance.now();
  await sqlRun(
    gen.peopleSql({
      organizations: ORGS,
      staff: [
        { key: 1, email: 'coordinator@bench.casebook.test', name: 'Bench coordinator', role: 'coordinator' },
        { key: 2, email: 'admin@bench.casebook.test', name: 'Bench admin', role: 'admin' },
      ],
    }),
  );
  await sqlRun(gen.incidentsSql({ incidents: INCIDENTS, ownerKey: 1 }));
  const total = NOTICES + CLOSED;
  await sqlRun(
    gen.noticesSql({
      lo: 1,
      hi: total,
      organization: `1 + n % ${ORGS}`,
      incident: `1 + n % ${INCIDENTS}`,
      status: `case when n > ${NOTICES} then (case when n % 2 = 0 then 'responded' else 'closed' end) when n % 5 = 0 then 'acknowledged' else 'issued' end`,
      issuedAt: `${at} - interval '20 days'`,
      dueAt: `${at} + ((((n::bigint * 7919) % ${2 * WEEK_MINUTES}) - ${WEEK_MINUTES}) * interval '1 minute')`,
      respondedAt: `${at} - interval '10 days'`,
      createdBy: 1,
      issuedBy: 2,
    }),
  );
  await sqlRun(gen.recipientsSql(1, total));
  await sqlRun(gen.participantsSql());
  await sqlRun(gen.responsesSql(1, total));
  await sqlRun('vacuum analyze');
  const expectedOverdue = Number(
    (await database.executeSql(`select count(*)::int as n from notices where status in ('issued','acknowledged') and due_at < ${at}`))
      .rows[0].n,
  );
  const expectedSoon = Number(
    (
      await database.executeSql(
        `select count(*)::int as n from notices where status in ('issued','acknowledged') and due_at >= ${at} and due_at < ${at} + interval '24 hours'`,
      )
    ).rows[0].n,
  );
  console.log(
    `generated in ${((performance.now() - g0) / 1000).toFixed(1)} s: ${expectedOverdue.toLocaleString('en')} open notices past due, ${expectedSoon.toLocaleString('en')} due within 24 h\n`,
  );

  const config = testConfig({
    mail: { smtp: null, from: 'Casebook <casebook@bench.casebook.test>', reminderBeforeHours: 24, retries: 8, retryDelaySeconds: 30 },
  });
  const silent = { error() {}, warn() {}, info() {} } as never;
  let clockAt = now.getTime();
  const clock = () => new Date(clockAt);
  const sender: JobSender = { sendWithin: (trx, name, payload, options) => jobs.sendWithin(trx, name, payload, options) };
  const jobs = createJobQueue({
    executeSql: database.executeSql,
    logger: silent,
    definitions: createMailJobs({ db: database.db, jobs: sender, config, clock }),
  });
  await jobs.start({ work: false });
  const deps = { db: database.db, jobs, config, clock };

  // Wall time carries the other load on the machine; the CPU time of this process and of
  // the one database backend that ran the sweep says what the sweep itself needs.
  const backend = Number((await database.executeSql('select pg_backend_pid() as pid')).rows[0].pid);
  const timed = async () => {
    const before = { pg: cpuSecondsOf(backend), node: process.cpuUsage() };
    const t0 = performance.now();
    const result = await runDueSweep(deps);
    const ms = performance.now() - t0;
    const node = process.cpuUsage(before.node);
    return { result, ms, pgCpuMs: (cpuSecondsOf(backend) - before.pg) * 1000, nodeCpuMs: (node.user + node.system) / 1000 };
  };

  const rows: Array<Record<string, string | number>> = [];
  const first = await timed();
  rows.push({
    // The catch-up after an outage: its cost follows how many notices became overdue, so it is a throughput, not the target's case.
    run: 'catch-up (every past-due notice at once)',
    'wall ms': Math.round(first.ms),
    'CPU ms, db + node': `${Math.round(first.pgCpuMs)} + ${Math.round(first.nodeCpuMs)}`,
    'flagged overdue': first.result.flaggedOverdue,
    'due-soon reminders': first.result.dueSoonReminders,
    target: 'throughput',
    verdict: `${Math.round(first.result.flaggedOverdue / (first.ms / 1000)).toLocaleString('en')} notices/s`,
  });
  if (first.result.flaggedOverdue !== expectedOverdue || first.result.dueSoonReminders !== expectedSoon) {
    throw new Error(
      `the first sweep flagged ${first.result.flaggedOverdue} (expected ${expectedOverdue}) and took ${first.result.dueSoonReminders} due-soon reminders (expected ${expectedSoon})`,
    );
  }

  const steady: number[] = [];
  const steadyCpu: number[] = [];
  let steadyFlagged = 0;
  let steadySoon = 0;
  for (let i = 0; i < Number(values.steady); i++) {
    clockAt += 60_000;
    const run = await timed();
    steady.push(run.ms);
    steadyCpu.push(run.pgCpuMs + run.nodeCpuMs);
    steadyFlagged += run.result.flaggedOverdue;
    steadySoon += run.result.dueSoonReminders;
  }
  steady.sort((a, b) => a - b);
  steadyCpu.sort((a, b) => a - b);
  const worst = steady[steady.length - 1];
  rows.push({
    run: `steady, ${steady.length} x a minute apart`,
    'wall ms': `p50 ${Math.round(percentile(steady, 50))}, max ${Math.round(worst)}`,
    'CPU ms, db + node': `p50 ${Math.round(percentile(steadyCpu, 50))}`,
    'flagged overdue': steadyFlagged,
    'due-soon reminders': steadySoon,
    target: `< ${TARGET_MS}`,
    verdict: verdict(worst < TARGET_MS),
  });
  console.log(table(rows));

  const counts = (
    await database.executeSql(`select (select count(*)::int from timeline_entries where event = 'notice.overdue') as entries,
    (select count(*)::int from audit_records where content::jsonb->>'action' = 'notice.marked_overdue') as audits,
    (select count(*)::int from notice_reminders) as reminders, (select count(*)::int from pgboss.job where name = 'mail.deliver_reminders') as delivery_jobs`)
  ).rows[0];
  console.log(
    `\nwritten: ${counts.entries} chronology entries, ${counts.audits} audit rows, ${counts.reminders} reminders, ${counts.delivery_jobs} delivery jobs`,
  );

  const sample = Number(values.deliver);
  if (sample > 0) {
    // The delivery job works through the backlog in batches; time a sample of it.
    const d0 = performance.now();
    const written = await deliverPendingReminders(deps, { batchSize: 100, maxBatches: Math.ceil(sample / 100) });
    const seconds = (performance.now() - d0) / 1000;
    console.log(
      `reminder delivery: ${written} messages written and their send jobs enqueued in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} per second)`,
    );
  }
  await jobs.stop();
} finally {
  await database.close();
  if (values.keep) console.log(`kept ${bench.name}`);
  else await bench.drop();
}
