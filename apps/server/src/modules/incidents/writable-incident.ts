/**
 * The check every change to an incident or its parts starts with: the incident must be in
 * the caller's scope (else 404, so ids cannot be probed) and the caller must be allowed to
 * change it (else 403). With `lock`, the incident row is held until COMMIT so that changes
 * to it and its parts are serialised.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { findIncident } from './incidents.repository.ts';
import { incidentScope } from './incidents.scope.ts';

export async function findWritableIncident(trx: Transaction<DB>, principal: Principal, id: string, options: { lock?: boolean } = {}) {
  const incident = await findIncident(trx, incidentScope(principal), id, { forUpdate: options.lock ?? true });
  if (!incident) throw notFound('incidents', 'The incident');
  if (!incident.can_write) throw new AppError('incidents.forbidden', 'You may read this incident but not change it.', { status: 403 });
  return incident;
}
