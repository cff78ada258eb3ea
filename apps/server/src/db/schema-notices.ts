/** Table types of notices (migration 0006) and their mail (migration 0008). Part of the table types in schema.ts. */
import type { ColumnType, Generated } from 'kysely';
import type { Tlp } from '#shared/incidents';
import type { Timestamp, NullableTimestamp } from './schema.ts';

// Notices (migration 0006, docs/modules/notices.md)

export type NoticeKind = 'call_for_information' | 'direction' | 'clarification' | 'reminder' | 'show_cause';
export type NoticeStatus = 'draft' | 'approved' | 'issued' | 'acknowledged' | 'responded' | 'closed' | 'withdrawn';
export type DueUnit = 'hours' | 'calendar_days' | 'business_days';
export type AnswerVerdict = 'answered' | 'partial' | 'refused' | 'needs_clarification';

export interface HolidayCalendarsTable {
  id: Generated<string>;
  code: string;
  name: string;
  time_zone: string;
  weekend_days: ColumnType<number[], number[] | undefined, number[]>;
  created_at: Timestamp;
}

export interface HolidaysTable {
  calendar_id: string;
  /** A calendar date: select it as `to_char(day, 'YYYY-MM-DD')` (drivers turn `date` into a local-time Date). */
  day: ColumnType<string, string, string>;
  name: string;
}

export interface LegalBasesTable {
  id: Generated<string>;
  code: string;
  instrument: string;
  clause: string;
  summary: string;
  due_amount: number | null;
  due_unit: DueUnit | null;
  penalty_provision: string | null;
  calendar_id: string | null;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface NoticeReferenceCountersTable {
  year: number;
  last: number;
}

export interface NoticesTable {
  id: Generated<string>;
  incident_id: string;
  organization_id: string;
  parent_id: string | null;
  reference: string | null;
  kind: NoticeKind;
  legal_basis_id: string | null;
  subject: string;
  body: Generated<string>;
  tlp: Tlp;
  due_mode: 'fixed' | 'from_basis';
  due_at: NullableTimestamp;
  due_amount: number | null;
  due_unit: DueUnit | null;
  calendar_id: string | null;
  time_zone: Generated<string>;
  status: Generated<NoticeStatus>;
  overdue_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
  approved_by: string | null;
  approved_at: NullableTimestamp;
  issued_by: string | null;
  issued_at: NullableTimestamp;
  acknowledged_by: string | null;
  acknowledged_at: NullableTimestamp;
  responded_at: NullableTimestamp;
  closed_by: string | null;
  closed_at: NullableTimestamp;
  withdrawn_by: string | null;
  withdrawn_at: NullableTimestamp;
  withdrawn_reason: string | null;
  version: Generated<number>;
}

export interface NoticeQuestionsTable {
  id: Generated<string>;
  notice_id: string;
  position: number;
  text: string;
  requires_attachment: Generated<boolean>;
  clarifies_question_id: string | null;
}

export interface NoticeRecipientsTable {
  notice_id: string;
  user_id: string;
}

export interface NoticeDocumentsTable {
  notice_id: string;
  content_sha256: string;
  pdf: Uint8Array;
  pdf_sha256: string;
  created_at: Timestamp;
}

export interface NoticeResponsesTable {
  id: Generated<string>;
  notice_id: string;
  status: Generated<'draft' | 'submitted'>;
  submitted_by: string | null;
  submitted_at: NullableTimestamp;
  updated_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface NoticeAnswersTable {
  id: Generated<string>;
  response_id: string;
  question_id: string;
  text: Generated<string>;
  updated_at: Timestamp;
}

export interface NoticeAttachmentsTable {
  id: Generated<string>;
  answer_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface AnswerAssessmentsTable {
  id: Generated<string>;
  answer_id: string;
  verdict: AnswerVerdict;
  comment: Generated<string>;
  assessed_by: string | null;
  assessed_at: Timestamp;
}

export interface ExtensionRequestsTable {
  id: Generated<string>;
  notice_id: string;
  reason: string;
  requested_due_at: Timestamp;
  requested_by: string | null;
  requested_at: Timestamp;
  status: Generated<'pending' | 'granted' | 'refused'>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  granted_due_at: NullableTimestamp;
  previous_due_at: NullableTimestamp;
}

export interface NoticeEscalationsTable {
  id: Generated<string>;
  notice_id: string;
  organization_id: string;
  provision: string;
  note: Generated<string>;
  escalated_by: string | null;
  escalated_at: Timestamp;
}

// Mail (migration 0008, docs/modules/mail.md)

export type MailKind =
  | 'notice.issued'
  | 'notice.response_submitted'
  | 'notice.extension_requested'
  | 'notice.extension_decided'
  | 'notice.due_soon'
  | 'notice.overdue';
/** `bounced`: a receiving server reported after accepting it that a recipient could not be reached (migration 0010). */
export type MailState = 'queued' | 'sent' | 'failed' | 'outbox_only' | 'bounced';

export interface MailMessagesTable {
  id: Generated<string>;
  dedupe_key: string;
  kind: MailKind;
  notice_id: string | null;
  recipient_user_ids: ColumnType<string[], string[] | undefined, string[]>;
  recipients: ColumnType<string[], string[], string[]>;
  subject: string;
  text_body: string;
  /** The page the message is about, as a path under the public URL. */
  link: string;
  state: Generated<MailState>;
  attempts: Generated<number>;
  last_attempt_at: NullableTimestamp;
  last_error: string | null;
  rejected_recipients: ColumnType<string[], string[] | undefined, string[]>;
  smtp_message_id: string | null;
  smtp_response: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

/** A later report that a recipient of a message failed or is delayed (migration 0010). */
export interface MailBouncesTable {
  id: Generated<string>;
  mail_message_id: string;
  action: 'failed' | 'delayed';
  recipient: string | null;
  status: string | null;
  diagnostic: string | null;
  received_at: Timestamp;
}

export interface NoticeRemindersTable {
  id: Generated<string>;
  notice_id: string;
  kind: 'due_soon' | 'overdue';
  due_at: Timestamp;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  mail_message_id: string | null;
  skipped_at: NullableTimestamp;
  skip_reason: 'no_recipients' | 'no_longer_due' | null;
}
