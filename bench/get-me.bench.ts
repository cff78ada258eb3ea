/**
 * Authenticated GET /api/v1/me against unauthenticated GET /api/v1/health, on the local
 * PostgreSQL server. The server runs as a child process (`casebook start`); autocannon
 * runs here, so the two never share an event loop (they do share the machine's cores:
 * compare the two figures of one run, not figures of different runs).
 *
 *   npm run bench:get-me      (BENCH_SECONDS=10, BENCH_CONNECTIONS=10)
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../apps/server/src/db/database.ts';
import { seedWorld } from '../apps/server/test/seed.ts';
import { createBenchDatabase } from './lib/bench-database.ts';
import { signIn } from './lib/http-client.ts';
import { cpuSecondsOf } from './lib/observe.ts';
import { machineLine, table, verdict } from './lib/report.ts';
import { serverEnv, startServerProcess } from './lib/server-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TARGET_RATIO = 0.5;

interface Load {
  name: string;
  /** Server process CPU per request: less disturbed by other load on the machine than req/s. */
  cpuPerRequestUs: number;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, url: string, headers: Record<string, string>, seconds: number, serverPid: number): Promise<Load> {
  const cpuBefore = cpuSecondsOf(serverPid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  const cpu = cpuSecondsOf(serverPid) - cpuBefore;
  return {
    cpuPerRequestUs: (cpu / Math.max(1, result.requests.total)) * 1e6,
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function explain(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id_hash: string; user_id: string }>('select id_hash, user_id from sessions limit 1');
    const session = rows[0];
    const plans: string[] = [];
    // The two statements a GET /me runs: the session lookup (every authenticated request) and load-me.
    for (const [label, text, values] of [
      [
        'session lookup (findSessionPrincipal)',
        `select s.id_hash, s.created_at, s.last_seen_at, s.expires_at, u.id as user_id, u.organization_id, u.role, u.email, u.name, o.is_home
           from sessions as s join users as u on u.id = s.user_id join organizations as o on o.id = u.organization_id
          where s.id_hash = $1 and s.expires_at > $2 and u.disabled_at is null`,
        [session.id_hash, new Date()],
      ],
      [
        'load-me',
        `select u.id, u.email, u.name, u.role, u.totp_enabled_at, o.id as org_id, o.name as org_name, o.kind as org_kind, o.is_home, s.expires_at
           from users as u join organizations as o on o.id = u.organization_id
           left join sessions as s on s.user_id = u.id and s.id_hash = $1
          where u.id = $2`,
        [session.id_hash, session.user_id],
      ],
    ] as const) {
      const result = await client.query(`explain (analyze, costs off, timing on) ${text}`, [...values]);
      plans.push(`-- ${label}`, ...result.rows.map((r) => `   ${r['QUERY PLAN']}`));
    }
    return plans;
  } finally {
    await client.end();
  }
}

async function main() {
  console.log(`GET /api/v1/me vs GET /api/v1/health — ${CONNECTIONS} connections, ${SECONDS} s each, PostgreSQL server`);
  console.log(machineLine());
  const bench = await createBenchDatabase('getme');
  try {
    const database = await openDatabase({ databaseUrl: bench.url, dataDir: '/nonexistent', poolSize: 2 });
    const world = await seedWorld(database.db);
    await database.close();

    const server = await startServerProcess({ env: serverEnv(bench.url) });
    try {
      const analyst = world.users.analyst;
      const session = await signIn(server.url, analyst.email, analyst.password);
      const meHeaders = { cookie: session.cookie };
      const pid = server.child.pid as number;
      // Warm up both routes (JIT, pool connections, PostgreSQL plan caches).
      await load('warm-up', `${server.url}/api/v1/health`, {}, 2, pid);
      await load('warm-up', `${server.url}/api/v1/me`, meHeaders, 2, pid);

      const health = await load('GET /api/v1/health (no sign-in)', `${server.url}/api/v1/health`, {}, SECONDS, pid);
      const me = await load('GET /api/v1/me (session cookie)', `${server.url}/api/v1/me`, meHeaders, SECONDS, pid);

      console.log('');
      console.log(
        table(
          [health, me].map((r) => ({
            route: r.name,
            'req/s': Math.round(r.rps),
            'p50 ms': r.p50,
            'p99 ms': r.p99,
            requests: r.total,
            'non-2xx': r.non2xx,
            errors: r.errors,
            'server CPU µs/req': Math.round(r.cpuPerRequestUs),
          })),
        ),
      );
      const ratio = me.rps / health.rps;
      console.log('');
      console.log(
        `ratio getMe/health: ${ratio.toFixed(2)} — target ≥ ${TARGET_RATIO}: ${verdict(ratio >= TARGET_RATIO && me.non2xx === 0 && me.errors === 0)}`,
      );
      if (me.non2xx > 0) console.log(`warning: ${me.non2xx} answers to /me were not 2xx — the session did not hold.`);
      console.log('');
      console.log('query plans (EXPLAIN ANALYZE, same database):');
      for (const line of await explain(bench.url)) console.log(line);
    } finally {
      await server.stop();
    }
  } finally {
    await bench.drop();
  }
}

await main();
