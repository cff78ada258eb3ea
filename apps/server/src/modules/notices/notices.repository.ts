/** SQL for notices. Every read takes the caller's scope (notices.scope.ts). */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { AnswerVerdict, NoticeStatus } from '#shared/contracts/notices';
import type { DB } from '../../db/schema.ts';
import type { IncidentScope } from '../incidents/incidents.scope.ts';
import { canReadNotice, canWriteNotice, overdueSql } from './notices.scope.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

/** The sort key of the notice list: the due time, or for a notice without one its creation. */
export const SORT_KEY = sql<Date>`coalesce(n.due_at, n.created_at)`;

/** The latest verdict of each assessed answer of the notice's response. */
const LATEST_VERDICTS = sql<AnswerVerdict[]>`coalesce((
  select array_agg(v.verdict) from notice_responses r
    join notice_answers a on a.response_id = r.id
    cross join lateral (select x.verdict from answer_assessments x where x.answer_id = a.id order by x.assessed_at desc, x.id desc limit 1) v
   where r.notice_id = n.id), '{}')`;

export function noticeQuery(db: Executor, scope: IncidentScope, now: Date) {
  const staff = scope.kind !== 'organization';
  return db
    .selectFrom('notices as n')
    .innerJoin('incidents as i', 'i.id', 'n.incident_id')
    .innerJoin('organizations as o', 'o.id', 'n.organization_id')
    .leftJoin('legal_bases as lb', 'lb.id', 'n.legal_basis_id')
    .selectAll('n')
    .select((eb) => [
      'i.reference as incident_reference', 'i.title as incident_title', 'i.tlp as incident_tlp', 'o.name as organization_name',
      'lb.code as lb_code', 'lb.instrument as lb_instrument', 'lb.clause as lb_clause', 'lb.summary as lb_summary', 'lb.penalty_provision as lb_penalty',
      canWriteNotice(eb, scope).as('can_write'),
      overdueSql(now).as('is_overdue'),
      sql<'draft' | 'submitted' | null>`(select r.status from notice_responses r where r.notice_id = n.id)`.as('response_status'),
      sql<boolean>`exists (select 1 from extension_requests e where e.notice_id = n.id and e.status = 'pending')`.as('pending_extension'),
      // Assessments are the CERT's own: an outside organization's rows never compute them.
      (staff ? LATEST_VERDICTS : sql<AnswerVerdict[]>`'{}'::text[]`).as('latest_verdicts'),
      sql<string>`to_char(${SORT_KEY} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('sort_at'),
    ])
    .where((eb) => canReadNotice(eb, scope));
}

export type NoticeRow = NonNullable<Awaited<ReturnType<ReturnType<typeof noticeQuery>['executeTakeFirst']>>>;

export async function findNotice(db: Executor, scope: IncidentScope, id: string, now: Date, options: { forUpdate?: boolean } = {}) {
  let query = noticeQuery(db, scope, now).where('n.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('n');
  return query.executeTakeFirst();
}

export interface NoticeFilter {
  incidentId?: string;
  organizationId?: string;
  status?: NoticeStatus[];
  overdue?: boolean;
  after?: { at: string; id: string };
  limit: number;
}

/**
 * A page of notices, newest due time first, keyset on (due time or creation, id). An
 * organization's inbox reads its own index (migration 0009) in that order; staff read
 * the notices of the incidents in their scope.
 */
export async function listNotices(db: Kysely<DB>, scope: IncidentScope, filter: NoticeFilter, now: Date): Promise<NoticeRow[]> {
  // The page's ids first, from the notices and their incidents alone along the sort indexes
  // (migration 0009); the columns that take subqueries are computed for those rows only.
  let page = db.selectFrom('notices as n').innerJoin('incidents as i', 'i.id', 'n.incident_id').select('n.id').where((eb) => canReadNotice(eb, scope));
  if (scope.kind === 'staff') {
    // The readable incidents first, then their notices in order, rather than testing the scope on every notice.
    page = page.where((eb) => eb('n.incident_id', 'in', eb.selectFrom('incidents as i').select('i.id').where((w) => canReadNotice(w as never, scope))));
  }
  if (filter.incidentId) page = page.where('n.incident_id', '=', filter.incidentId);
  if (filter.organizationId) page = page.where('n.organization_id', '=', filter.organizationId);
  if (filter.status?.length) page = page.where('n.status', 'in', filter.status);
  if (filter.overdue !== undefined) page = page.where(filter.overdue ? overdueSql(now) : sql<boolean>`not ${overdueSql(now)}`);
  if (filter.after) page = page.where(sql<boolean>`(${SORT_KEY}, n.id) < (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)`);
  const ids = (await page.orderBy(SORT_KEY, 'desc').orderBy('n.id', 'desc').limit(filter.limit).execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  return noticeQuery(db, scope, now).where('n.id', 'in', ids).orderBy(SORT_KEY, 'desc').orderBy('n.id', 'desc').execute();
}

/** Ids of the notices a clarification chain runs through above this one, oldest first. */
export async function ancestorIds(db: Executor, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive up (id, parent_id, depth) as (
      select n.id, n.parent_id, 0 from notices n where n.id = ${id}
      union all
      select p.id, p.parent_id, up.depth + 1 from notices p join up on p.id = up.parent_id where up.depth < 100
    )
    select id from up where depth > 0 order by depth desc`.execute(db);
  return rows.map((r) => r.id);
}

/** The next reference sequence of a year; the counter row is locked until COMMIT, so numbers are never taken twice. */
export async function nextReferenceSeq(trx: Transaction<DB>, year: number): Promise<number> {
  const row = await trx
    .insertInto('notice_reference_counters')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql`notice_reference_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function userNames(db: Executor, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
