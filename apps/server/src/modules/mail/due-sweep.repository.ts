/**
 * The due-time sweep's statements. Each step is one set-based statement over the open
 * notices (status issued or acknowledged, no submitted response), reaching them through
 * indexes on the due time, so that the sweep's cost grows with what changed, not with how
 * many notices are open.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Serialises sweeps across instances: a second one waits, then finds nothing left to do. */
export async function lockSweep(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('casebook:notices.due_sweep'))`.execute(trx);
}

/**
 * Flags up to `limit` open notices whose due time has passed, oldest due first, and in
 * the same statement takes each one's overdue reminder and writes its system chronology
 * entry: what timeline/system-entries.ts writes, dated at the due time that passed in the
 * notice's zone, and shared with the addressed organization, which sees its own notice.
 * A response submitted meanwhile wins. Returns the ids of the flagged notices.
 */
export async function flagOverdue(trx: Transaction<DB>, now: Date, limit: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with due as (
      select n.id from notices n
       where n.status in ('issued', 'acknowledged') and n.overdue_at is null and n.due_at < ${now}
         and not exists (select 1 from notice_responses r where r.notice_id = n.id and r.status = 'submitted')
       order by n.due_at
       limit ${limit}
    ), flagged as (
      -- The conditions again: if a row changed since the statement began (a response was
      -- submitted, which moves the notice to 'responded'), they are checked on its new version.
      update notices n set overdue_at = ${now} from due
       where n.id = due.id and n.status in ('issued', 'acknowledged') and n.overdue_at is null and n.due_at < ${now}
   returning n.id, n.incident_id, n.organization_id, n.reference, n.tlp, n.due_at, n.time_zone
    ), reminders as (
      insert into notice_reminders (notice_id, kind, due_at, created_at)
      select id, 'overdue', due_at, ${now} from flagged
      on conflict (notice_id, kind, due_at) do nothing
    ), entries as (
      insert into timeline_entries (incident_id, occurred_at, precision, time_zone, kind, event, text, source_kind, source_title,
                                    tlp, include_in_briefings, shared_with, created_by, created_at, updated_by, updated_at)
      select f.incident_id, f.due_at, 'minute', f.time_zone, 'system', 'notice.overdue',
             'Notice ' || coalesce(f.reference, 'without a reference') || ' to ' || o.name || ' is overdue: no response was submitted by its due time.',
             'system', 'Recorded by Casebook', f.tlp, false, array[f.organization_id], null, ${now}, null, ${now}
        from flagged f join organizations o on o.id = f.organization_id
    )
    select id from flagged`.execute(trx);
  return rows.map((r) => r.id);
}

/** Takes a due-soon reminder for each open notice due within the window that has none for its current due time. */
export async function takeDueSoonReminders(trx: Transaction<DB>, now: Date, until: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with taken as (
      insert into notice_reminders (notice_id, kind, due_at, created_at)
      select n.id, 'due_soon', n.due_at, ${now}
        from notices n
       where n.status in ('issued', 'acknowledged') and n.overdue_at is null and n.due_at >= ${now} and n.due_at < ${until}
         and not exists (select 1 from notice_responses r where r.notice_id = n.id and r.status = 'submitted')
         and not exists (select 1 from notice_reminders m where m.notice_id = n.id and m.kind = 'due_soon' and m.due_at = n.due_at)
      on conflict (notice_id, kind, due_at) do nothing
      returning 1
    )
    select count(*)::int as n from taken`.execute(trx);
  return rows[0]?.n ?? 0;
}

export async function hasPendingReminders(trx: Transaction<DB>): Promise<boolean> {
  const row = await trx
    .selectFrom('notice_reminders')
    .select('id')
    .where('sent_at', 'is', null)
    .where('skipped_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
