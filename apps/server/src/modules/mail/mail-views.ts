/** Outbox rows as the API shows them (contracts in packages/shared/src/contracts/mail.ts). */
import type { MailDelivery, MailMessage } from '#shared/contracts/mail';
import type { MailKind, MailState } from '../../db/schema.ts';
import { renderMailText } from './notice-mail-content.ts';

interface DeliveryRow {
  id: string;
  kind: MailKind;
  recipients: string[];
  state: MailState;
  attempts: number;
  last_error: string | null;
  rejected_recipients: string[];
  created_at: Date;
  last_attempt_at: Date | null;
  sent_at: Date | null;
  bounces: Array<{
    action: 'failed' | 'delayed';
    recipient: string | null;
    status: string | null;
    diagnostic: string | null;
    received_at: Date;
  }>;
}

interface MessageRow extends DeliveryRow {
  notice_id: string | null;
  notice_reference: string | null;
  recipient_user_ids: string[];
  subject: string;
  text_body: string;
  link: string;
  smtp_message_id: string | null;
  smtp_response: string | null;
}

export function toMailDelivery(row: DeliveryRow): MailDelivery {
  return {
    id: row.id,
    kind: row.kind,
    recipients: row.recipients,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    rejectedRecipients: row.rejected_recipients,
    bounces: row.bounces.map((b) => ({
      action: b.action,
      recipient: b.recipient,
      status: b.status,
      diagnostic: b.diagnostic,
      receivedAt: b.received_at.toISOString(),
    })),
    createdAt: row.created_at.toISOString(),
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

export function toMailMessage(row: MessageRow, publicUrl: string): MailMessage {
  const url = `${publicUrl}${row.link}`;
  return {
    ...toMailDelivery(row),
    noticeId: row.notice_id,
    noticeReference: row.notice_reference,
    recipientUserIds: row.recipient_user_ids,
    subject: row.subject,
    text: renderMailText(row.text_body, url),
    url,
    smtpMessageId: row.smtp_message_id,
    smtpResponse: row.smtp_response,
  };
}
