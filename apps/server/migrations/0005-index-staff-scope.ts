/**
 * Indexes for the staff scope's branches (incidents.scope.ts readBranches): an analyst's
 * list reads the incidents they own, created, or their team owns, newest first, along
 * these, instead of testing every incident of the register against the scope
 * (docs/performance.md, "Staff scope"). They replace the single-column indexes on the
 * same columns, which they cover.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['owner_id', 'created_by', 'team_id']) {
    await sql.raw(`create index incidents_${column}_created_idx on incidents (${column}, created_at desc, id desc)`).execute(db);
    await sql.raw(`drop index incidents_${column}_idx`).execute(db);
  }
}
