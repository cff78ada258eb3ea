/**
 * Which notices a caller may see and change, as SQL over `notices as n` joined to
 * `incidents as i` (docs/modules/notices.md, "Organization scope"):
 *
 * - staff: the notices of the incidents they may read (incidents.scope.ts); they change
 *   them where they may change the incident;
 * - outside organizations: notices addressed to their own organization, once issued
 *   (never a draft or an approved notice), on incidents it takes part in; TLP:RED, on the
 *   incident or on the notice, only when the organization is named for RED material.
 *
 * Anything else is simply not found, so every route answers 404 for it.
 */
import { type AliasableExpression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type IncidentScope, canRead, canWrite } from '../incidents/incidents.scope.ts';

export type NoticeEb = ExpressionBuilder<DB & { n: DB['notices']; i: DB['incidents'] }, 'n' | 'i'>;

/** Statuses an outside organization can see: a notice it has been sent. */
export const OUT_STATUSES = ['issued', 'acknowledged', 'responded', 'closed', 'withdrawn'] as const;
/** Statuses of a notice that is out and waiting for its answer. */
export const OPEN_STATUSES = ['issued', 'acknowledged'] as const;

export function canReadNotice(eb: NoticeEb, scope: IncidentScope): AliasableExpression<SqlBool> {
  if (scope.kind !== 'organization') return canRead(eb as never, scope);
  return eb.and([
    eb('n.organization_id', '=', scope.organizationId),
    eb('n.status', 'in', [...OUT_STATUSES]),
    eb.exists(
      eb.selectFrom('participants as p')
        .select(sql`1`.as('one'))
        .whereRef('p.incident_id', '=', 'n.incident_id')
        .where('p.organization_id', '=', scope.organizationId)
        .where((w) => w.or([w.and([w('i.tlp', '<>', 'RED'), w('n.tlp', '<>', 'RED')]), w('p.sees_red', '=', true)])),
    ),
  ]);
}

export function canWriteNotice(eb: NoticeEb, scope: IncidentScope): AliasableExpression<SqlBool> {
  return canWrite(eb as never, scope);
}

/** Out, unanswered and past its due time (or flagged by the due-time sweep), at `now`. */
export function overdueSql(now: Date) {
  return sql<boolean>`(n.status in ('issued', 'acknowledged') and (n.overdue_at is not null or n.due_at < ${now}))`;
}
