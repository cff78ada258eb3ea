/**
 * Latency of the incident list, full-text search, a long chronology and an incident
 * with 500 participants, on a register made by generate.ts. The server runs as a child
 * process (`casebook start`), requests go over loopback with real session cookies,
 * one at a time (latency, not throughput), and p50/p95/p99 are reported per scenario.
 *
 *   node --import tsx bench/incidents/incidents.bench.ts --database-url postgres://postgres@127.0.0.1:5432/casebook_bench_incidents_1m
 *   node --import tsx bench/incidents/incidents.bench.ts --data-dir /tmp/casebook-bench-pglite   (embedded PGlite)
 *
 * Options: --requests 200 (per scenario) --seconds 20 (cap per scenario) --only list,search,chronology,participants
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { signIn } from '../lib/http-client.ts';
import { createClient } from '../lib/keep-alive-client.ts';
import { machineLine, percentile, table, verdict } from '../lib/report.ts';
import { serverEnv, startServerProcess } from '../lib/server-process.ts';
import { BENCH_PASSWORD } from './generate.ts';
import { type Scale, incidentId, landmarks, organizationId } from './generate-sql.ts';

interface Scenario {
  group: 'list' | 'search' | 'chronology' | 'participants';
  name: string;
  user: 'admin' | 'analyst';
  /** Requested one after another; one sample is the time of all of them. */
  paths: string[];
  targetMs: number;
}

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    requests: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    only: { type: 'string' },
  },
});
const url = values['database-url'];
const dataDir = values['data-dir'];
if (!url === !dataDir) throw new Error('Give exactly one of --database-url and --data-dir.');
const REQUESTS = Number(values.requests);
const SECONDS = Number(values.seconds);
const only = values.only ? new Set(values.only.split(',')) : null;
const embedded = Boolean(dataDir);

/** What the scenarios need from the database, read before the server opens it (PGlite allows one process). */
async function readRegister() {
  const database = await openDatabase({ databaseUrl: url ?? null, dataDir: dataDir ?? '', poolSize: 1 });
  try {
    const count = await database.executeSql('select count(*)::int as n from incidents');
    const category = await database.executeSql(`select id from incident_categories where code = 'identity-theft-phishing'`);
    const entries = await database.executeSql('select count(*)::int as n from timeline_entries');
    // An indicator (host name) and an address written in one incident's summary: near-unique tokens.
    const marked = await database.executeSql(
      `select substring(summary from 'Indicator: ([^,]+),') as host, substring(summary from 'seen from ([0-9.]+[0-9])') as address from incidents where id = $1`,
      [incidentId(Math.max(1, Math.floor(count.rows[0].n / 7)))],
    );
    return {
      incidents: count.rows[0].n as number,
      entries: entries.rows[0].n as number,
      categoryId: category.rows[0].id as string,
      host: marked.rows[0].host as string,
      address: marked.rows[0].address as string,
    };
  } finally {
    await database.close();
  }
}

function scenarios(register: Awaited<ReturnType<typeof readRegister>>, cursor: string | null): Scenario[] {
  const scale: Scale = { incidents: register.incidents, entries: register.entries, organizations: 2000, staff: 200, teams: 20 };
  const marks = landmarks(scale);
  const listTarget = embedded ? 150 : 30;
  const searchTarget = 150;
  const lists: Array<[string, string]> = [
    ['newest first (default sort)', 'limit=50'],
    ['open statuses, recently updated first', 'status=triage&status=investigating&status=coordinating&sort=updated_desc&limit=50'],
    ['high and critical, by severity', 'severity=high&severity=critical&sort=severity_desc&limit=50'],
    ['one category, investigating', `categoryId=${register.categoryId}&status=investigating&limit=50`],
    ['tag and TLP', 'tag=banking&tlp=AMBER&limit=50'],
    ['one participant organization', `organizationId=${organizationId(7)}&limit=50`],
    ['half a year, affected in one country', 'from=2023-01-01T00:00:00Z&to=2023-07-01T00:00:00Z&country=IN&limit=50'],
    ['by reference', 'sort=reference_asc&limit=50'],
  ];
  if (cursor) lists.push(['second page (cursor)', `limit=50&cursor=${encodeURIComponent(cursor)}`]);
  const searches: Array<[string, string]> = [
    ['one common word', 'ransomware'],
    ['two words', 'pegasus spyware'],
    ['actor and sector', 'Lazarus payment gateway'],
    ['an indicator host name', register.host],
    ['an IP address', register.address],
    ['a phrase from the chronology', '"did not disclose the vulnerability"'],
    ['no hit', 'xylophone'],
  ];
  const out: Scenario[] = [];
  for (const user of ['admin', 'analyst'] as const) {
    for (const [name, query] of lists) out.push({ group: 'list', name, user, paths: [`/api/v1/incidents?${query}`], targetMs: listTarget });
    for (const [name, q] of searches) {
      out.push({ group: 'search', name: `${name}: ${q}`, user, paths: [`/api/v1/incidents?q=${encodeURIComponent(q)}&limit=20`], targetMs: searchTarget });
    }
  }
  const long = incidentId(marks.chronologyIncident);
  const crowded = incidentId(marks.crowdedIncident);
  out.push({ group: 'chronology', name: `first page (100) of ${marks.bigChronologyEntries.toLocaleString('en')}+ entries`, user: 'admin', paths: [`/api/v1/incidents/${long}/timeline`], targetMs: 30 });
  out.push({ group: 'chronology', name: 'first page (50)', user: 'admin', paths: [`/api/v1/incidents/${long}/timeline?limit=50`], targetMs: 30 });
  out.push({
    group: 'participants',
    name: `getIncident + listParticipants (${marks.crowdParticipants})`,
    user: 'admin',
    paths: [`/api/v1/incidents/${crowded}`, `/api/v1/incidents/${crowded}/participants`],
    targetMs: 100,
  });
  return only ? out.filter((s) => only.has(s.group)) : out;
}

function rowsOf(body: any): string {
  if (Array.isArray(body?.items)) return String(body.items.length) + (typeof body.total === 'number' ? `/${body.total}` : '');
  return '1';
}

async function main() {
  console.log(`Incidents, search and chronology — ${embedded ? 'embedded PGlite' : 'PostgreSQL server'}, one request at a time`);
  console.log(machineLine());
  const register = await readRegister();
  console.log(`register: ${register.incidents.toLocaleString('en')} incidents, ${register.entries.toLocaleString('en')} chronology entries`);

  const server = await startServerProcess({
    env: url ? serverEnv(url) : { CASEBOOK_DATA_DIR: dataDir as string, CASEBOOK_LOG_LEVEL: 'warn' },
    timeoutMs: 120_000,
  });
  const client = createClient(server.url, 1);
  try {
    const sessions = {
      admin: await signIn(server.url, 'staff-0002@bench.casebook.test', BENCH_PASSWORD),
      analyst: await signIn(server.url, 'staff-0001@bench.casebook.test', BENCH_PASSWORD),
    };
    const first = await client.request('GET', '/api/v1/incidents?limit=50', { cookie: sessions.admin.cookie });
    const list = scenarios(register, first.body?.nextCursor ?? null);
    const results: Array<Record<string, string | number>> = [];
    let allMet = true;
    for (const scenario of list) {
      const headers = { cookie: sessions[scenario.user].cookie };
      let rows = '';
      const sample = async () => {
        const t0 = performance.now();
        for (const path of scenario.paths) {
          const response = await client.request('GET', path, headers);
          if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
          rows = rowsOf(response.body);
        }
        return performance.now() - t0;
      };
      for (let i = 0; i < 5; i++) await sample(); // warm-up: JIT, pool, plan and buffer caches
      const times: number[] = [];
      const deadline = performance.now() + SECONDS * 1000;
      while (times.length < REQUESTS && performance.now() < deadline) times.push(await sample());
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      const met = p95 < scenario.targetMs;
      allMet &&= met;
      results.push({
        group: scenario.group,
        scenario: scenario.name,
        user: scenario.user,
        rows,
        n: times.length,
        'p50 ms': percentile(times, 50).toFixed(1),
        'p95 ms': p95.toFixed(1),
        'p99 ms': percentile(times, 99).toFixed(1),
        target: `< ${scenario.targetMs}`,
        verdict: verdict(met),
      });
      console.log(`  ${scenario.group} / ${scenario.user} / ${scenario.name}: p95 ${p95.toFixed(1)} ms (${times.length} samples, rows ${rows})`);
    }
    console.log('');
    console.log(table(results));
    console.log('');
    console.log(`all targets: ${verdict(allMet)}`);
  } catch (error) {
    console.error(`server output (last lines):\n${server.output().split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    client.close();
    await server.stop();
  }
}

await main();
