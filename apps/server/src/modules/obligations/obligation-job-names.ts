/** Names of the obligations module's jobs, and the one call other modules make when an incident's facts change. */
import type { UnitOfWork } from '../../db/unit-of-work.ts';

export const OBLIGATION_JOBS = {
  /** Recompute one incident's obligations (enqueued by every change to its facts). */
  recompute: 'obligations.recompute',
  /** Every incident, after a rule was added or changed. */
  recomputeAll: 'obligations.recompute_all',
  /** Every minute: incidents whose pending obligations have passed their due time. */
  sweep: 'obligations.sweep',
} as const;

/**
 * Enqueues the recomputation of an incident's obligations in the writing transaction, so
 * it exists exactly when the change does; bursts for one incident collapse into one job.
 */
export function enqueueRecompute(uow: UnitOfWork, incidentId: string): void {
  uow.enqueue(OBLIGATION_JOBS.recompute, { incidentId }, { singletonKey: incidentId });
}
