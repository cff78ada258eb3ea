/** SQL for incidents. Every read takes an IncidentScope (incidents.scope.ts). */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { IncidentStatus, Severity, Tlp } from '#shared/incidents';
import type { DB } from '../../db/schema.ts';
import { type IncidentScope, canRead, canWrite } from './incidents.scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The next reference of a year. The counter row is locked until COMMIT, so two creations cannot take one number. */
export async function nextReference(trx: Transaction<DB>, year: number): Promise<string> {
  const row = await trx
    .insertInto('incident_reference_counters')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql`incident_reference_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return `INC-${year}-${String(row.last).padStart(4, '0')}`;
}

export interface IncidentValues {
  title: string;
  summary: string;
  category_id: string | null;
  severity: Severity;
  tlp: Tlp;
  occurred_at: Date | null;
  occurred_tz: string | null;
  detected_at: Date | null;
  detected_tz: string | null;
  noticed_at: Date | null;
  noticed_tz: string | null;
  reported_at: Date | null;
  reported_tz: string | null;
  platforms: string[];
  cves: string[];
  threat_actors: string[];
  malware: string[];
  tags: string[];
  owner_id: string | null;
  team_id: string | null;
}

export async function insertIncident(trx: Transaction<DB>, values: IncidentValues & { reference: string; created_by: string; now: Date }): Promise<string> {
  const { now, ...rest } = values;
  const row = await trx.insertInto('incidents').values({ ...rest, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function incidentDetailQuery(db: Executor, scope: IncidentScope) {
  return db
    .selectFrom('incidents as i')
    .leftJoin('incident_categories as c', 'c.id', 'i.category_id')
    .leftJoin('users as o', 'o.id', 'i.owner_id')
    .leftJoin('teams as t', 't.id', 'i.team_id')
    .selectAll('i')
    .select((eb) => [
      'c.code as category_code',
      'c.label as category_label',
      'o.name as owner_name',
      't.name as team_name',
      canWrite(eb, scope).as('can_write'),
    ])
    .where((eb) => canRead(eb, scope));
}

export type IncidentDetailRow = NonNullable<Awaited<ReturnType<ReturnType<typeof incidentDetailQuery>['executeTakeFirst']>>>;

export async function findIncident(db: Executor, scope: IncidentScope, id: string, options: { forUpdate?: boolean } = {}) {
  let query = incidentDetailQuery(db, scope).where('i.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('i');
  return query.executeTakeFirst();
}

export async function updateIncidentRow(trx: Transaction<DB>, id: string, version: number, changes: Partial<IncidentValues> & { status?: IncidentStatus; status_reason?: string | null }, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('incidents')
    .set({ ...changes, updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface AffectedCountRow {
  id: string;
  country: string;
  count: number;
  approximate: boolean;
  as_of: string;
  source: string;
  source_organization_id: string | null;
  source_organization_name: string | null;
  recorded_at: Date;
  recorded_by_name: string | null;
}

export async function affectedCounts(db: Executor, incidentId: string): Promise<{ current: AffectedCountRow[]; history: AffectedCountRow[] }> {
  const rows = await db
    .selectFrom('affected_counts as a')
    .leftJoin('organizations as o', 'o.id', 'a.source_organization_id')
    .leftJoin('users as u', 'u.id', 'a.recorded_by')
    .select([
      'a.id', 'a.country', 'a.count', 'a.approximate', sql<string>`to_char(a.as_of, 'YYYY-MM-DD')`.as('as_of'), 'a.source',
      'a.source_organization_id', 'o.name as source_organization_name', 'a.recorded_at', 'u.name as recorded_by_name',
    ])
    .where('a.incident_id', '=', incidentId)
    .orderBy('a.country')
    .orderBy('a.recorded_at', 'desc')
    .execute();
  const seen = new Set<string>();
  const current: AffectedCountRow[] = [];
  const history: AffectedCountRow[] = [];
  for (const row of rows) {
    if (seen.has(row.country)) history.push(row);
    else {
      seen.add(row.country);
      current.push(row);
    }
  }
  current.sort((a, b) => (a.country === 'ZZ' ? -1 : b.country === 'ZZ' ? 1 : b.count - a.count));
  return { current, history };
}

export async function linkedIncidents(db: Executor, scope: IncidentScope, incidentId: string) {
  return db
    .selectFrom('incident_links as l')
    .innerJoin('incidents as i', (join) =>
      join.on((eb) => eb.or([
        eb.and([eb('l.incident_a', '=', incidentId), eb('i.id', '=', eb.ref('l.incident_b'))]),
        eb.and([eb('l.incident_b', '=', incidentId), eb('i.id', '=', eb.ref('l.incident_a'))]),
      ])),
    )
    .select(['i.id', 'i.reference', 'i.title', 'l.note'])
    .where((eb) => canRead(eb, scope))
    .where((eb) => eb.or([eb('l.incident_a', '=', incidentId), eb('l.incident_b', '=', incidentId)]))
    .orderBy('i.reference')
    .execute();
}
