/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements behind the benchmarked routes, captured
 * from the real repository code (listIncidents, entriesQuery, findIncident) so the plans
 * are those of the SQL the server sends.
 *
 *   node --import tsx bench/incidents/explain.ts --database-url postgres://postgres@127.0.0.1:5432/casebook_bench_incidents_1m [--only search]
 *   node --import tsx bench/incidents/explain.ts --data-dir /tmp/casebook-bench-pglite [--only search]   (embedded PGlite)
 */
import { parseArgs } from 'node:util';
import { type CompiledQuery, Kysely, type KyselyPlugin, PostgresDialect, PostgresQueryCompiler, createQueryId } from 'kysely';
import { type Database, SERVER_CONNECTION_OPTIONS, openDatabase } from '../../apps/server/src/db/database.ts';
import pg from 'pg';
import type { DB } from '../../apps/server/src/db/schema.ts';
import { type IncidentFilter, listIncidents } from '../../apps/server/src/modules/incidents/incident-list.repository.ts';
import { findIncident } from '../../apps/server/src/modules/incidents/incidents.repository.ts';
import type { IncidentScope } from '../../apps/server/src/modules/incidents/incidents.scope.ts';
import { entriesQuery } from '../../apps/server/src/modules/timeline/timeline.repository.ts';
import { type Scale, incidentId, landmarks, organizationId, staffId } from './generate-sql.ts';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, 'data-dir': { type: 'string' }, only: { type: 'string' }, full: { type: 'boolean', default: false }, q: { type: 'string', multiple: true } } });
const url = values['database-url'];
const dataDir = values['data-dir'];
if (!url === !dataDir) throw new Error('Give exactly one of --database-url and --data-dir.');

let captured: CompiledQuery[] = [];
/** Every statement the repository code runs, compiled as the driver will send it. */
const capture: KyselyPlugin = {
  transformQuery({ node }) {
    captured.push(new PostgresQueryCompiler().compileQuery(node, createQueryId()));
    return node;
  },
  transformResult: async ({ result }) => result,
};
const embedded = dataDir ? await openDatabase({ databaseUrl: null, dataDir }) : null;
const pool = url ? new pg.Pool({ connectionString: url, max: 1, options: SERVER_CONNECTION_OPTIONS }) : null;
const run = (text: string, parameters?: readonly unknown[]): Promise<{ rows: any[] }> =>
  pool ? pool.query(text, parameters as unknown[]) : (embedded as Database).executeSql(text, parameters as unknown[]);
const db = (pool ? new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }) : (embedded as Database).db).withPlugin(capture);

async function explain(label: string, statement: () => Promise<unknown>) {
  captured = [];
  await statement(); // once to capture the statement (and warm the cache)
  for (const query of captured) {
    const { rows } = await run(`explain (analyze, buffers${values.full ? '' : ', costs off'}) ${query.sql}`, query.parameters as unknown[]);
    console.log(`\n-- ${label}`);
    for (const row of rows) console.log(`   ${row['QUERY PLAN']}`);
  }
}

const count = (await run('select count(*)::int as n from incidents')).rows[0].n as number;
const entries = (await run('select count(*)::int as n from timeline_entries')).rows[0].n as number;
const category = (await run(`select id from incident_categories where code = 'identity-theft-phishing'`)).rows[0].id as string;
const scale: Scale = { incidents: count, entries, organizations: 2000, staff: 200, teams: 20 };
const marks = landmarks(scale);
const admin: IncidentScope = { kind: 'all', userId: staffId(2) };
const analyst: IncidentScope = { kind: 'staff', userId: staffId(1), role: 'analyst' };
const base: IncidentFilter = { sort: 'created_desc', limit: 51 };
const only = values.only ? new Set(values.only.split(',')) : null;

if (!only || only.has('list')) {
  for (const [who, scope] of [['admin', admin], ['analyst', analyst]] as const) {
    await explain(`list, ${who}: newest first`, () => listIncidents(db, scope, base));
    await explain(`list, ${who}: open statuses, updated_desc`, () =>
      listIncidents(db, scope, { ...base, status: ['triage', 'investigating', 'coordinating'], sort: 'updated_desc' }));
    await explain(`list, ${who}: high+critical, severity_desc`, () => listIncidents(db, scope, { ...base, severity: ['high', 'critical'], sort: 'severity_desc' }));
    await explain(`list, ${who}: category + investigating`, () => listIncidents(db, scope, { ...base, categoryId: category, status: ['investigating'] }));
    await explain(`list, ${who}: tag + tlp`, () => listIncidents(db, scope, { ...base, tag: 'banking', tlp: ['AMBER'] }));
    await explain(`list, ${who}: organization`, () => listIncidents(db, scope, { ...base, organizationId: organizationId(7) }));
    await explain(`list, ${who}: dates + country`, () =>
      listIncidents(db, scope, { ...base, from: new Date('2023-01-01T00:00:00Z'), to: new Date('2023-07-01T00:00:00Z'), country: 'IN' }));
    await explain(`list, ${who}: reference_asc`, () => listIncidents(db, scope, { ...base, sort: 'reference_asc' }));
  }
}
if (!only || only.has('search')) {
  for (const [who, scope] of [['admin', admin], ['analyst', analyst]] as const) {
    for (const q of values.q ?? ['ransomware', 'pegasus spyware', '"did not disclose the vulnerability"', 'coral-51234']) {
      await explain(`search, ${who}: ${q}`, () => listIncidents(db, scope, { ...base, q, limit: 21 }));
    }
  }
}
if (!only || only.has('chronology')) {
  const id = incidentId(marks.chronologyIncident);
  await explain('chronology: first page', () => entriesQuery(db, { incidentId: id }).orderBy('t.occurred_at').orderBy('t.id').limit(101).execute());
  await explain('chronology: total', () =>
    entriesQuery(db, { incidentId: id }).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
}
if (!only || only.has('participants')) {
  await explain('getIncident (admin)', () => findIncident(db, admin, incidentId(marks.crowdedIncident)));
}
await (embedded ? embedded.close() : db.destroy());
