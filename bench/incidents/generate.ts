/**
 * Fills an empty, migrated Casebook database with an incident register at a chosen
 * scale: organizations, staff, teams, incidents, members, participants (one incident
 * with 500), affected counts, chronology entries (one incident with 10,000) and
 * conflicts. Rows are made server-side (generate-sql.ts), two statements at a time on a
 * PostgreSQL server; secondary indexes are dropped for the load and rebuilt after it.
 *
 *   node --import tsx bench/incidents/generate.ts --incidents 1000000 --entries 10000000 \
 *        --database-url postgres://postgres@127.0.0.1:5432/casebook_bench_incidents
 *   node --import tsx bench/incidents/generate.ts --incidents 100000 --entries 1000000 --data-dir /tmp/cb-pglite
 *
 * Options: --organizations 2000 --staff 200 --teams 20 --password <for every staff user>
 * --create (create the database named in --database-url first). The database must hold
 * no incidents yet. Prints progress and the time of each phase.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type Database, openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { hashPassword } from '../../apps/server/src/modules/auth/passwords.ts';
import * as gen from './generate-sql.ts';

export const BENCH_PASSWORD = 'Bench-register-2025!';

/** Runs SQL on `workers` sessions at once (one on the embedded database). */
interface Runner {
  workers: number;
  run(sql: string, worker?: number): Promise<{ rows: any[] }>;
  close(): Promise<void>;
}

async function serverRunner(url: string, workers: number): Promise<Runner> {
  const clients: pg.Client[] = [];
  for (let i = 0; i < workers; i++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // replica: no triggers, so no per-row foreign-key checks (the generated rows are consistent by construction).
    await client.query(`set session_replication_role = replica; set maintenance_work_mem = '1GB'; set work_mem = '256MB';
      set synchronous_commit = off; set max_parallel_maintenance_workers = 2`);
    clients.push(client);
  }
  return {
    workers,
    run: (sql, worker = 0) => clients[worker].query(sql),
    close: async () => {
      await Promise.all(clients.map((c) => c.end()));
    },
  };
}

async function embeddedRunner(database: Database): Promise<Runner> {
  await database.executeSql(`set session_replication_role = replica; set maintenance_work_mem = '256MB'; set work_mem = '64MB'`);
  return { workers: 1, run: (sql) => database.executeSql(sql), close: async () => {} };
}

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs the tasks on every worker, each taking the next task when it is free. */
async function runAll(runner: Runner, phase: string, tasks: Array<{ label: string; sql: string }>): Promise<void> {
  const started = performance.now();
  let next = 0;
  let done = 0;
  let failed = false;
  // Every worker finishes its statement before a failure is reported, so nothing runs on behind it.
  const outcomes = await Promise.allSettled(
    Array.from({ length: runner.workers }, async (_, worker) => {
      while (!failed && next < tasks.length) {
        const task = tasks[next++];
        const t0 = performance.now();
        try {
          await runner.run(task.sql, worker);
        } catch (error) {
          failed = true;
          throw new Error(`${phase}: ${task.label} failed: ${(error as Error).message}`);
        }
        done++;
        console.log(`  [${phase} ${done}/${tasks.length}] ${task.label} in ${elapsed(t0)} (phase ${elapsed(started)})`);
      }
    }),
  );
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
}

function chunks(total: number, size: number, label: string, make: (lo: number, hi: number) => string) {
  const tasks: Array<{ label: string; sql: string }> = [];
  for (let lo = 1; lo <= total; lo += size) {
    const hi = Math.min(total, lo + size - 1);
    tasks.push({ label: `${label} ${lo}–${hi}`, sql: make(lo, hi) });
  }
  return tasks;
}

const BULK_TABLES = ['incidents', 'participants', 'incident_members', 'affected_counts', 'timeline_entries'];

export interface GenerateOptions {
  scale: gen.Scale;
  password?: string;
}

export interface GenerateResult {
  phases: Array<{ phase: string; seconds: number }>;
  totalSeconds: number;
  counts: Record<string, number>;
}

export async function generate(runner: Runner, options: GenerateOptions): Promise<GenerateResult> {
  const { scale } = options;
  const phases: GenerateResult['phases'] = [];
  const started = performance.now();
  const phase = async (name: string, work: () => Promise<void>) => {
    const t0 = performance.now();
    console.log(`${name}…`);
    await work();
    const seconds = (performance.now() - t0) / 1000;
    phases.push({ phase: name, seconds });
    console.log(`${name}: ${seconds.toFixed(1)} s (total ${elapsed(started)})`);
  };

  const existing = await runner.run('select count(*)::int as n from incidents');
  if (existing.rows[0].n > 0) throw new Error('The database already holds incidents; generate into an empty, migrated database.');

  // Secondary indexes (not those behind primary keys or unique constraints) are rebuilt after the load, as defined now.
  const { rows: indexes } = await runner.run(`select tablename, indexname, indexdef from pg_indexes
    where schemaname = 'public' and tablename in (${BULK_TABLES.map((t) => `'${t}'`).join(',')})
      and indexname not in (select conname from pg_constraint)`);

  await phase('organizations, staff and teams', async () => {
    const hash = await hashPassword(options.password ?? BENCH_PASSWORD);
    for (const s of gen.setupStatements(scale, hash)) await runner.run(s.sql);
    await runner.run(gen.countersStatement(scale));
  });
  await phase(`drop ${indexes.length} secondary indexes`, async () => {
    for (const index of indexes) await runner.run(`drop index ${index.indexname}`);
  });
  try {
    await phase(`${scale.incidents} incidents`, () =>
      runAll(runner, 'incidents', chunks(scale.incidents, Math.max(10_000, Math.ceil(scale.incidents / 10)), 'incidents', (lo, hi) => gen.incidentsStatement(scale, lo, hi))),
    );
    await phase('participants, members, affected counts, chronology entries', () =>
      runAll(runner, 'rows', [
        ...chunks(scale.entries, Math.max(50_000, Math.ceil(scale.entries / 20)), 'entries', (lo, hi) => gen.entriesStatement(scale, lo, hi)),
        ...chunks(scale.incidents, Math.max(50_000, Math.ceil(scale.incidents / 4)), 'participants', (lo, hi) => gen.participantsStatement(scale, lo, hi)),
        { label: 'crowded incident participants', sql: gen.crowdStatement(scale) },
        ...chunks(scale.incidents, Math.max(50_000, Math.ceil(scale.incidents / 2)), 'members', (lo, hi) => gen.membersStatement(scale, lo, hi)),
        ...chunks(scale.incidents, Math.max(50_000, Math.ceil(scale.incidents / 2)), 'affected counts', (lo, hi) => gen.affectedCountsStatement(scale, lo, hi)),
      ]),
    );
  } finally {
    // Largest first, so the two sessions finish together.
    const order = (name: string) => (name.includes('search') ? 0 : name.startsWith('timeline') ? 1 : 2);
    const sorted = [...indexes].sort((a, b) => order(a.indexname) - order(b.indexname));
    await phase(`rebuild ${indexes.length} secondary indexes`, () =>
      runAll(runner, 'index', sorted.map((i) => ({ label: i.indexname, sql: i.indexdef }))),
    );
  }
  await phase('conflicts', async () => {
    for (const s of gen.conflictsStatements(scale)) await runner.run(s);
  });
  await phase('vacuum and analyze', () =>
    runAll(runner, 'vacuum', [...BULK_TABLES, 'timeline_conflicts', 'organizations', 'users', 'teams', 'team_members'].map((t) => ({ label: t, sql: `vacuum (analyze) ${t}` }))),
  );

  const counts: Record<string, number> = {};
  for (const table of [...BULK_TABLES, 'timeline_conflicts', 'organizations', 'users']) {
    counts[table] = (await runner.run(`select count(*)::int as n from ${table}`)).rows[0].n;
  }
  return { phases, totalSeconds: (performance.now() - started) / 1000, counts };
}

async function main() {
  const { values } = parseArgs({
    options: {
      incidents: { type: 'string', default: '100000' },
      entries: { type: 'string' },
      organizations: { type: 'string', default: '2000' },
      staff: { type: 'string', default: '200' },
      teams: { type: 'string', default: '20' },
      password: { type: 'string', default: BENCH_PASSWORD },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      create: { type: 'boolean', default: false },
    },
  });
  const incidents = Number(values.incidents);
  const scale: gen.Scale = {
    incidents,
    entries: Number(values.entries ?? incidents * 10),
    organizations: Number(values.organizations),
    staff: Math.max(10, Number(values.staff)),
    teams: Number(values.teams),
  };
  if (scale.organizations < 1600) throw new Error('--organizations must be at least 1600 (five distinct participants per incident, 500 in one).');
  const url = values['database-url'];
  const dataDir = values['data-dir'];
  if (!url === !dataDir) throw new Error('Give exactly one of --database-url and --data-dir.');

  if (url && values.create) {
    const target = new URL(url);
    const name = target.pathname.slice(1);
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unexpected database name "${name}".`);
    target.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: target.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: url ?? null, dataDir: dataDir ?? '', poolSize: 1 });
  const t0 = performance.now();
  await migrateToLatest(database.db);
  console.log(`migrated in ${elapsed(t0)}; generating ${JSON.stringify(scale)} into ${url ? 'PostgreSQL server' : `PGlite at ${dataDir}`}`);
  let runner: Runner;
  if (url) {
    await database.close();
    runner = await serverRunner(url, 2);
  } else runner = await embeddedRunner(database);
  try {
    const result = await generate(runner, { scale, password: values.password });
    console.log('');
    console.log(`rows: ${Object.entries(result.counts).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
    console.log(`LOAD TIME: ${result.totalSeconds.toFixed(1)} s (${(result.totalSeconds / 60).toFixed(1)} min), migration excluded`);
    if (url) {
      const size = await runner.run('select pg_size_pretty(pg_database_size(current_database())) as size');
      console.log(`database size: ${size.rows[0].size}`);
    }
  } finally {
    await runner.close();
    if (!url) await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
