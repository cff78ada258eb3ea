/**
 * One state change = one transaction holding the change, its audit rows and the jobs it
 * causes (outbox). Audit rows are written last, just before COMMIT, so the audit chain
 * lock they take is held for as short a time as possible.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor, AuditEventInput } from '../audit/audit-event.ts';
import { writeAuditEvent } from '../audit/audit-writer.ts';
import type { JobSender } from '../jobs/job-queue.ts';
import type { DB } from './schema.ts';
import { transactionContext } from './transaction-context.ts';

export interface UnitOfWork {
  trx: Transaction<DB>;
  audit(event: AuditEventInput): void;
  enqueue(name: string, payload: unknown, options?: { startAfter?: Date; singletonKey?: string }): void;
}

export interface UnitOfWorkDeps {
  db: Kysely<DB>;
  jobs: JobSender;
}

export async function inTransaction<T>(deps: UnitOfWorkDeps, actor: Actor, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    const events: AuditEventInput[] = [];
    const jobs: Array<{ name: string; payload: unknown; options?: { startAfter?: Date; singletonKey?: string } }> = [];
    const result = await transactionContext.run(true, () =>
      work({
        trx,
        audit: (event) => events.push(event),
        enqueue: (name, payload, options) => jobs.push({ name, payload, options }),
      }),
    );
    for (const job of jobs) await deps.jobs.sendWithin(trx, job.name, job.payload, job.options);
    const now = new Date();
    for (const event of events) await writeAuditEvent(trx, actor, event, now);
    return result;
  });
}
