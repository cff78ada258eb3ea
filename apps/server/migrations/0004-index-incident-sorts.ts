/**
 * Indexes for the incident list's "recently updated" and "by severity" sorts. Without
 * them a page of 50 sorts the whole register: at a million incidents 1–2 s per page
 * (docs/performance.md, "Incidents, search and chronology"). The severity index is on
 * the same expression the list orders by (incident-list.repository.ts SEVERITY_RANK),
 * so the planner can read it in order.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index incidents_updated_at_idx on incidents (updated_at desc, id desc)`.execute(db);
  await sql`create index incidents_severity_rank_idx on incidents (
    (case severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end) desc, created_at desc, id desc)`.execute(db);
}
