/**
 * Who may reach an incident's register (docs/modules/affected-persons.md, "Access"):
 * the incident must be in the caller's scope (else 404, as for everything of an incident),
 * and reading or changing entries needs a live need-to-know grant for that incident on top
 * of the role's permission. A refusal for want of a grant is itself audited.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Principal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction, type UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { findIncident } from '../incidents/incidents.repository.ts';
import { canRead, incidentScope } from '../incidents/incidents.scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The incident as the caller's scope shows it, or 404. */
export async function readableIncident(db: Executor, principal: Principal, incidentId: string, options: { forUpdate?: boolean } = {}) {
  const incident = await findIncident(db, incidentScope(principal), incidentId, options);
  if (!incident) throw notFound('incidents', 'The incident');
  return incident;
}

/** Whether the incident is in the caller's scope: the scope predicate alone, for checks made many times in one request. */
export async function inScope(db: Executor, principal: Principal, incidentId: string): Promise<boolean> {
  const scope = incidentScope(principal);
  const row = await db
    .selectFrom('incidents as i')
    .select('i.id')
    .where('i.id', '=', incidentId)
    .where((eb) => canRead(eb, scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** The caller's live grant for the incident's register, if any. */
export async function liveGrant(db: Executor, incidentId: string, userId: string, now: Date) {
  return db
    .selectFrom('register_grants')
    .select(['id', 'expires_at'])
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
}

/**
 * Throws 403 `register.grant_required` — after writing a `register.read_refused` audit row in
 * its own transaction, since the refused request writes nothing else — when the caller holds
 * no live grant. `attempt` names what was tried (list, reveal, add, update, export, import).
 */
export async function requireGrant(
  deps: UnitOfWorkDeps & { clock: () => Date },
  principal: Principal,
  actor: Actor,
  incidentId: string,
  attempt: string,
): Promise<{ id: string; expires_at: Date }> {
  const grant = await liveGrant(deps.db, incidentId, principal.userId, deps.clock());
  if (grant) return grant;
  const lapsed = await deps.db
    .selectFrom('register_grants')
    .select(['expires_at', 'revoked_at'])
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', principal.userId)
    .orderBy('granted_at', 'desc')
    .executeTakeFirst();
  const why = !lapsed ? 'no grant' : lapsed.revoked_at ? 'grant revoked' : 'grant expired';
  await inTransaction(deps, actor, async (uow) => {
    uow.audit({ action: 'register.read_refused', targetType: 'incident', targetIds: [incidentId], after: { attempt, why } });
  });
  throw new AppError(
    'register.grant_required',
    lapsed
      ? `Your access to this incident's register ${lapsed.revoked_at ? 'was revoked' : 'has expired'}; ask an administrator or the incident's coordinator for a new grant.`
      : "The register of affected persons is need-to-know: ask an administrator or the incident's coordinator for a grant.",
    { status: 403 },
  );
}

/**
 * The purpose of a read of identities: refused — with a `register.read_refused` audit row of
 * its own, like a refusal for want of a grant — when none is stated, or when "other" comes
 * without a reason.
 */
export async function requirePurpose(
  deps: UnitOfWorkDeps,
  actor: Actor,
  incidentId: string | null,
  attempt: string,
  body: { purpose?: string; purposeText?: string },
): Promise<{ purpose: string; purposeText: string | null }> {
  const text = body.purposeText?.trim() || null;
  const why = !body.purpose ? 'no purpose' : body.purpose === 'other' && !text ? 'no reason given for "other"' : null;
  if (!why) return { purpose: body.purpose as string, purposeText: text };
  await inTransaction(deps, actor, async (uow) => {
    uow.audit({
      action: 'register.read_refused',
      targetType: 'incident',
      targetIds: incidentId ? [incidentId] : [],
      after: { attempt, why },
    });
  });
  throw body.purpose
    ? new AppError('register.purpose_text_required', 'Say why you need the identities when the purpose is "other".')
    : new AppError(
        'register.purpose_required',
        'State why you need the identities (to notify, to verify, for a legal request, or another reason).',
      );
}
