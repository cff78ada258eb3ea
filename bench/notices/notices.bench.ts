/**
 * Notices at the scale of a national CERT (docs/performance.md, "Notices"): 100,000 issued,
 * acknowledged, responded and closed notices with 12 questions each, their responses and
 * 1,000,000 answers, one organization holding 5,000 of the notices. The data is made
 * server-side (generate.ts) in a database of its own on the PostgreSQL server; the server
 * runs as a child process (`casebook start`) on it, and requests go over loopback with
 * real session cookies, one at a time (latency, not throughput). Measured:
 *
 * - the portal inbox of that organization's member: `GET /api/v1/notices`, first page,
 *   second page and a deep page by cursor (target p95 < 50 ms);
 * - the same organization's notices as a coordinator (scoped to their team's incidents) and
 *   as an administrator, `?organizationId=` (same target);
 * - `getNotice` of a responded notice with its 12 answers, as staff and as the organization;
 * - issuing a notice with its PDF: each sample drafts a notice (one coordinator), approves it
 *   (a second), then issues it; only the issue request is timed (target p95 < 300 ms);
 * - EXPLAIN (ANALYZE, BUFFERS) of the inbox statements, captured from `listNotices` itself.
 *
 * The due-time sweep over all open notices has its own benchmark (sweep.bench.ts).
 *
 *   node --import tsx bench/notices/notices.bench.ts                 (create, generate, measure, drop)
 *   node --import tsx bench/notices/notices.bench.ts --keep          (keep the database afterwards)
 *   node --import tsx bench/notices/notices.bench.ts --reuse --keep  (measure a kept database again)
 *
 * Options: --database-url (default postgres://postgres@127.0.0.1:5432/casebook_bench_notices_io)
 * --requests 200 (per read scenario) --issues 50 --seconds 60 (cap per scenario)
 * --quiet-load 2 --wait 0 (minutes to wait for the 1-minute load average to fall to
 * --quiet-load before measuring) --no-explain; --reuse --keep --explain-only prints the plans alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type CompiledQuery, createQueryId, Kysely, type KyselyPlugin, PostgresDialect, PostgresQueryCompiler } from 'kysely';
import pg from 'pg';
import { SERVER_CONNECTION_OPTIONS, openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import type { DB } from '../../apps/server/src/db/schema.ts';
import { hashPassword } from '../../apps/server/src/modules/auth/passwords.ts';
import type { IncidentScope } from '../../apps/server/src/modules/incidents/incidents.scope.ts';
import { listNotices, type NoticeFilter } from '../../apps/server/src/modules/notices/notices.repository.ts';
import { signIn } from '../lib/http-client.ts';
import { createClient } from '../lib/keep-alive-client.ts';
import { cpuSecondsOf } from '../lib/observe.ts';
import { machineLine, percentile, table, verdict } from '../lib/report.ts';
import { serverEnv, startServerProcess } from '../lib/server-process.ts';
import * as gen from './generate.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/casebook_bench_notices_io' },
    reuse: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    requests: { type: 'string', default: '200' },
    issues: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    'quiet-load': { type: 'string', default: '2' },
    wait: { type: 'string', default: '0' },
    'no-explain': { type: 'boolean', default: false },
    'explain-only': { type: 'boolean', default: false },
  },
});

const URL_ = values['database-url'] as string;
const DB_NAME = new URL(URL_).pathname.slice(1);
if (!/^[a-z0-9_]+$/.test(DB_NAME)) throw new Error(`Unexpected database name "${DB_NAME}".`);
const REQUESTS = Number(values.requests);
const ISSUES = Number(values.issues);
const SECONDS = Number(values.seconds);

const PASSWORD = 'Bench-notices-2025!';
const ORGS = 1000;
const INCIDENTS = 5000;
const NOTICES = 100_000;
const QUESTIONS = 12;
/** Answers in an acknowledged notice's draft response. */
const DRAFT_ANSWERS = 10;
/** Organization 1 gets every 20th notice: 5,000. */
const BIG_ORG = 1;
const BIG_ORG_EVERY = 20;
/** Notices 1..55,000 are closed, ..75,000 responded, the newest 25,000 out and unanswered. */
const CLOSED_UNTIL = 55_000;
const RESPONDED_UNTIL = 75_000;
const TEAMS = 3;
const STAFF: gen.StaffUser[] = [
  { key: 1, email: 'coordinator-a@bench.casebook.test', name: 'Coordinator A', role: 'coordinator', teams: [1] },
  { key: 2, email: 'coordinator-b@bench.casebook.test', name: 'Coordinator B', role: 'coordinator', teams: [1] },
  { key: 3, email: 'admin@bench.casebook.test', name: 'Bench administrator', role: 'admin' },
];
const INBOX_TARGET_MS = 50;
const ISSUE_TARGET_MS = 300;

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

async function adminQuery(sql: string): Promise<void> {
  const url = new URL(URL_);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs tasks on two sessions at once, each taking the next task when it is free. */
async function runAll(clients: pg.Client[], label: string, tasks: Array<{ label: string; sql: string }>): Promise<void> {
  const t0 = performance.now();
  let next = 0;
  let failed = false;
  const outcomes = await Promise.allSettled(
    clients.map(async (client) => {
      while (!failed && next < tasks.length) {
        const task = tasks[next++];
        try {
          await client.query(task.sql);
        } catch (error) {
          failed = true;
          throw new Error(`${label}: ${task.label} failed: ${(error as Error).message}`);
        }
      }
    }),
  );
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  console.log(`  ${label}: ${tasks.length} statement(s) in ${elapsed(t0)}`);
}

async function generate(): Promise<void> {
  const t0 = performance.now();
  const clients = [new pg.Client({ connectionString: URL_ }), new pg.Client({ connectionString: URL_ })];
  for (const client of clients) {
    await client.connect();
    // replica: no per-row foreign-key triggers (the rows are consistent by construction).
    await client.query(`set session_replication_role = replica; set work_mem = '128MB'; set synchronous_commit = off`);
  }
  const at = `timestamptz '${new Date().toISOString()}'`;
  const h = gen.hashOf;
  try {
    const passwordHash = await hashPassword(PASSWORD);
    await runAll(clients.slice(0, 1), 'organizations, users, teams', [
      { label: 'people', sql: gen.peopleSql({ organizations: ORGS, staff: STAFF, teams: TEAMS, passwordHash }) },
    ]);
    await runAll(clients.slice(0, 1), 'incidents', [
      { label: 'incidents', sql: gen.incidentsSql({ incidents: INCIDENTS, ownerKey: 3, teams: TEAMS }) },
    ]);
    const chunks = gen.ranges(NOTICES, 25_000);
    // Oldest first: three years of closed and responded notices, then the 25,000 of the last 14 days.
    const issuedAt = `case when n <= ${RESPONDED_UNTIL} then ${at} - interval '14 days' - (${RESPONDED_UNTIL} - n) * interval '1261.44 seconds'
                           else ${at} - (${NOTICES} - n) * interval '48.384 seconds' end`;
    await runAll(
      clients,
      'notices',
      chunks.map(([lo, hi]) => ({
        label: `notices ${lo}–${hi}`,
        sql: gen.noticesSql({
          lo,
          hi,
          organization: `case when n % ${BIG_ORG_EVERY} = 0 then ${BIG_ORG} else 2 + ${h('n', 4)} % ${ORGS - 1} end`,
          // The large organization's notices concentrate on 500 incidents, the others' spread over all.
          incident: `case when n % ${BIG_ORG_EVERY} = 0 then 1 + ${h('n', 5)} % 500 else 1 + ${h('n', 5)} % ${INCIDENTS} end`,
          status: `case when n <= ${CLOSED_UNTIL} then 'closed' when n <= ${RESPONDED_UNTIL} then 'responded'
                      when (n / ${BIG_ORG_EVERY}) % 5 in (1, 3) then 'acknowledged' else 'issued' end`,
          issuedAt,
          dueAt: `(${issuedAt}) + (array[3, 7, 14, 30])[1 + ${h('n', 1)} % 4] * interval '1 day'`,
          // One in ten answered late; the others between a third and nine tenths of the time allowed.
          respondedAt: `least(${at} - interval '1 hour', case when ${h('n', 2)} % 10 = 0 then due + (1 + ${h('n', 3)} % 5) * interval '1 day'
                                                   else issued + (due - issued) * (0.3 + (${h('n', 3)} % 60) / 100.0) end)`,
          // What the sweep would have flagged: open notices past due, and late answers before they came.
          overdueAt: `case when (st in ('issued', 'acknowledged') and due < ${at}) or resp > due then due + interval '30 seconds' end`,
          legalBasisCode: 'in-itact-70b6',
          createdBy: 1,
          issuedBy: 2,
        }),
      })),
    );
    await runAll(clients, 'recipients, participants, responses', [
      ...chunks.map(([lo, hi]) => ({ label: `recipients ${lo}–${hi}`, sql: gen.recipientsSql(lo, hi) })),
      // The large organization is named for TLP:RED material on its incidents; half the others are.
      { label: 'participants', sql: gen.participantsSql(`org = ${BIG_ORG} or inc % 2 = 0`) },
      ...chunks.map(([lo, hi]) => ({ label: `responses ${lo}–${hi}`, sql: gen.responsesSql(lo, hi, true) })),
    ]);
    const small = gen.ranges(NOTICES, 10_000);
    await runAll(
      clients,
      `questions (${QUESTIONS} per notice)`,
      small.map(([lo, hi]) => ({ label: `questions ${lo}–${hi}`, sql: gen.questionsSql(lo, hi, QUESTIONS) })),
    );
    await runAll(
      clients,
      'answers',
      small.map(([lo, hi]) => ({ label: `answers ${lo}–${hi}`, sql: gen.answersSql(lo, hi, QUESTIONS, DRAFT_ANSWERS) })),
    );
    await runAll(
      clients,
      'assessments of closed notices',
      small.map(([lo, hi]) => ({ label: `assessments ${lo}–${hi}`, sql: gen.assessmentsSql(lo, hi, QUESTIONS, 1) })),
    );
    await runAll(clients.slice(0, 1), 'reminders the sweep has sent', [{ label: 'reminders', sql: gen.settledRemindersSql(at, 48) }]);
    await runAll(
      clients,
      'vacuum (analyze)',
      [
        'notices',
        'notice_questions',
        'notice_answers',
        'notice_responses',
        'notice_recipients',
        'answer_assessments',
        'participants',
        'incidents',
        'users',
        'organizations',
        'notice_reminders',
        'team_members',
      ].map((t) => ({ label: t, sql: `vacuum (analyze) ${t}` })),
    );
    const { rows } = await clients[0].query(`select
      (select count(*)::int from notices) as notices,
      (select count(*)::int from notices where organization_id = '${gen.organizationId(BIG_ORG)}') as big,
      (select count(*)::int from notice_questions) as questions,
      (select count(*)::int from notice_responses) as responses,
      (select count(*)::int from notice_answers) as answers,
      (select count(*)::int from answer_assessments) as assessments,
      (select count(*)::int from participants) as participants,
      (select count(*)::int from notices where status in ('issued', 'acknowledged') and overdue_at is not null) as overdue,
      (select string_agg(status || ' ' || c, ', ' order by status) from (select status, count(*) c from notices group by status) s) as statuses,
      pg_size_pretty(pg_database_size(current_database())) as size`);
    const c = rows[0];
    console.log(
      `generated in ${elapsed(t0)}: ${c.notices.toLocaleString('en')} notices (${c.statuses}; ${c.overdue.toLocaleString('en')} open ones overdue), ` +
        `${c.big.toLocaleString('en')} to organization ${BIG_ORG}, ${c.questions.toLocaleString('en')} questions, ${c.responses.toLocaleString('en')} responses, ` +
        `${c.answers.toLocaleString('en')} answers, ${c.assessments.toLocaleString('en')} assessments, ${c.participants.toLocaleString('en')} participants; database ${c.size}`,
    );
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

async function landmarks() {
  const client = new pg.Client({ connectionString: URL_ });
  await client.connect();
  try {
    const big = gen.organizationId(BIG_ORG);
    const one = async (sql: string, parameters: unknown[] = []) => {
      const { rows } = await client.query(sql, parameters);
      if (!rows[0]) throw new Error(`Nothing found for: ${sql}`);
      return rows[0];
    };
    // A responded notice of the large organization on an incident of team 1 (which both coordinators are in).
    const responded = await one(
      `select n.id, n.reference from notices n join incidents i on i.id = n.incident_id
        where n.organization_id = $1 and n.status = 'responded' and i.team_id = $2 order by n.due_at desc limit 1`,
      [big, gen.teamId(1)],
    );
    const incident = await one(
      `select i.id from participants p join incidents i on i.id = p.incident_id where p.organization_id = $1 and i.team_id = $2 order by i.reference limit 1`,
      [big, gen.teamId(1)],
    );
    const basis = await one(`select id from legal_bases where code = 'in-itact-70b6'`);
    const total = await one('select count(*)::int as n from notices');
    return {
      responded: responded.id as string,
      respondedRef: responded.reference as string,
      incident: incident.id as string,
      basis: basis.id as string,
      notices: total.n as number,
    };
  } finally {
    await client.end();
  }
}

async function waitForQuiet(): Promise<void> {
  const limit = Number(values['quiet-load']);
  const deadline = Date.now() + Number(values.wait) * 60_000;
  while (loadavg()[0] > limit && Date.now() < deadline) {
    console.log(
      `  load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} is above ${limit}: waiting (until ${new Date(deadline).toISOString().slice(11, 19)} UTC at the latest)`,
    );
    await new Promise((r) => setTimeout(r, 30_000));
  }
}

const load1 = () => loadavg()[0].toFixed(2);

interface Row {
  [key: string]: string | number;
}

function summary(name: string, user: string, rows: string, times: number[], targetMs: number | null, load: string, cpu: string): Row {
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  return {
    scenario: name,
    user,
    rows,
    n: sorted.length,
    'p50 ms': percentile(sorted, 50).toFixed(1),
    'p95 ms': p95.toFixed(1),
    'p99 ms': percentile(sorted, 99).toFixed(1),
    target: targetMs === null ? '—' : `p95 < ${targetMs}`,
    verdict: targetMs === null ? '—' : verdict(p95 < targetMs),
    load,
    'CPU ms/req (server + db)': cpu,
  };
}

/** The backends connected to a database (their process title names it), with the CPU seconds each has used. */
function backendsOf(database: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${database} `)) found.set(Number(entry), cpuSecondsOf(Number(entry)));
    } catch {
      // the process ended
    }
  }
  return found;
}

/**
 * CPU seconds the database's backends use from now until stop(), sampled every 100 ms so
 * that a connection the pool opens or closes meanwhile is counted (up to its last sample).
 */
function trackBackends(database: string) {
  const baseline = backendsOf(database);
  const last = new Map(baseline);
  const sample = () => {
    for (const [pid, seconds] of backendsOf(database)) {
      if (!baseline.has(pid)) baseline.set(pid, 0);
      last.set(pid, seconds);
    }
  };
  const timer = setInterval(sample, 100);
  return {
    stop(): number {
      clearInterval(timer);
      sample();
      let total = 0;
      for (const [pid, seconds] of last) total += seconds - (baseline.get(pid) ?? 0);
      return total;
    },
  };
}

async function measure(marks: Awaited<ReturnType<typeof landmarks>>) {
  const server = await startServerProcess({ env: serverEnv(URL_), timeoutMs: 120_000 });
  const client = createClient(server.url, 1);
  const results: Row[] = [];
  const cursors: Record<string, { at: string; id: string }> = {};
  // CPU time of the server process and of its database backends: what a request costs, whatever else the machine runs.
  const cpuMeter = async () => {
    const serverPid = server.child.pid ?? 0;
    const serverBefore = cpuSecondsOf(serverPid);
    const backends = trackBackends(DB_NAME);
    return (requests: number) => {
      const serverMs = ((cpuSecondsOf(serverPid) - serverBefore) * 1000) / requests;
      const dbMs = (backends.stop() * 1000) / requests;
      return `${serverMs.toFixed(1)} + ${dbMs.toFixed(1)}`;
    };
  };
  try {
    const big = gen.organizationId(BIG_ORG);
    const sessions = {
      member: await signIn(server.url, gen.contactEmail(BIG_ORG, 1), PASSWORD),
      coordinatorA: await signIn(server.url, STAFF[0].email, PASSWORD),
      coordinatorB: await signIn(server.url, STAFF[1].email, PASSWORD),
      admin: await signIn(server.url, STAFF[2].email, PASSWORD),
    };
    type Who = keyof typeof sessions;
    const get = async (who: Who, path: string) => {
      const response = await client.request('GET', path, { cookie: sessions[who].cookie });
      if (response.status !== 200)
        throw new Error(`GET ${path} as ${who} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
      return response.body;
    };
    const post = async (who: Who, path: string, body: unknown) => {
      const headers = { cookie: sessions[who].cookie, 'x-csrf-token': sessions[who].csrfToken };
      const t0 = performance.now();
      const response = await client.request('POST', path, headers, body);
      const ms = performance.now() - t0;
      if (response.status !== 200 && response.status !== 201) {
        throw new Error(`POST ${path} as ${who} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
      }
      return { body: response.body, ms };
    };
    const withCursor = (base: string, cursor: string) => `${base}${base.includes('?') ? '&' : '?'}cursor=${cursor}`;
    /** The cursor after `pages` pages of 50. */
    const cursorAfter = async (who: Who, base: string, pages: number) => {
      let cursor: string | null = null;
      for (let i = 0; i < pages; i++) {
        const body = await get(who, cursor ? withCursor(base, cursor) : base);
        cursor = body.nextCursor;
        if (!cursor) throw new Error(`${base} as ${who} has fewer than ${pages + 1} pages`);
      }
      return cursor as string;
    };

    const inbox = '/api/v1/notices';
    const byOrg = `/api/v1/notices?organizationId=${big}`;
    const reads: Array<{ name: string; who: Who; path: string; target: number | null }> = [];
    for (const [who, base, label] of [
      ['member', inbox, 'portal inbox'],
      ['coordinatorA', byOrg, 'organization filter'],
      ['admin', byOrg, 'organization filter'],
    ] as const) {
      const second = await cursorAfter(who, base, 1);
      const deep = await cursorAfter(who, base, 30);
      cursors[`${who} second`] = JSON.parse(Buffer.from(second, 'base64url').toString('utf8'));
      reads.push({ name: `${label}, first page`, who, path: base, target: INBOX_TARGET_MS });
      reads.push({ name: `${label}, second page (cursor)`, who, path: withCursor(base, second), target: INBOX_TARGET_MS });
      reads.push({ name: `${label}, page 31 (cursor)`, who, path: withCursor(base, deep), target: INBOX_TARGET_MS });
    }
    reads.push({
      name: `getNotice, responded, ${QUESTIONS} answers`,
      who: 'coordinatorA',
      path: `/api/v1/notices/${marks.responded}`,
      target: null,
    });
    reads.push({
      name: `getNotice, responded, ${QUESTIONS} answers`,
      who: 'member',
      path: `/api/v1/notices/${marks.responded}`,
      target: null,
    });

    for (const read of reads) {
      let rows = '';
      const sample = async () => {
        const t0 = performance.now();
        const body = await get(read.who, read.path);
        const ms = performance.now() - t0;
        rows = Array.isArray(body.items)
          ? String(body.items.length)
          : `${body.questions?.filter((q: { answer: unknown }) => q.answer).length ?? 0} answers`;
        return ms;
      };
      for (let i = 0; i < 5; i++) await sample(); // warm-up: JIT, pool, plan and buffer caches
      const load = load1();
      const cpu = await cpuMeter();
      const times: number[] = [];
      const deadline = performance.now() + SECONDS * 1000;
      while (times.length < REQUESTS && performance.now() < deadline) times.push(await sample());
      const row = summary(read.name, read.who, rows, times, read.target, load, cpu(times.length));
      results.push(row);
      console.log(
        `  ${read.name} / ${read.who}: p50 ${row['p50 ms']} p95 ${row['p95 ms']} ms (${times.length} samples, rows ${rows}, load ${load})`,
      );
    }

    // Issue: draft (coordinator A), approve (coordinator B: four eyes), issue (B); only the issue is timed.
    const issueOnce = async (i: number) => {
      const dueAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
      const created = await post('coordinatorA', `/api/v1/incidents/${marks.incident}/notices`, {
        organizationId: big,
        kind: 'call_for_information',
        legalBasisId: marks.basis,
        subject: `Preserve and provide the logs of the affected systems (bench ${i})`,
        body: 'Under the legal basis cited, provide the information asked below about the incident by the due time. '.repeat(6),
        tlp: 'AMBER',
        dueMode: 'fixed',
        dueAt,
        timeZone: 'Asia/Kolkata',
        questions: [
          {
            text: 'Provide the logs of the affected systems for the period of the incident, with their time zone.',
            requiresAttachment: true,
          },
          { text: 'List the indicators of compromise observed (addresses, domains, hashes) and when each was first seen.' },
          { text: 'Describe the measures taken to contain the incident and the date each was completed.' },
          { text: 'Name the point of contact who can answer technical questions within one business day.' },
          { text: 'State how many users or customers were affected and in which jurisdictions they are.' },
        ],
        recipientIds: [gen.contactId(BIG_ORG, 0), gen.contactId(BIG_ORG, 1)],
      });
      const approved = await post('coordinatorB', `/api/v1/notices/${created.body.id}/approve`, { version: created.body.version });
      const issued = await post('coordinatorB', `/api/v1/notices/${created.body.id}/issue`, { version: approved.body.version });
      if (issued.body.status !== 'issued' || !issued.body.document?.pdfSha256)
        throw new Error(`The notice was not issued with its PDF: ${JSON.stringify(issued.body).slice(0, 300)}`);
      return { create: created.ms, approve: approved.ms, issue: issued.ms };
    };
    for (let i = 0; i < 3; i++) await issueOnce(-i); // warm-up
    const load = load1();
    const cpu = await cpuMeter();
    const steps = { create: [] as number[], approve: [] as number[], issue: [] as number[] };
    const deadline = performance.now() + SECONDS * 3 * 1000;
    while (steps.issue.length < ISSUES && performance.now() < deadline) {
      const t = await issueOnce(steps.issue.length + 1);
      steps.create.push(t.create);
      steps.approve.push(t.approve);
      steps.issue.push(t.issue);
    }
    const cycle = cpu(steps.issue.length);
    const issueRow = summary('issueNotice (reference, due time, PDF, mail)', 'coordinatorB', '1', steps.issue, ISSUE_TARGET_MS, load, '—');
    results.push(issueRow);
    results.push(summary('  createNotice, 5 questions (not in the target)', 'coordinatorA', '1', steps.create, null, load, '—'));
    results.push(summary('  approveNotice (not in the target)', 'coordinatorB', '1', steps.approve, null, load, '—'));
    results.push({
      scenario: '  create + approve + issue, CPU per notice',
      user: '',
      rows: '',
      n: steps.issue.length,
      'p50 ms': '',
      'p95 ms': '',
      'p99 ms': '',
      target: '',
      verdict: '',
      load,
      'CPU ms/req (server + db)': cycle,
    });
    console.log(`  issue: p95 ${issueRow['p95 ms']} ms (${steps.issue.length} samples, load ${load})`);
  } catch (error) {
    console.error(`server output (last lines):\n${server.output().split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    client.close();
    await server.stop();
  }
  return { results, cursors };
}

/** The key of the last row of the portal inbox's first page, as its cursor carries it. */
async function inboxCursors(): Promise<Record<string, { at: string; id: string }>> {
  const database = await openDatabase({ databaseUrl: URL_, dataDir: '/nonexistent', poolSize: 1 });
  try {
    const scope: IncidentScope = { kind: 'organization', organizationId: gen.organizationId(BIG_ORG) };
    const last = (await listNotices(database.db, scope, { limit: 50 }, new Date())).at(-1);
    if (!last) throw new Error('The inbox is empty.');
    return { 'member second': { at: last.sort_at, id: last.id } };
  } finally {
    await database.close();
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of the statements `listNotices` sends, captured through a Kysely plugin. */
async function explainInbox(cursors: Record<string, { at: string; id: string }>) {
  let captured: CompiledQuery[] = [];
  const capture: KyselyPlugin = {
    transformQuery({ node }) {
      captured.push(new PostgresQueryCompiler().compileQuery(node, createQueryId()));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  // With the settings the server's own connections get (db/database.ts).
  const pool = new pg.Pool({ connectionString: URL_, max: 1, options: SERVER_CONNECTION_OPTIONS });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }).withPlugin(capture);
  const now = new Date();
  const big = gen.organizationId(BIG_ORG);
  const scopes: Array<[string, IncidentScope, NoticeFilter, string]> = [
    ['portal inbox, first page', { kind: 'organization', organizationId: big }, { limit: 51 }, 'member'],
    ['portal inbox, second page', { kind: 'organization', organizationId: big }, { limit: 51, after: cursors['member second'] }, 'member'],
    [
      'coordinator, organization filter, first page',
      { kind: 'staff', userId: gen.staffId(1), role: 'coordinator' },
      { limit: 51, organizationId: big },
      'coordinatorA',
    ],
    [
      'administrator, organization filter, first page',
      { kind: 'all', userId: gen.staffId(3) },
      { limit: 51, organizationId: big },
      'admin',
    ],
  ];
  try {
    for (const [label, scope, filter] of scopes) {
      captured = [];
      await listNotices(db, scope, filter, now); // once to capture the statements (and warm the cache)
      for (const [i, query] of captured.entries()) {
        const { rows } = await pool.query(`explain (analyze, buffers, costs off) ${query.sql}`, query.parameters as unknown[]);
        console.log(`\n-- ${label}: ${i === 0 ? 'the page of ids' : 'the columns of those rows'}`);
        for (const row of rows) console.log(`   ${row['QUERY PLAN']}`);
      }
    }
  } finally {
    await db.destroy();
  }
}

async function main() {
  console.log('Notices — PostgreSQL server, one request at a time');
  console.log(machineLine());
  let created = false;
  const drop = async () => {
    if (created || values.reuse) await adminQuery(`drop database if exists ${DB_NAME} with (force)`);
  };
  if (!values.keep) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        process.stderr.write(`\n${signal}: dropping ${DB_NAME}…\n`);
        drop().finally(() => process.exit(130));
      });
    }
  }
  try {
    if (!values.reuse) {
      await adminQuery(`create database ${DB_NAME}`);
      created = true;
      const database = await openDatabase({ databaseUrl: URL_, dataDir: '/nonexistent', poolSize: 1 });
      try {
        await migrateToLatest(database.db);
      } finally {
        await database.close();
      }
      console.log(`database ${DB_NAME} created and migrated; generating…`);
      await generate();
    }
    const marks = await landmarks();
    console.log(`notices: ${marks.notices.toLocaleString('en')}; getNotice reads ${marks.respondedRef}`);
    if (values['explain-only']) {
      await explainInbox(await inboxCursors());
      return;
    }
    await waitForQuiet();
    console.log(
      `measuring at load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const { results, cursors } = await measure(marks);
    console.log('');
    console.log(table(results));
    const missed = results.filter((r) => r.verdict === 'NOT MET');
    console.log(
      `\nall targets: ${verdict(missed.length === 0)}; load average at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    if (!values['no-explain']) await explainInbox(cursors);
  } finally {
    if (values.keep) console.log(`\nkept ${DB_NAME} (${URL_})`);
    else await drop();
  }
}

await main();
