/** SQL for chronology entries, their revisions and conflicts. */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface EntryFilter {
  incidentId: string;
  /** Set for an outside organization: only entries shared with it. */
  sharedWithOrganization?: string;
  kind?: 'entry' | 'system';
  sourceOrganizationId?: string;
  conflictsOnly?: boolean;
  from?: Date;
  to?: Date;
  maxTlp?: string[];
  briefingsOnly?: boolean;
}

/** The entries a filter selects, without the joins the page needs (a count does not). */
function filtered(db: Executor, filter: EntryFilter) {
  let q = db
    .selectFrom('timeline_entries as t')
    .where('t.incident_id', '=', filter.incidentId);
  if (filter.sharedWithOrganization) q = q.where('t.shared_with', '@>', sql<string[]>`array[${filter.sharedWithOrganization}]::uuid[]`);
  if (filter.kind) q = q.where('t.kind', '=', filter.kind);
  if (filter.sourceOrganizationId) q = q.where('t.source_organization_id', '=', filter.sourceOrganizationId);
  if (filter.from) q = q.where('t.occurred_at', '>=', filter.from);
  if (filter.to) q = q.where('t.occurred_at', '<', filter.to);
  if (filter.maxTlp) q = q.where('t.tlp', 'in', filter.maxTlp as never);
  if (filter.briefingsOnly) q = q.where('t.include_in_briefings', '=', true);
  if (filter.conflictsOnly) {
    q = q.where((eb) => eb.exists(eb.selectFrom('timeline_conflicts as c').select(sql`1`.as('one'))
      .where((w) => w.or([w('c.entry_a', '=', w.ref('t.id')), w('c.entry_b', '=', w.ref('t.id'))]))));
  }
  return q;
}

export function entriesQuery(db: Executor, filter: EntryFilter) {
  return filtered(db, filter)
    .leftJoin('organizations as so', 'so.id', 't.source_organization_id')
    .leftJoin('users as cu', 'cu.id', 't.created_by')
    .select([
      't.id', 't.incident_id', 't.occurred_at', 't.precision', 't.time_zone', 't.kind', 't.event', 't.text', 't.source_kind', 't.source_title',
      't.source_said_by', 't.source_organization_id', 'so.name as source_organization_name', sql<string | null>`to_char(t.source_date, 'YYYY-MM-DD')`.as('source_date'),
      't.tlp', 't.include_in_briefings', 't.shared_with', 't.revision', 'cu.name as created_by_name', 't.created_at', 't.updated_at',
      // The exact instant for cursors: a Date keeps milliseconds only, and entries loaded
      // straight into the database can carry microseconds.
      sql<string>`to_char(t.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('occurred_key'),
    ]);
}

export async function countEntries(db: Executor, filter: EntryFilter): Promise<number> {
  const row = await filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesQuery>['execute']>>[number];

/** Entries after a position in (occurred_at, id) order; `at` is an `occurred_key`. */
export function entriesAfter<Q extends ReturnType<typeof entriesQuery>>(query: Q, at: string, id: string): Q {
  return query.where(sql<boolean>`(t.occurred_at, t.id) > (${at}::timestamptz, ${id}::uuid)`) as Q;
}

export async function conflictsOf(db: Executor, entryIds: string[]) {
  if (entryIds.length === 0) return [];
  return db
    .selectFrom('timeline_conflicts')
    .select(['id', 'entry_a', 'entry_b', 'note'])
    .where((eb) => eb.or([eb('entry_a', 'in', entryIds), eb('entry_b', 'in', entryIds)]))
    .execute();
}
