/**
 * Mail about a notice, queued inside the caller's transaction (docs/modules/mail.md).
 * Callers: the notices module, at issue, response submitted, extension requested and
 * extension decided; the reminder delivery job for due-soon and overdue reminders.
 *
 * The message is composed here, in the transaction of the change it reports, so it says
 * what was true when that change committed; the `mail.send` job enqueued with it sends it
 * (or keeps it in the outbox when no SMTP server is configured) after COMMIT.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import { MAIL_JOBS } from './mail-job-names.ts';
import {
  findExtension,
  findMailRecipients,
  findNoticeFacts,
  findSubmittedAt,
  insertMailMessage,
  type NoticeMailFacts,
} from './notice-mail.repository.ts';
import { audienceOf, composeNoticeMail, type MailOccasion } from './notice-mail-content.ts';

export type NoticeMailEvent =
  | { kind: 'issued'; noticeId: string }
  | { kind: 'response_submitted'; noticeId: string }
  | { kind: 'extension_requested'; noticeId: string; extensionId: string }
  /** Call after the decision is written: the message says what was decided. */
  | { kind: 'extension_decided'; noticeId: string; extensionId: string };

/** A reminder the due-time sweep took (table notice_reminders). */
export interface ReminderMail {
  kind: 'due_soon' | 'overdue';
  reminderId: string;
  noticeId: string;
  dueAt: Date;
}

export type QueuedMail = { messageId: string } | { skipped: 'no_recipients' | 'no_longer_due' | 'already_queued' };

export async function notifyNoticeEvent(uow: UnitOfWork, event: NoticeMailEvent): Promise<void> {
  const notice = await findNoticeFacts(uow.trx, event.noticeId);
  if (!notice) throw new Error(`Notice ${event.noticeId} does not exist; no mail can be written about it.`);
  const occasion = await occasionOf(uow.trx, notice, event);
  const key = 'extensionId' in event ? `notice.${event.kind}:${event.extensionId}` : `notice.${event.kind}:${event.noticeId}`;
  const queued = await queueMail(uow.trx, notice, occasion, key);
  if ('messageId' in queued) uow.enqueue(MAIL_JOBS.send, { messageId: queued.messageId });
}

/**
 * Writes a reminder's message, unless the notice has moved on since the sweep took it
 * (answered, withdrawn, closed, or given a new due time). The caller enqueues the send.
 */
export async function queueReminderMail(trx: Transaction<DB>, reminder: ReminderMail): Promise<QueuedMail> {
  const notice = await findNoticeFacts(trx, reminder.noticeId);
  const stillDue =
    notice !== undefined &&
    (notice.status === 'issued' || notice.status === 'acknowledged') &&
    notice.dueAt?.getTime() === reminder.dueAt.getTime() &&
    (reminder.kind === 'overdue') === (notice.overdueAt !== null);
  if (!notice || !stillDue) return { skipped: 'no_longer_due' };
  return queueMail(trx, notice, { kind: `notice.${reminder.kind}`, dueAt: reminder.dueAt }, `reminder:${reminder.reminderId}`);
}

async function queueMail(trx: Transaction<DB>, notice: NoticeMailFacts, occasion: MailOccasion, dedupeKey: string): Promise<QueuedMail> {
  const recipients = await findMailRecipients(trx, notice, audienceOf(occasion.kind));
  if (recipients.length === 0) return { skipped: 'no_recipients' };
  const mail = composeNoticeMail(notice, occasion);
  const messageId = await insertMailMessage(trx, {
    dedupeKey,
    kind: mail.kind,
    noticeId: notice.id,
    recipients,
    subject: mail.subject,
    text: mail.text,
    link: mail.link,
  });
  return messageId ? { messageId } : { skipped: 'already_queued' };
}

async function occasionOf(trx: Transaction<DB>, notice: NoticeMailFacts, event: NoticeMailEvent): Promise<MailOccasion> {
  switch (event.kind) {
    case 'issued':
      return { kind: 'notice.issued' };
    case 'response_submitted':
      return { kind: 'notice.response_submitted', submittedAt: await findSubmittedAt(trx, notice.id) };
    case 'extension_requested':
    case 'extension_decided': {
      const extension = await findExtension(trx, notice.id, event.extensionId);
      if (!extension) throw new Error(`Extension request ${event.extensionId} of notice ${notice.id} does not exist.`);
      if (event.kind === 'extension_requested') return { kind: 'notice.extension_requested', requestedDueAt: extension.requested_due_at };
      if (extension.status === 'pending')
        throw new Error(`Extension request ${event.extensionId} has not been decided yet; write the decision before the mail.`);
      const granted = extension.status === 'granted';
      return { kind: 'notice.extension_decided', granted, dueAt: granted ? (extension.granted_due_at ?? notice.dueAt) : notice.dueAt };
    }
  }
}
