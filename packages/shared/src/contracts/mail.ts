/**
 * API contracts of the mail module (docs/modules/mail.md): the outbox admins read, and
 * the delivery record of one notice's mail that the notice page shows.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Cursor, Limit, literals, NullableTimestamp, Page, Strict, Timestamp, Uuid } from './common.ts';

export const MAIL_KINDS = [
  'notice.issued',
  'notice.response_submitted',
  'notice.extension_requested',
  'notice.extension_decided',
  'notice.due_soon',
  'notice.overdue',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * queued: waiting for (another) attempt; outbox_only: no SMTP server is configured, so it
 * was kept here and not sent; bounced: accepted by the SMTP server, then reported
 * undeliverable to at least one recipient by a bounce (see `bounces`).
 */
export const MAIL_STATES = ['queued', 'sent', 'failed', 'outbox_only', 'bounced'] as const;
export type MailState = (typeof MAIL_STATES)[number];

export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  'notice.issued': 'Notice issued',
  'notice.response_submitted': 'Response submitted',
  'notice.extension_requested': 'Extension requested',
  'notice.extension_decided': 'Extension decided',
  'notice.due_soon': 'Due-time reminder',
  'notice.overdue': 'Overdue',
};

export const MAIL_STATE_LABELS: Record<MailState, string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
  outbox_only: 'Outbox only',
  bounced: 'Bounced',
};

const NullableText = Type.Union([Type.String(), Type.Null()]);

/** failed: the recipient cannot be reached; delayed: the receiving side is still trying. */
export const MAIL_BOUNCE_ACTIONS = ['failed', 'delayed'] as const;

/** What a bounce that arrived after sending said about one recipient. */
export const MailBounce = Type.Object({
  action: literals(MAIL_BOUNCE_ACTIONS),
  /** Null when the bounce did not say which recipient it is about. */
  recipient: NullableText,
  /** The enhanced status code (RFC 3463), such as 5.1.1. */
  status: NullableText,
  /** The receiving server's words, as the bounce quotes them. */
  diagnostic: NullableText,
  receivedAt: Timestamp,
});
export type MailBounce = Static<typeof MailBounce>;

/** How one message fared: enough for the notice page to show a bounce or a failure. */
export const MailDelivery = Type.Object({
  id: Uuid,
  kind: literals(MAIL_KINDS),
  recipients: Type.Array(Type.String()),
  state: literals(MAIL_STATES),
  attempts: Type.Integer(),
  lastError: NullableText,
  /** Addresses the receiving server refused while accepting the others. */
  rejectedRecipients: Type.Array(Type.String()),
  /** Bounces that arrived after the message was sent, oldest first. */
  bounces: Type.Array(MailBounce),
  createdAt: Timestamp,
  lastAttemptAt: NullableTimestamp,
  sentAt: NullableTimestamp,
});
export type MailDelivery = Static<typeof MailDelivery>;

export const MailMessage = Type.Composite([
  MailDelivery,
  Type.Object({
    noticeId: Type.Union([Uuid, Type.Null()]),
    noticeReference: NullableText,
    recipientUserIds: Type.Array(Uuid),
    subject: Type.String(),
    /** The text exactly as it is (or would be) sent, ending with the link. */
    text: Type.String(),
    /** The page the message links to. */
    url: Type.String(),
    smtpMessageId: NullableText,
    smtpResponse: NullableText,
  }),
]);
export type MailMessage = Static<typeof MailMessage>;

export const MailMessagePage = Page(MailMessage);

export const ListMailMessagesQuery = Strict({
  noticeId: Type.Optional(Uuid),
  state: Type.Optional(literals(MAIL_STATES)),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type ListMailMessagesQuery = Static<typeof ListMailMessagesQuery>;
