/**
 * The obligations module's jobs (registered in app.ts):
 * - `obligations.recompute` {incidentId}: enqueued by every change to an incident's facts;
 *   one per incident at a time (singleton key), so a burst of edits is one recomputation;
 * - `obligations.recompute_all`: after a rule is added or changed, every incident, in
 *   batches of RECOMPUTE_BATCH incidents, one transaction each;
 * - `obligations.sweep`, every minute: incidents whose pending obligations passed their due
 *   time, so that "missed" appears without anyone editing the incident.
 * Each transaction that changes results writes one audit row naming the incidents.
 */
import { Type } from '@sinclair/typebox';
import { type Kysely, sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { defineJob, type JobDefinition } from '../../jobs/job-definition.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { type RecomputeCounts, recomputeIncidents } from './obligation-recompute.ts';
import type { ComputeInput } from './obligation-types.ts';
import { OBLIGATION_JOBS } from './obligation-job-names.ts';

export const RECOMPUTE_BATCH = 500;

export interface ObligationJobDeps {
  db: Kysely<DB>;
  jobs: JobSender;
  clock: () => Date;
}

/** Recomputes a batch of incidents in one transaction, with an audit row when anything changed. */
export async function recomputeBatch(deps: ObligationJobDeps, incidentIds: string[], cache: { calendars?: ComputeInput['calendars'] } = {}): Promise<RecomputeCounts> {
  return inTransaction(deps, SYSTEM_ACTOR, async (uow) => {
    const counts = await recomputeIncidents(uow.trx, incidentIds, deps.clock(), cache);
    if (counts.inserted + counts.updated + counts.deleted > 0) {
      uow.audit({
        action: 'obligations.recomputed', targetType: 'incident', targetIds: incidentIds.slice(0, 1000),
        after: { inserted: counts.inserted, updated: counts.updated, deleted: counts.deleted, incidents: counts.incidents },
      });
    }
    return counts;
  });
}

/** Every incident, in batches by id; returns the totals. */
export async function recomputeAll(deps: ObligationJobDeps, options: { batchSize?: number; onBatch?: (c: RecomputeCounts) => void } = {}): Promise<RecomputeCounts> {
  const totals: RecomputeCounts = { incidents: 0, inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  const cache: { calendars?: ComputeInput['calendars'] } = {};
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = (await deps.db.selectFrom('incidents').select('id').where('id', '>', after).orderBy('id').limit(options.batchSize ?? RECOMPUTE_BATCH).execute()).map((r) => r.id);
    if (ids.length === 0) return totals;
    const counts = await recomputeBatch(deps, ids, cache);
    for (const k of Object.keys(totals) as Array<keyof RecomputeCounts>) totals[k] += counts[k];
    options.onBatch?.(counts);
    after = ids[ids.length - 1];
  }
}

/** Incidents with a pending obligation past its due time, recomputed so that it shows as missed. */
export async function sweepDueObligations(deps: ObligationJobDeps): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await sql<{ incident_id: string }>`
      select distinct incident_id from obligations where state = 'pending' and due_at < ${deps.clock()} limit ${RECOMPUTE_BATCH}`.execute(deps.db);
    if (rows.rows.length === 0) return total;
    await recomputeBatch(deps, rows.rows.map((r) => r.incident_id));
    total += rows.rows.length;
    if (rows.rows.length < RECOMPUTE_BATCH) return total;
  }
}

export function createObligationJobs(deps: ObligationJobDeps): JobDefinition<any>[] {
  return [
    defineJob({
      name: OBLIGATION_JOBS.recompute,
      payload: Type.Object({ incidentId: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }) }, { additionalProperties: false }),
      retryLimit: 5,
      retryDelaySeconds: 5,
      async handler({ incidentId }) {
        await recomputeBatch(deps, [incidentId]);
      },
    }),
    defineJob({
      name: OBLIGATION_JOBS.recomputeAll,
      payload: Type.Object({}, { additionalProperties: false }),
      retryLimit: 3,
      retryDelaySeconds: 30,
      async handler() {
        await recomputeAll(deps);
      },
    }),
    defineJob({
      name: OBLIGATION_JOBS.sweep,
      payload: Type.Object({}, { additionalProperties: false }),
      cron: '* * * * *',
      retryLimit: 2,
      retryDelaySeconds: 10,
      async handler() {
        await sweepDueObligations(deps);
      },
    }),
  ];
}
