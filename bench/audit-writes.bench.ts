/**
 * Audited writes per second on the local PostgreSQL server: PATCH /api/v1/users/:id
 * (one transaction: read, update with optimistic locking, re-read, one audit row linked
 * into a hash chain) from 10 concurrent clients, first against one server process, then
 * against two server processes on the same database (5 clients each). Each client owns
 * one target user and carries its version forward, re-reading on 409. While the load
 * runs, pg_stat_activity is sampled to show lock waits; afterwards the whole audit log
 * must verify.
 *
 *   npm run bench:audit-writes      (BENCH_SECONDS=10, BENCH_CLIENTS=10)
 */
import type { Actor } from '../apps/server/src/audit/audit-event.ts';
import { verifyAuditLog } from '../apps/server/src/audit/audit-verifier.ts';
import { openDatabase } from '../apps/server/src/db/database.ts';
import { inTransaction } from '../apps/server/src/db/unit-of-work.ts';
import { seedWorld } from '../apps/server/test/seed.ts';
import { createBenchDatabase } from './lib/bench-database.ts';
import { signIn } from './lib/http-client.ts';
import { createClient } from './lib/keep-alive-client.ts';
import { describeActivity, measureCpu, sampleActivity } from './lib/observe.ts';
import { machineLine, percentile, table, verdict } from './lib/report.ts';
import { type ServerProcess, serverEnv, startServerProcess } from './lib/server-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const TARGET_PER_S = 500;

interface PhaseResult {
  name: string;
  writes: number;
  conflicts: number;
  failures: number;
  seconds: number;
  latencies: number[];
  activity: string[];
  cpu: Array<[string, string]>;
}

/** One client: owns one user, changes its name over and over, carrying the version forward. */
async function clientLoop(
  server: ServerProcess,
  session: { cookie: string; csrfToken: string },
  userId: string,
  until: number,
  tally: { writes: number; conflicts: number; failures: number; latencies: number[]; lastFailure: string },
) {
  const http = createClient(server.url, 1);
  const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  const path = `/api/v1/users/${userId}`;
  try {
    let version = (await http.request('GET', path, headers)).body.version as number;
    let n = 0;
    while (performance.now() < until) {
      const t0 = performance.now();
      const res = await http.request('PATCH', path, headers, { version, name: `Bench user ${userId.slice(0, 8)} ${++n}` });
      if (res.status === 200) {
        tally.writes++;
        tally.latencies.push(performance.now() - t0);
        version = res.body.version;
      } else if (res.status === 409) {
        tally.conflicts++;
        version = (await http.request('GET', path, headers)).body.version;
      } else {
        tally.failures++;
        tally.lastFailure = `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      }
    }
  } finally {
    http.close();
  }
}

async function phase(
  name: string,
  bench: { url: string; name: string },
  servers: ServerProcess[],
  sessions: Array<{ cookie: string; csrfToken: string }>,
  targets: string[],
): Promise<PhaseResult> {
  const tally = { writes: 0, conflicts: 0, failures: 0, latencies: [] as number[], lastFailure: '' };
  // Warm-up: JIT, pool connections, plan caches.
  const warmUntil = performance.now() + 2_000;
  await Promise.all(
    targets.map((id, i) =>
      clientLoop(servers[i % servers.length], sessions[i % servers.length], id, warmUntil, { ...tally, latencies: [] }),
    ),
  );

  const activity = await sampleActivity(bench.url, bench.name);
  const cpu = measureCpu(Object.fromEntries(servers.map((s, i) => [`server process ${i + 1}`, s.child.pid as number])));
  const t0 = performance.now();
  const until = t0 + SECONDS * 1000;
  await Promise.all(targets.map((id, i) => clientLoop(servers[i % servers.length], sessions[i % servers.length], id, until, tally)));
  const seconds = (performance.now() - t0) / 1000;
  const cpuUse = cpu.stop();
  const sampled = await activity.stop();
  if (tally.failures > 0) console.log(`  ${name}: ${tally.failures} failed requests, last: ${tally.lastFailure}`);
  return {
    name,
    writes: tally.writes,
    conflicts: tally.conflicts,
    failures: tally.failures,
    seconds,
    latencies: tally.latencies.sort((a, b) => a - b),
    activity: describeActivity(sampled),
    cpu: cpuUse,
  };
}

/**
 * The chain alone: transactions that write nothing but one audit row (what every audited
 * change adds), from CLIENTS concurrent connections of this process, no HTTP. This is the
 * ceiling the hash-chain design puts on audited writes.
 */
async function chainOnly(bench: { url: string; name: string }, actor: Actor): Promise<PhaseResult> {
  const database = await openDatabase({ databaseUrl: bench.url, dataDir: '/nonexistent', poolSize: CLIENTS });
  const deps = { db: database.db, jobs: { sendWithin: async () => {} } };
  const tally = { writes: 0, latencies: [] as number[] };
  const run = async (until: number, record: boolean) => {
    const loops = Array.from({ length: CLIENTS }, async (_, i) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await inTransaction(deps, actor, async (uow) => {
          uow.audit({
            action: 'user.updated',
            targetType: 'user',
            targetIds: [actor.userId as string],
            before: { name: `a${i}` },
            after: { name: `b${i}` },
          });
        });
        if (record) {
          tally.writes++;
          tally.latencies.push(performance.now() - t0);
        }
      }
    });
    await Promise.all(loops);
  };
  try {
    await run(performance.now() + 1_000, false);
    const activity = await sampleActivity(bench.url, bench.name);
    const cpu = measureCpu({});
    const t0 = performance.now();
    await run(t0 + SECONDS * 1000, true);
    const seconds = (performance.now() - t0) / 1000;
    const cpuUse = cpu.stop();
    const sampled = await activity.stop();
    return {
      name: 'chain only (no HTTP, in process)',
      writes: tally.writes,
      conflicts: 0,
      failures: 0,
      seconds,
      latencies: tally.latencies.sort((a, b) => a - b),
      activity: describeActivity(sampled),
      cpu: cpuUse.map(
        ([who, share]) => [who === 'load generator (this process)' ? 'this process (writer)' : who, share] as [string, string],
      ),
    };
  } finally {
    await database.close();
  }
}

async function main() {
  console.log(`Audited writes (PATCH /api/v1/users/:id) — ${CLIENTS} clients, ${SECONDS} s per phase, PostgreSQL server`);
  console.log(machineLine());
  const bench = await createBenchDatabase('writes');
  const servers: ServerProcess[] = [];
  try {
    const database = await openDatabase({ databaseUrl: bench.url, dataDir: '/nonexistent', poolSize: 2 });
    const world = await seedWorld(database.db);
    const targets: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const row = await database.db
        .insertInto('users')
        .values({
          email: `bench-target-${i}@casebook.test`,
          name: `Bench target ${i}`,
          role: 'analyst',
          organization_id: world.home.id,
          password_hash: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      targets.push(row.id);
    }
    await database.close();

    const env = serverEnv(bench.url);
    servers.push(await startServerProcess({ env }));
    const admin = world.users.admin;
    const first = await signIn(servers[0].url, admin.email, admin.password);
    const results: PhaseResult[] = [];
    results.push(
      await chainOnly(bench, { userId: admin.id, organizationId: world.home.id, via: 'cli', requestId: null, clientAddress: null }),
    );
    results.push(await phase('one server process', bench, servers, [first], targets));

    servers.push(await startServerProcess({ env }));
    const second = await signIn(servers[1].url, admin.email, admin.password);
    results.push(await phase('two server processes', bench, servers, [first, second], targets));

    console.log('');
    console.log(
      table(
        results.map((r) => ({
          phase: r.name,
          'audited writes/s': Math.round(r.writes / r.seconds),
          writes: r.writes,
          '409s': r.conflicts,
          failures: r.failures,
          'p50 ms': percentile(r.latencies, 50).toFixed(1),
          'p99 ms': percentile(r.latencies, 99).toFixed(1),
        })),
      ),
    );
    for (const r of results) {
      console.log('');
      console.log(`${r.name}: database backends of this database, average over samples every 25 ms`);
      for (const line of r.activity) console.log(`  ${line}`);
      console.log(`${r.name}: CPU`);
      for (const [who, share] of r.cpu) console.log(`  ${who.padEnd(32)} ${share}`);
    }

    for (const s of servers) await s.stop();
    const check = await openDatabase({ databaseUrl: bench.url, dataDir: '/nonexistent', poolSize: 2 });
    try {
      const verified = await verifyAuditLog(check.db);
      const counts = await check.db
        .selectFrom('audit_events')
        .select((eb) => [
          eb.fn.countAll<number>().as('all'),
          eb.fn.count<number>('id').filterWhere('action', '=', 'user.updated').as('updates'),
        ])
        .executeTakeFirstOrThrow();
      const expectedUpdates = results.reduce((n, r) => n + r.writes, 0); // every phase writes user.updated rows
      console.log('');
      console.log(
        `audit log: ${verified.ok ? 'verifies' : `BROKEN: ${JSON.stringify(verified.problem)}`}, ${verified.rowsChecked} rows checked of ${counts.all}; user.updated rows ${counts.updates} (≥ ${expectedUpdates} measured writes plus warm-up)`,
      );
      if (!verified.ok || verified.rowsChecked !== Number(counts.all) || Number(counts.updates) < expectedUpdates) process.exitCode = 1;
      const chains = await check.db.selectFrom('audit_chain_heads').select(['chain', 'seq']).orderBy('chain').execute();
      console.log(`rows per chain: ${chains.map((c) => c.seq).join(' ')}`);
    } finally {
      await check.close();
    }

    console.log('');
    for (const r of results) {
      const rate = r.writes / r.seconds;
      console.log(`${r.name}: ${Math.round(rate)} audited writes/s — target ≥ ${TARGET_PER_S}: ${verdict(rate >= TARGET_PER_S)}`);
    }
  } finally {
    for (const s of servers) await s.stop();
    await bench.drop();
  }
}

await main();
