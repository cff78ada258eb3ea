/**
 * The incident list: filters, sorts with keyset cursors, and full-text search over
 * titles, summaries and (visible) timeline text with highlighted snippets.
 */
import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { IncidentStatus, Severity, Tlp } from '#shared/incidents';
import type { DB } from '../../db/schema.ts';
import { type IncidentScope, canRead, withStaffSets } from './incidents.scope.ts';

export type IncidentSort = 'created_desc' | 'created_asc' | 'updated_desc' | 'severity_desc' | 'reference_asc';

export interface IncidentFilter {
  q?: string;
  status?: IncidentStatus[];
  severity?: Severity[];
  tlp?: Tlp[];
  categoryId?: string;
  organizationId?: string;
  country?: string;
  tag?: string;
  ownerId?: string;
  from?: Date;
  to?: Date;
  sort: IncidentSort;
  /** Keys of the last row of the previous page (sort keys), or an offset for search. */
  after?: Record<string, string | number>;
  limit: number;
}

/** Hits are marked with two private-use characters that the service turns into <mark> after escaping. */
const HEADLINE_OPTIONS = 'StartSel=\uE000, StopSel=\uE001, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "';

/** How many of the newest matches a search ranks (see the search branch of listIncidents). */
export const RANK_WINDOW = 1000;

const SEVERITY_RANK = sql<number>`(case i.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end)`;

export interface IncidentListRow {
  id: string;
  reference: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  tlp: Tlp;
  category_id: string | null;
  category_code: string | null;
  category_label: string | null;
  owner_id: string | null;
  owner_name: string | null;
  tags: string[];
  created_at: Date;
  updated_at: Date;
  severity_rank: number;
  total_affected: number | null;
  snippet?: string | null;
}

export async function listIncidents(db: Kysely<DB>, callerScope: IncidentScope, filter: IncidentFilter): Promise<IncidentListRow[]> {
  const scope = await withStaffSets(db, callerScope);
  // An outside organization's view has no owner, tags, affected counts or other participants;
  // a filter on them would answer what that view withholds, so for it such a filter matches nothing.
  if (scope.kind === 'organization' && (filter.ownerId || filter.tag || filter.country || (filter.organizationId && filter.organizationId !== scope.organizationId))) return [];
  const query = filter.q ? sql`websearch_to_tsquery('english', ${filter.q})` : null;
  let q = db.selectFrom('incidents as i');

  if (filter.status?.length) q = q.where('i.status', 'in', filter.status);
  if (filter.severity?.length) q = q.where('i.severity', 'in', filter.severity);
  if (filter.tlp?.length) q = q.where('i.tlp', 'in', filter.tlp);
  if (filter.categoryId) q = q.where('i.category_id', '=', filter.categoryId);
  if (filter.ownerId) q = q.where('i.owner_id', '=', filter.ownerId);
  if (filter.tag) q = q.where('i.tags', '@>', sql<string[]>`array[${filter.tag}]::text[]`);
  if (filter.from) q = q.where('i.created_at', '>=', filter.from);
  if (filter.to) q = q.where('i.created_at', '<', filter.to);
  if (filter.organizationId) {
    const org = filter.organizationId;
    // The organization's incidents first, then sorted: written as an array so that the
    // planner does not walk the whole register by date probing each row (229 ms → 17 ms
    // at a million incidents, docs/performance.md).
    q = q.where(sql<boolean>`i.id = any(array(select p.incident_id from participants p where p.organization_id = ${org}))`);
  }
  if (filter.country) {
    const country = filter.country;
    q = q.where((eb) => eb.exists(eb.selectFrom('affected_counts as ac').select(sql`1`.as('one')).whereRef('ac.incident_id', '=', 'i.id').where('ac.country', '=', country)));
  }

  const filtered = q;
  q = q.where((eb) => canRead(eb, scope));

  if (query) {
    const timelineVisible = scope.kind === 'organization'
      ? sql`and t.shared_with @> array[${scope.organizationId}]::uuid[]`
      : sql``;
    // Matches in the incident's own text or in a visible chronology entry, within the
    // caller's scope and filters. Ranking must score every candidate, so it is given the
    // RANK_WINDOW newest text matches and the 2 × RANK_WINDOW newest chronology matches: a
    // word found in a fifth of a million incidents is answered in tens of milliseconds, and
    // a search with fewer matches than the window is ranked over all of them. The sizes were
    // chosen by measurement at a million incidents (docs/performance.md): smaller windows
    // tip PostgreSQL into walking the register by date for rare words.
    const byText = q.select('i.id').where(sql<boolean>`i.search @@ ${query}`).orderBy('i.created_at', 'desc').limit(RANK_WINDOW);
    // The chronology window keeps the scope as SQL sub-queries (`callerScope`): with the
    // scope as lists PostgreSQL reads every entry matching a common phrase through the
    // entries' text index (2.5 s on the embedded database at 100 k incidents) instead of
    // probing the newest incidents in scope one by one (docs/performance.md, "Staff scope").
    const byEntry = filtered
      .where((eb) => canRead(eb, callerScope))
      .select('i.id')
      .where(sql<boolean>`exists (select 1 from timeline_entries t where t.incident_id = i.id and t.search @@ ${query} ${timelineVisible})`)
      .orderBy('i.created_at', 'desc')
      .limit(RANK_WINDOW * 2);
    const rank = sql<number>`ts_rank(i.search, ${query})`;
    const ranked = (candidates: RawBuilder<unknown>) =>
      withColumns(q)
        .where(sql<boolean>`i.id in (${candidates})`)
        .select(sql<string>`ts_headline('english', i.title || ' — ' || left(i.summary, 2000), ${query},
          ${HEADLINE_OPTIONS})`.as('snippet'))
        .select(rank.as('search_rank'))
        .orderBy(rank, 'desc')
        .orderBy('i.created_at', 'desc')
        .orderBy('i.id', 'desc')
        .offset(Number(filter.after?.offset ?? 0))
        .limit(filter.limit)
        .execute() as Promise<Array<IncidentListRow & { search_rank: number }>>;
    // An incident found only through its chronology has a rank of 0 and so comes after
    // every incident whose own text matches. When those fill the page, with a positive
    // rank to its last row, the page is the same without searching the chronology.
    const byOwnText = await ranked(sql`select a.id from (${byText}) a`);
    if (byOwnText.length === filter.limit && byOwnText[filter.limit - 1].search_rank > 0) return byOwnText;
    return ranked(sql`select a.id from (${byText}) a union all select b.id from (${byEntry}) b`);
  }

  // The page's ids first, from the filters and the scope alone, then their columns: the
  // inner query reads only columns the list's covering indexes carry (migration 0005), so
  // PostgreSQL can walk an index in page order and test filters and scope without
  // visiting the table for the rows it passes over (docs/performance.md, "Staff scope").
  const page = sorted(q.select('i.id'), filter).limit(filter.limit);
  const rows = sorted(withColumns(db.selectFrom('incidents as i')).where(sql<boolean>`i.id in (${page})`), filter).limit(filter.limit);
  return (await rows.execute()) as IncidentListRow[];
}

/** The columns of a list row, joined onto a query over `incidents as i`. */
function withColumns<Q extends SelectQueryBuilder<DB & { i: DB['incidents'] }, 'i', object>>(q: Q) {
  return q
    .leftJoin('incident_categories as c', 'c.id', 'i.category_id')
    .leftJoin('users as o', 'o.id', 'i.owner_id')
    .select([
      'i.id', 'i.reference', 'i.title', 'i.status', 'i.severity', 'i.tlp', 'i.category_id', 'c.code as category_code', 'c.label as category_label',
      'i.owner_id', 'o.name as owner_name', 'i.tags', 'i.created_at', 'i.updated_at', SEVERITY_RANK.as('severity_rank'),
      sql<number | null>`(select coalesce(max(a.count) filter (where a.country = 'ZZ'), sum(a.count)) from (
          select distinct on (ac.country) ac.country, ac.count from affected_counts ac
           where ac.incident_id = i.id order by ac.country, ac.recorded_at desc) a)`.as('total_affected'),
    ]);
}

/** The list's order and keyset cursor, on the page query and on the rows query alike. */
function sorted<Q extends SelectQueryBuilder<any, any, any>>(q: Q, filter: IncidentFilter): Q {
  const a = filter.after;
  let r = q as SelectQueryBuilder<any, any, any>;
  switch (filter.sort) {
    case 'created_asc':
      if (a) r = r.where(sql<boolean>`(i.created_at, i.id) > (${new Date(String(a.at))}, ${String(a.id)}::uuid)`);
      r = r.orderBy('i.created_at', 'asc').orderBy('i.id', 'asc');
      break;
    case 'updated_desc':
      if (a) r = r.where(sql<boolean>`(i.updated_at, i.id) < (${new Date(String(a.at))}, ${String(a.id)}::uuid)`);
      r = r.orderBy('i.updated_at', 'desc').orderBy('i.id', 'desc');
      break;
    case 'severity_desc':
      if (a) r = r.where(sql<boolean>`(${SEVERITY_RANK}, i.created_at, i.id) < (${Number(a.rank)}, ${new Date(String(a.at))}, ${String(a.id)}::uuid)`);
      r = r.orderBy(SEVERITY_RANK, 'desc').orderBy('i.created_at', 'desc').orderBy('i.id', 'desc');
      break;
    case 'reference_asc':
      if (a) r = r.where('i.reference', '>', String(a.ref));
      r = r.orderBy('i.reference', 'asc');
      break;
    default:
      if (a) r = r.where(sql<boolean>`(i.created_at, i.id) < (${new Date(String(a.at))}, ${String(a.id)}::uuid)`);
      r = r.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc');
  }
  return r as Q;
}

/** The cursor keys of a row under a sort. */
export function cursorKeys(row: IncidentListRow, sort: IncidentSort): Record<string, string | number> {
  switch (sort) {
    case 'updated_desc':
      return { at: row.updated_at.toISOString(), id: row.id };
    case 'severity_desc':
      return { rank: row.severity_rank, at: row.created_at.toISOString(), id: row.id };
    case 'reference_asc':
      return { ref: row.reference };
    default:
      return { at: row.created_at.toISOString(), id: row.id };
  }
}
