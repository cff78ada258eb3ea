/**
 * Need-to-know grants on an incident's register (docs/modules/affected-persons.md, "Access"):
 * who holds one and until when, giving one (to active staff whose role may read the register
 * and who can see the incident; at most a year ahead; replacing their live one) and revoking
 * it. Each change is one transaction with its audit row.
 */

import type { Kysely, Transaction } from 'kysely';
import type { GrantBody, RegisterGrant } from '#shared/contracts/affected-persons';
import { roleHas } from '#shared/roles';
import { makePrincipal, type Principal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction, type UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { AppError } from '../../http/app-error.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import { inScope, liveGrant, readableIncident } from './register-access.ts';

const MAX_GRANT_DAYS = 366;

/** An incident's grants (or one of them) as the API shows them, newest first. */
async function grantRows(db: Kysely<DB> | Transaction<DB>, incidentId: string, at: Date, grantId?: string): Promise<RegisterGrant[]> {
  let query = db
    .selectFrom('register_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .innerJoin('users as b', 'b.id', 'g.granted_by')
    .select([
      'g.id',
      'g.user_id',
      'u.name as user_name',
      'u.email as user_email',
      'g.granted_by',
      'b.name as granted_by_name',
      'g.granted_at',
      'g.expires_at',
      'g.reason',
      'g.revoked_at',
    ])
    .where('g.incident_id', '=', incidentId);
  if (grantId) query = query.where('g.id', '=', grantId);
  const rows = await query.orderBy('g.granted_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    user: { id: r.user_id, name: r.user_name, email: r.user_email },
    grantedBy: { id: r.granted_by, name: r.granted_by_name },
    grantedAt: r.granted_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    reason: r.reason,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    live: r.revoked_at === null && r.expires_at.getTime() > at.getTime(),
  }));
}

export function createRegisterGrantsService(deps: UnitOfWorkDeps & { clock: () => Date }) {
  const now = () => deps.clock();
  return {
    async list(principal: Principal, incidentId: string): Promise<{ items: RegisterGrant[]; mine: RegisterGrant | null }> {
      const incident = await readableIncident(deps.db, principal, incidentId);
      const items = await grantRows(deps.db, incidentId, now());
      const mine = items.find((g) => g.user.id === principal.userId && g.live) ?? null;
      // Every grant for those who may grant on this incident (admins; coordinators of incidents they may change); others see their own.
      const grants = roleHas(principal.role, 'register.grant') && incident.can_write;
      return { items: grants ? items : items.filter((g) => g.user.id === principal.userId), mine };
    },

    async grant(principal: Principal, actor: Actor, incidentId: string, body: GrantBody): Promise<RegisterGrant> {
      const expires = new Date(body.expiresAt);
      const at = now();
      if (!(expires.getTime() > at.getTime()) || expires.getTime() - at.getTime() > MAX_GRANT_DAYS * 86_400_000) {
        throw new AppError('register.invalid_expiry', `A grant expires in the future and within ${MAX_GRANT_DAYS} days.`);
      }
      return inTransaction(deps, actor, async (uow) => {
        // Admins reach every incident; a coordinator grants on the incidents they may change (their team's).
        await findWritableIncident(uow.trx, principal, incidentId);
        const user = await uow.trx
          .selectFrom('users as u')
          .innerJoin('organizations as o', 'o.id', 'u.organization_id')
          .select(['u.id', 'u.role', 'u.email', 'u.name', 'u.disabled_at', 'u.organization_id', 'o.is_home'])
          .where('u.id', '=', body.userId)
          .executeTakeFirst();
        if (!user?.is_home || user.disabled_at !== null || !roleHas(user.role, 'register.read')) {
          throw new AppError(
            'register.grantee_not_eligible',
            'Only active staff whose role may read the register (administrators, coordinators, analysts) can be granted access.',
          );
        }
        // A grant never widens what its holder can see.
        const grantee = makePrincipal(
          { user_id: user.id, organization_id: user.organization_id, role: user.role, email: user.email, name: user.name, is_home: true },
          'session',
        );
        if (!(await inScope(uow.trx, grantee, incidentId))) {
          throw new AppError(
            'register.grantee_not_eligible',
            'The person cannot see this incident: make them a member of it (or of its team) first.',
          );
        }
        const open = await liveGrant(uow.trx, incidentId, body.userId, at);
        if (open)
          await uow.trx
            .updateTable('register_grants')
            .set({ revoked_at: at, revoked_by: principal.userId })
            .where('id', '=', open.id)
            .execute();
        const row = await uow.trx
          .insertInto('register_grants')
          .values({
            incident_id: incidentId,
            user_id: body.userId,
            granted_by: principal.userId,
            granted_at: at,
            expires_at: expires,
            reason: body.reason.trim(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        uow.audit({
          action: 'register.access_granted',
          targetType: 'register_grant',
          targetIds: [row.id],
          after: {
            incidentId,
            userId: body.userId,
            expiresAt: expires.toISOString(),
            reason: body.reason.trim(),
            replaces: open?.id ?? null,
          },
        });
        const [granted] = await grantRows(uow.trx, incidentId, at, row.id);
        return granted;
      });
    },

    async revoke(principal: Principal, actor: Actor, incidentId: string, grantId: string): Promise<void> {
      await inTransaction(deps, actor, async (uow) => {
        await findWritableIncident(uow.trx, principal, incidentId);
        const grant = await uow.trx
          .selectFrom('register_grants')
          .select(['id', 'user_id', 'revoked_at'])
          .where('id', '=', grantId)
          .where('incident_id', '=', incidentId)
          .executeTakeFirst();
        if (!grant) throw new AppError('register.grant_not_found', 'The grant was not found.', { status: 404 });
        if (grant.revoked_at) return;
        await uow.trx
          .updateTable('register_grants')
          .set({ revoked_at: now(), revoked_by: principal.userId })
          .where('id', '=', grantId)
          .execute();
        uow.audit({
          action: 'register.access_revoked',
          targetType: 'register_grant',
          targetIds: [grantId],
          after: { incidentId, userId: grant.user_id },
        });
      });
    },
  };
}
