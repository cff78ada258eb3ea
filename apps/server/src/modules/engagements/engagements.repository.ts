/**
 * SQL for engagements, their attendees, follow-up actions and disclosure ledger. Every
 * read of an engagement goes through its incident's scope (incidents.scope.ts), so an
 * engagement of an incident the caller may not read is simply not found.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { canRead, canWrite, type IncidentScope } from '../incidents/incidents.scope.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

/** One engagement with its incident's write check, only if the scope may read the incident. */
export function engagementQuery(db: Executor, scope: IncidentScope) {
  return db
    .selectFrom('engagements as e')
    .innerJoin('incidents as i', 'i.id', 'e.incident_id')
    .leftJoin('users as cu', 'cu.id', 'e.created_by')
    .leftJoin('users as uu', 'uu.id', 'e.updated_by')
    .leftJoin('timeline_entries as te', 'te.id', 'e.timeline_entry_id')
    .selectAll('e')
    .select((eb) => [
      'cu.name as created_by_name',
      'uu.name as updated_by_name',
      'te.revision as entry_revision',
      canWrite(eb, scope).as('can_write'),
    ])
    .where((eb) => canRead(eb, scope));
}

export type EngagementRow = NonNullable<Awaited<ReturnType<ReturnType<typeof engagementQuery>['executeTakeFirst']>>>;

export async function attendeesOf(db: Executor, engagementId: string) {
  return db
    .selectFrom('engagement_attendees as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select([
      'a.id',
      'a.organization_id',
      'o.name as organization_name',
      'o.kind as organization_kind',
      'o.is_home',
      'a.user_id',
      'u.name as user_name',
      'a.name',
      'a.role',
    ])
    .where('a.engagement_id', '=', engagementId)
    .orderBy('a.position')
    .execute();
}

export async function actionsOf(db: Executor, engagementId: string) {
  return db
    .selectFrom('engagement_actions as x')
    .leftJoin('organizations as o', 'o.id', 'x.owner_organization_id')
    .leftJoin('users as u', 'u.id', 'x.owner_user_id')
    .select([
      'x.id',
      'x.text',
      'x.owner_organization_id',
      'o.name as owner_organization_name',
      'x.owner_user_id',
      'u.name as owner_user_name',
      sql<string | null>`to_char(x.due_on, 'YYYY-MM-DD')`.as('due_on'),
      'x.done_at',
    ])
    .where('x.engagement_id', '=', engagementId)
    .orderBy('x.position')
    .execute();
}

export async function disclosuresOf(db: Executor, engagementId: string) {
  return db
    .selectFrom('disclosure_ledger as d')
    .innerJoin('organizations as o', 'o.id', 'd.organization_id')
    .leftJoin('timeline_entries as t', 't.id', 'd.source_entry_id')
    .select([
      'd.id',
      'd.topic',
      'd.topic_key',
      'd.organization_id',
      'o.name as organization_name',
      'd.state',
      'd.detail',
      'd.source_entry_id',
      't.occurred_at as source_occurred_at',
      't.precision as source_precision',
      't.time_zone as source_time_zone',
      't.text as source_text',
    ])
    .where('d.engagement_id', '=', engagementId)
    .orderBy('d.position')
    .execute();
}

export interface EngagementFilter {
  incidentId: string;
  kind?: string;
  organizationId?: string;
  from?: Date;
  to?: Date;
}

/** An incident's engagements in date order, with what a list shows of each. */
export function engagementListQuery(db: Executor, filter: EngagementFilter) {
  let q = db.selectFrom('engagements as e').where('e.incident_id', '=', filter.incidentId);
  if (filter.kind) q = q.where('e.kind', '=', filter.kind as never);
  if (filter.from) q = q.where('e.occurred_at', '>=', filter.from);
  if (filter.to) q = q.where('e.occurred_at', '<', filter.to);
  const organizationId = filter.organizationId;
  if (organizationId) {
    q = q.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('engagement_attendees as a')
            .select(sql`1`.as('one'))
            .whereRef('a.engagement_id', '=', 'e.id')
            .where('a.organization_id', '=', organizationId),
        ),
        eb.exists(
          eb
            .selectFrom('disclosure_ledger as d')
            .select(sql`1`.as('one'))
            .whereRef('d.engagement_id', '=', 'e.id')
            .where('d.organization_id', '=', organizationId),
        ),
      ]),
    );
  }
  return q.select([
    'e.id',
    'e.incident_id',
    'e.kind',
    'e.title',
    'e.occurred_at',
    'e.precision',
    'e.time_zone',
    'e.location',
    'e.tlp',
    'e.version',
    sql<string>`to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('occurred_key'),
    sql<number>`(select count(*)::int from engagement_attendees a where a.engagement_id = e.id)`.as('attendee_count'),
    sql<number>`(select count(*)::int from engagement_actions x where x.engagement_id = e.id and x.done_at is null)`.as(
      'open_action_count',
    ),
    sql<Record<string, number>>`(select coalesce(json_object_agg(s.state, s.n), '{}'::json) from (
      select d.state, count(*)::int as n from disclosure_ledger d where d.engagement_id = e.id group by d.state) s)`.as(
      'disclosure_counts',
    ),
    sql<
      Array<{ id: string; name: string }>
    >`(select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name) order by o.is_home, ao.first_position), '[]'::json)
      from (select a.organization_id, min(a.position) as first_position from engagement_attendees a where a.engagement_id = e.id group by a.organization_id) ao
      join organizations o on o.id = ao.organization_id)`.as('organizations'),
  ]);
}

export type EngagementListRow = Awaited<ReturnType<ReturnType<typeof engagementListQuery>['execute']>>[number];

/** Rows after a position in (occurred_at, id) order; `at` is an `occurred_key`. */
export function engagementsAfter<Q extends ReturnType<typeof engagementListQuery>>(query: Q, at: string, id: string): Q {
  return query.where(sql<boolean>`(e.occurred_at, e.id) > (${at}::timestamptz, ${id}::uuid)`) as Q;
}

/** The ledger of an incident, optionally for the topics whose key contains `topicKey` as whole words. */
export async function ledgerRows(db: Executor, filter: { incidentId: string; topicKey?: string; organizationId?: string }) {
  let q = db
    .selectFrom('disclosure_ledger as d')
    .innerJoin('engagements as e', (join) => join.onRef('e.id', '=', 'd.engagement_id').onRef('e.incident_id', '=', 'd.incident_id'))
    .innerJoin('organizations as o', 'o.id', 'd.organization_id')
    .select([
      'd.id',
      'd.topic',
      'd.topic_key',
      'd.state',
      'd.detail',
      'd.organization_id',
      'o.name as organization_name',
      'e.id as engagement_id',
      'e.kind',
      'e.title',
      'e.occurred_at',
      'e.precision',
      'e.time_zone',
    ])
    .where('d.incident_id', '=', filter.incidentId);
  // A key holds only letters, digits and single spaces, so it cannot carry a LIKE wildcard.
  if (filter.topicKey) q = q.where(sql<boolean>`(' ' || d.topic_key || ' ') like ${`% ${filter.topicKey} %`}`);
  if (filter.organizationId) q = q.where('d.organization_id', '=', filter.organizationId);
  return q.orderBy('d.topic_key').orderBy('o.name').orderBy('o.id').orderBy('e.occurred_at').orderBy('e.id').limit(5000).execute();
}
