/**
 * The due-time sweep (job `notices.due_sweep`, every minute and once at start): flags
 * notices whose due time passed unanswered as overdue, with a chronology entry each and
 * audit rows, and takes the overdue and due-soon reminders, each step one set-based
 * statement (docs/performance.md, "Notice due-time sweep"). It is state-based: whatever
 * fell due while no instance ran is found by the next sweep, so nothing is lost to a
 * restart. Reminders are rows with a unique (notice, kind, due time), so two instances
 * sweeping at once take each reminder once (and an advisory lock makes the second wait);
 * their messages are written by the `mail.deliver_reminders` job, enqueued in the
 * transaction that took them.
 */
import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../audit/audit-event.ts';
import type { Config } from '../../config/config.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { flagOverdue, hasPendingReminders, lockSweep, takeDueSoonReminders } from './due-sweep.repository.ts';
import { MAIL_JOBS } from './mail-job-names.ts';

export interface DueSweepDeps {
  db: Kysely<DB>;
  jobs: JobSender;
  config: Config;
  clock: () => Date;
}

export interface DueSweepResult {
  flaggedOverdue: number;
  dueSoonReminders: number;
  /** Reminders waiting for their message: a delivery job was enqueued. */
  deliveryQueued: boolean;
}

/** Ids per audit row: one row names many notices, so a backlog of thousands is a handful of rows. */
const AUDIT_IDS_PER_ROW = 1000;
/**
 * Notices flagged per transaction: a backlog (after a long stop) is worked through in
 * several short transactions, so that no notice stays locked for long.
 */
const FLAG_BATCH = 5000;

export async function runDueSweep(deps: DueSweepDeps, options: { flagBatch?: number } = {}): Promise<DueSweepResult> {
  const now = deps.clock();
  const batchSize = options.flagBatch ?? FLAG_BATCH;
  let flaggedOverdue = 0;
  for (;;) {
    const step = await inTransaction(deps, SYSTEM_ACTOR, async (uow) => {
      await lockSweep(uow.trx);
      const ids = await flagOverdue(uow.trx, now, batchSize);
      for (let i = 0; i < ids.length; i += AUDIT_IDS_PER_ROW) {
        uow.audit({
          action: 'notice.marked_overdue',
          targetType: 'notice',
          targetIds: ids.slice(i, i + AUDIT_IDS_PER_ROW),
          after: { overdueAt: now },
        });
      }
      if (ids.length === batchSize) {
        uow.enqueue(MAIL_JOBS.deliverReminders, {});
        return { flagged: ids.length, done: null };
      }
      // The last batch: the due-soon reminders in the same transaction.
      const until = new Date(now.getTime() + deps.config.mail.reminderBeforeHours * 3_600_000);
      const dueSoonReminders = await takeDueSoonReminders(uow.trx, now, until);
      // Also after a delivery job that gave up or an instance that stopped mid-batch.
      const deliveryQueued = ids.length > 0 || dueSoonReminders > 0 || flaggedOverdue > 0 || (await hasPendingReminders(uow.trx));
      if (deliveryQueued) uow.enqueue(MAIL_JOBS.deliverReminders, {});
      return { flagged: ids.length, done: { dueSoonReminders, deliveryQueued } };
    });
    flaggedOverdue += step.flagged;
    if (step.done) return { flaggedOverdue, ...step.done };
  }
}
