/**
 * Which incidents a caller may see and change, as SQL. Every incident query goes
 * through these predicates, so a record outside the caller's scope is simply not found.
 *
 * - admins: every incident;
 * - other staff: incidents they own, their team owns, or they are a member of;
 * - outside organizations: incidents their organization participates in — TLP:RED ones
 *   only when the organization is named as a recipient of RED material.
 */
import { type AliasableExpression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Principal } from '../../access/principal.ts';

export type IncidentScope =
  | { kind: 'all'; userId: string }
  | {
      kind: 'staff';
      userId: string;
      role: Principal['role'];
      /** The caller's teams and memberships, when read beforehand (`withStaffSets`). */
      sets?: { teamIds: string[]; memberIncidentIds: string[] };
    }
  | { kind: 'organization'; organizationId: string };

export function incidentScope(principal: Principal): IncidentScope {
  if (!principal.isStaff) return { kind: 'organization', organizationId: principal.organizationId };
  if (principal.role === 'admin') return { kind: 'all', userId: principal.userId };
  return { kind: 'staff', userId: principal.userId, role: principal.role };
}

type IncidentEb = ExpressionBuilder<DB & { i: DB['incidents'] }, 'i'>;

/** Rows of `incidents as i` the scope may read. */
export function canRead(eb: IncidentEb, scope: IncidentScope): AliasableExpression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'staff':
      if (scope.sets) {
        const { teamIds, memberIncidentIds } = scope.sets;
        return eb.or([
          eb('i.owner_id', '=', scope.userId),
          eb('i.created_by', '=', scope.userId),
          sql<boolean>`i.id = any(${memberIncidentIds}::uuid[])`,
          sql<boolean>`i.team_id = any(${teamIds}::uuid[])`,
        ]);
      }
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

/** Above this many memberships the scope keeps reading them in SQL rather than as a list. */
const MAX_LISTED_MEMBERSHIPS = 5000;

/**
 * A staff scope with the caller's teams and memberships read first and given to the
 * query as lists. PostgreSQL then knows how many incidents the scope holds and can
 * combine the owner, creator, team and membership indexes with a search's text index
 * (BitmapOr inside BitmapAnd) instead of walking the register by date and testing each
 * row — the scoped searches and lists of docs/performance.md ("Staff scope"). Used by the
 * incident list, which reads the sets just before its own query; the rule is the same as
 * `canRead` without them.
 */
export async function withStaffSets(db: Kysely<DB>, scope: IncidentScope): Promise<IncidentScope> {
  if (scope.kind !== 'staff') return scope;
  const [teams, members] = await Promise.all([
    db.selectFrom('team_members').select('team_id').where('user_id', '=', scope.userId).execute(),
    db.selectFrom('incident_members').select('incident_id').where('user_id', '=', scope.userId).limit(MAX_LISTED_MEMBERSHIPS + 1).execute(),
  ]);
  if (members.length > MAX_LISTED_MEMBERSHIPS) return scope;
  return { ...scope, sets: { teamIds: teams.map((t) => t.team_id), memberIncidentIds: members.map((m) => m.incident_id) } };
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
