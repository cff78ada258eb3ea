/**
 * Which incidents a caller may see and change, as SQL. Every incident query goes
 * through these predicates, so a record outside the caller's scope is simply not found.
 *
 * - admins: every incident;
 * - other staff: incidents they own, their team owns, or they are a member of;
 * - outside organizations: incidents their organization participates in — TLP:RED ones
 *   only when the organization is named as a recipient of RED material.
 */
import { type AliasableExpression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Principal } from '../../access/principal.ts';

export type IncidentScope =
  | { kind: 'all'; userId: string }
  | { kind: 'staff'; userId: string; role: Principal['role'] }
  | { kind: 'organization'; organizationId: string };

export function incidentScope(principal: Principal): IncidentScope {
  if (!principal.isStaff) return { kind: 'organization', organizationId: principal.organizationId };
  if (principal.role === 'admin') return { kind: 'all', userId: principal.userId };
  return { kind: 'staff', userId: principal.userId, role: principal.role };
}

export type IncidentEb = ExpressionBuilder<DB & { i: DB['incidents'] }, 'i'>;

/** Rows of `incidents as i` the scope may read. */
export function canRead(eb: IncidentEb, scope: IncidentScope): AliasableExpression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'staff':
      return eb.or([
        eb('i.owner_id', '=', scope.userId),
        eb('i.created_by', '=', scope.userId),
        eb.exists(eb.selectFrom('incident_members as m').select(sql`1`.as('one')).whereRef('m.incident_id', '=', 'i.id').where('m.user_id', '=', scope.userId)),
        eb('i.team_id', 'in', eb.selectFrom('team_members as tm').select('tm.team_id').where('tm.user_id', '=', scope.userId)),
      ]);
    case 'organization':
      return eb.exists(
        eb.selectFrom('participants as p')
          .select(sql`1`.as('one'))
          .whereRef('p.incident_id', '=', 'i.id')
          .where('p.organization_id', '=', scope.organizationId)
          .where((w) => w.or([w('i.tlp', '<>', 'RED'), w('p.sees_red', '=', true)])),
      );
  }
}

/**
 * The same rows as `canRead`, as separate predicates whose union is the scope. A list
 * that walks the register by date reads each branch along its own index (owner,
 * creator, team, membership — migration 0005) and merges the newest of each, instead of
 * testing the four-way OR on every row it passes (docs/performance.md, "Staff scope").
 */
export function readBranches(scope: IncidentScope): Array<(eb: IncidentEb) => AliasableExpression<SqlBool>> {
  if (scope.kind !== 'staff') return [(eb) => canRead(eb, scope)];
  const userId = scope.userId;
  return [
    (eb) => eb('i.owner_id', '=', userId),
    (eb) => eb('i.created_by', '=', userId),
    () => sql<boolean>`i.id = any(array(select m.incident_id from incident_members m where m.user_id = ${userId}))`,
    () => sql<boolean>`i.team_id = any(array(select tm.team_id from team_members tm where tm.user_id = ${userId}))`,
  ];
}

/** Rows the scope may change. Viewers and auditors read only; coordinators write their team's. */
export function canWrite(eb: IncidentEb, scope: IncidentScope): AliasableExpression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'organization':
      return sql<boolean>`false`;
    case 'staff': {
      if (scope.role === 'viewer' || scope.role === 'auditor') return sql<boolean>`false`;
      const member = eb.exists(
        eb.selectFrom('incident_members as m').select(sql`1`.as('one'))
          .whereRef('m.incident_id', '=', 'i.id').where('m.user_id', '=', scope.userId).where('m.access', '=', 'write'),
      );
      const own = [eb('i.owner_id', '=', scope.userId), eb('i.created_by', '=', scope.userId), member];
      if (scope.role === 'coordinator') {
        own.push(eb('i.team_id', 'in', eb.selectFrom('team_members as tm').select('tm.team_id').where('tm.user_id', '=', scope.userId)));
      }
      return eb.or(own);
    }
  }
}
