/**
 * Writes the messages of the reminders the sweep took (job `mail.deliver_reminders`), a
 * batch per transaction. Each reminder row is locked with SKIP LOCKED and marked in the
 * transaction that writes its message and enqueues the send, so instances working side
 * by side share the backlog and no reminder is written twice.
 */
import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { MAIL_JOBS } from './mail-job-names.ts';
import { queueReminderMail } from './notice-mail.ts';

export interface ReminderDeliveryDeps {
  db: Kysely<DB>;
  jobs: JobSender;
  clock: () => Date;
}

/** Works until no reminder is pending (or after `maxBatches`); returns how many it handled. */
export async function deliverPendingReminders(
  deps: ReminderDeliveryDeps,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 100;
  let total = 0;
  for (let batch = 1; ; batch++) {
    const handled = await inTransaction(deps, SYSTEM_ACTOR, async (uow) => {
      const reminders = await uow.trx
        .selectFrom('notice_reminders')
        .select(['id', 'notice_id', 'kind', 'due_at'])
        .where('sent_at', 'is', null)
        .where('skipped_at', 'is', null)
        .orderBy('created_at')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const reminder of reminders) {
        const queued = await queueReminderMail(uow.trx, {
          kind: reminder.kind,
          reminderId: reminder.id,
          noticeId: reminder.notice_id,
          dueAt: reminder.due_at,
        });
        const now = deps.clock();
        if ('messageId' in queued) {
          await uow.trx
            .updateTable('notice_reminders')
            .set({ sent_at: now, mail_message_id: queued.messageId })
            .where('id', '=', reminder.id)
            .execute();
          uow.enqueue(MAIL_JOBS.send, { messageId: queued.messageId });
        } else if (queued.skipped === 'already_queued') {
          // Cannot happen while the mark and the message share a transaction; linking it keeps the reminder from coming round again.
          await uow.trx
            .updateTable('notice_reminders')
            .set((eb) => ({
              sent_at: now,
              mail_message_id: eb.selectFrom('mail_messages').select('id').where('dedupe_key', '=', `reminder:${reminder.id}`),
            }))
            .where('id', '=', reminder.id)
            .execute();
        } else {
          await uow.trx
            .updateTable('notice_reminders')
            .set({ skipped_at: now, skip_reason: queued.skipped })
            .where('id', '=', reminder.id)
            .execute();
        }
      }
      return reminders.length;
    });
    total += handled;
    if (handled < batchSize || batch === options.maxBatches) return total;
  }
}
