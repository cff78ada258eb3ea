/**
 * Recomputing obligations on the local PostgreSQL server. A throw-away database
 * (casebook_bench_obligations_…) is migrated — which installs the shipped rule packs — and
 * filled set-based (generate.ts): 2,000 outside organizations in ten mixes of legal roles
 * and jurisdictions, N incidents (default 1,000,000) with a seeded category and key times
 * in 2019–2026, three participants each, and the obligation facts entered for most pairs.
 * Then the module's own code is timed:
 *   1. `recomputeAll` from empty: every result is computed and inserted;
 *   2. `recomputeAll` again, nothing changed: reads, computes, compares, writes nothing —
 *      the "recompute all" the target means (under 60 s for 1,000,000 incidents);
 *   3. `recomputeAll` after the facts of 1% of the incidents changed;
 *   4. one incident after an edit to its facts: `recomputeBatch` for that incident, over
 *      200 incidents (target under 20 ms).
 * CPU is read from /proc: this process (node) and every postgres process (the server's
 * other users included; run on a quiet machine).
 *
 *   node --import tsx bench/obligations/recompute.bench.ts [--incidents 1000000] [--keep] [--reuse NAME]
 *
 * --keep leaves the database for a later --reuse NAME, which skips generation (and
 * deletes the stored obligations first, so that step 1 starts from empty again).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { recomputeAll, recomputeBatch } from '../../apps/server/src/modules/obligations/obligation-jobs.ts';
import type { RecomputeCounts } from '../../apps/server/src/modules/obligations/obligation-recompute.ts';
import { BENCH_SERVER_URL, createBenchDatabase } from '../lib/bench-database.ts';
import { cpuSecondsOf } from '../lib/observe.ts';
import { machineLine, percentile, table, verdict } from '../lib/report.ts';
import * as notices from '../notices/generate.ts';
import * as gen from './generate.ts';

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    single: { type: 'string', default: '200' },
  },
});
const INCIDENTS = Number(values.incidents);
const ORGANIZATIONS = 2000;
const CHUNK = 100_000;
const ALL_TARGET_S = 60;
const ONE_TARGET_MS = 20;

const bench = values.reuse
  ? { name: values.reuse, url: Object.assign(new URL(BENCH_SERVER_URL), { pathname: `/${values.reuse}` }).toString(), drop: async () => {} }
  : await createBenchDatabase('obligations');
const database = await openDatabase({ databaseUrl: bench.url, dataDir: '/nonexistent', poolSize: 2 });
const sqlRun = (text: string) => database.executeSql(text);
const n = (x: number) => x.toLocaleString('en');

/** CPU seconds of every postgres process. */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuSecondsOf(Number(entry));
    } catch {
      // process ended
    }
  }
  return total;
}

try {
  console.log(machineLine());
  const g0 = performance.now();
  if (!values.reuse) {
    console.log(
      `database ${bench.name}: generating ${n(INCIDENTS)} incidents, 3 participants each, out of ${n(ORGANIZATIONS)} organizations…`,
    );
    await sqlRun(
      notices.peopleSql({
        organizations: ORGANIZATIONS,
        staff: [{ key: 1, email: 'coordinator@bench.casebook.test', name: 'Bench coordinator', role: 'coordinator' }],
      }),
    );
    await sqlRun(gen.organizationRolesSql(ORGANIZATIONS));
    const owner = notices.staffId(1);
    for (const [lo, hi] of gen.ranges(INCIDENTS, CHUNK)) {
      await sqlRun(gen.incidentsSql(lo, hi, owner));
      await sqlRun(gen.participantsSql(lo, hi, ORGANIZATIONS, owner));
      await sqlRun(gen.factsSql(lo, hi, ORGANIZATIONS));
      process.stdout.write(`  ${n(hi)} incidents\r`);
    }
    await sqlRun('vacuum analyze');
  } else {
    console.log(`database ${bench.name} (reused): deleting the stored obligations…`);
    await sqlRun('delete from obligations');
    await sqlRun('vacuum analyze obligations');
  }
  const shape = (
    await sqlRun(`select (select count(*) from incidents) as incidents, (select count(*) from participants) as participants,
      (select count(*) from obligation_facts) as facts, (select count(*) from obligation_rules where enabled) as enabled,
      (select count(*) from obligation_rules) as rules`)
  ).rows[0];
  console.log(
    `data in ${((performance.now() - g0) / 1000).toFixed(0)} s: ${n(Number(shape.incidents))} incidents, ${n(Number(shape.participants))} participants, ` +
      `${n(Number(shape.facts))} obligation facts, ${shape.enabled} of ${shape.rules} rules enabled\n`,
  );

  const clockAt = new Date();
  const silentJobs = {
    sendWithin: async () => {
      throw new Error('the recomputation enqueues no job');
    },
  };
  const deps = { db: database.db, jobs: silentJobs, clock: () => clockAt };

  const byState = async () =>
    (await sqlRun('select state, count(*)::int as n from obligations group by state order by state')).rows
      .map((r) => `${r.state} ${n(r.n)}`)
      .join(', ');

  const rows: Array<Record<string, string | number>> = [];
  const timedAll = async (label: string) => {
    const pg0 = postgresCpuSeconds();
    const node0 = process.cpuUsage();
    const t0 = performance.now();
    const totals: RecomputeCounts = await recomputeAll(deps);
    const seconds = (performance.now() - t0) / 1000;
    const node = process.cpuUsage(node0);
    const pgCpu = postgresCpuSeconds() - pg0;
    rows.push({
      run: label,
      'wall s': seconds.toFixed(1),
      'CPU s, node + db': `${((node.user + node.system) / 1e6).toFixed(1)} + ${pgCpu.toFixed(1)}`,
      incidents: n(totals.incidents),
      'inserted/updated/deleted': `${n(totals.inserted)}/${n(totals.updated)}/${n(totals.deleted)}`,
      unchanged: n(totals.unchanged),
      // The target is for 1,000,000 incidents; a smaller run is judged on its time scaled to that (the cost is linear).
      target: label.startsWith('2.')
        ? `< ${ALL_TARGET_S} s for 1M${INCIDENTS === 1_000_000 ? '' : ` (x${(1_000_000 / INCIDENTS).toFixed(0)}: ${((seconds * 1_000_000) / INCIDENTS).toFixed(0)} s)`}`
        : '',
      verdict: label.startsWith('2.') ? verdict((seconds * 1_000_000) / INCIDENTS < ALL_TARGET_S) : '',
    });
    console.log(`${label}: ${seconds.toFixed(1)} s`);
    return totals;
  };

  await timedAll('1. all, from empty');
  const statesFirst = await byState();
  console.log(`  obligations by state: ${statesFirst}`);
  await sqlRun('vacuum analyze obligations');
  await timedAll('2. all, nothing changed');

  // 1% of the incidents get other facts (new times and judgements for their pairs).
  const e0 = performance.now();
  for (const [lo, hi] of gen.ranges(INCIDENTS, CHUNK)) await sqlRun(gen.factsSql(lo, hi, ORGANIZATIONS, 1, 'n % 100 = 0'));
  console.log(`  changed the facts of ${n(Math.floor(INCIDENTS / 100))} incidents in ${((performance.now() - e0) / 1000).toFixed(1)} s`);
  await timedAll('3. all, 1% of facts changed');
  const statesAfter = await byState();
  console.log(`  obligations by state: ${statesAfter}`);

  // One incident after an edit: its awareness time moves, then the recompute job's own call.
  const single = Number(values.single);
  const times: number[] = [];
  const pg0 = postgresCpuSeconds();
  const node0 = process.cpuUsage();
  let changed = 0;
  for (let i = 0; i < single; i++) {
    const k = 1 + Math.floor(((i + 0.5) * INCIDENTS) / single);
    const id = `a0000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
    await sqlRun(`update obligation_facts set value_at = value_at - interval '5 hours' where incident_id = '${id}' and fact = 'aware_at'`);
    const t0 = performance.now();
    const c = await recomputeBatch(deps, [id]);
    times.push(performance.now() - t0);
    changed += c.updated;
  }
  const node = process.cpuUsage(node0);
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  rows.push({
    run: `4. one incident after an edit, x${single}`,
    'wall s': `p50 ${(percentile(times, 50) / 1000).toFixed(3)}, p95 ${(p95 / 1000).toFixed(3)}`,
    'CPU s, node + db': `${((node.user + node.system) / 1e6).toFixed(1)} + ${(postgresCpuSeconds() - pg0).toFixed(1)} (incl. the edits)`,
    incidents: single,
    'inserted/updated/deleted': `-/${n(changed)}/-`,
    unchanged: '',
    target: `< ${ONE_TARGET_MS} ms`,
    verdict: verdict(p95 < ONE_TARGET_MS),
  });
  console.log(`\n${table(rows)}`);
  console.log(`\nmachine after the runs: ${machineLine()}`);
} finally {
  await database.close();
  if (values.keep || values.reuse) console.log(`kept ${bench.name}`);
  else await bench.drop();
}
