/** Reads audit rows straight from the table, to check what a change left behind. */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/db/schema.ts';

export interface AuditRowFilter {
  action?: string;
  targetId?: string;
  /** Only rows written after this many rows existed (see `countAuditRows`). */
  since?: Date;
}

export async function auditRows(db: Kysely<DB>, filter: AuditRowFilter = {}) {
  let query = db.selectFrom('audit_events').selectAll();
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.targetId) query = query.where(sql<boolean>`${filter.targetId} = any(target_ids)`);
  if (filter.since) query = query.where('occurred_at', '>=', filter.since);
  return query.orderBy('occurred_at').orderBy('chain').orderBy('seq').execute();
}

export async function countAuditRows(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Runs SQL on audit_records as the table owner with the append-only trigger switched off:
 * what an intruder with owner rights could do, and what the hash chain must reveal.
 */
export async function asTableOwner(db: Kysely<DB>, statement: { execute(db: Kysely<DB>): Promise<unknown> }): Promise<void> {
  await sql`alter table audit_records disable trigger audit_records_no_update`.execute(db);
  try {
    await statement.execute(db);
  } finally {
    await sql`alter table audit_records enable trigger audit_records_no_update`.execute(db);
  }
}

/** Rewrites one field of a record's stored content, as an intruder editing the log would. */
export function editContent(id: string, path: string[], value: unknown) {
  return sql`update audit_records set content = jsonb_set(content::jsonb, ${`{${path.join(',')}}`}::text[], ${JSON.stringify(value)}::jsonb)::text where id = ${id}`;
}
