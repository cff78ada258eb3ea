/**
 * API contracts of the notices module (docs/modules/notices.md): the legal-basis
 * catalogue and business-day calendars, notices with their lifecycle, the organization's
 * response with attachments, assessments and clarifications, extensions, escalation and
 * an organization's compliance record.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Cursor, Limit, NullableTimestamp, Strict, Timestamp, Uuid, literals } from './common.ts';
import { TimeZone, TlpSchema } from './incidents.ts';

export const NOTICE_KINDS = ['call_for_information', 'direction', 'clarification', 'reminder', 'show_cause'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** Kinds a notice may be created with; a clarification is made from its parent (createClarification). */
export const CREATABLE_NOTICE_KINDS = ['call_for_information', 'direction', 'reminder', 'show_cause'] as const;

export const NOTICE_STATUSES = ['draft', 'approved', 'issued', 'acknowledged', 'responded', 'closed', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const DUE_UNITS = ['hours', 'calendar_days', 'business_days'] as const;
export type DueUnit = (typeof DUE_UNITS)[number];

export const DUE_MODES = ['fixed', 'from_basis'] as const;
export type DueMode = (typeof DUE_MODES)[number];

export const ANSWER_VERDICTS = ['answered', 'partial', 'refused', 'needs_clarification'] as const;
export type AnswerVerdict = (typeof ANSWER_VERDICTS)[number];

/** Content types an attachment may have; the bytes are checked against the declared type. */
export const ATTACHMENT_CONTENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

export const NoticeKindSchema = literals(NOTICE_KINDS);
export const NoticeStatusSchema = literals(NOTICE_STATUSES);
export const DueUnitSchema = literals(DUE_UNITS);
export const DueModeSchema = literals(DUE_MODES);
export const VerdictSchema = literals(ANSWER_VERDICTS);

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const Ref = Type.Object({ id: Uuid, name: Type.String() });
const NullableRef = Type.Union([Ref, Type.Null()]);
const DueAmount = Type.Integer({ minimum: 1, maximum: 10_000 });
/** Weekday numbers, 0 = Sunday … 6 = Saturday. */
const Weekday = Type.Integer({ minimum: 0, maximum: 6 });
const LocalDate = Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD' });

// Legal bases and calendars

export const LegalBasisParams = Strict({ legalBasisId: Uuid });
export const CalendarParams = Strict({ calendarId: Uuid });

export const CalendarRef = Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), timeZone: Type.String() });

export const LegalBasis = Type.Object({
  id: Uuid,
  code: Type.String(),
  instrument: Type.String(),
  clause: Type.String(),
  summary: Type.String(),
  dueAmount: Type.Union([Type.Integer(), Type.Null()]),
  dueUnit: Type.Union([DueUnitSchema, Type.Null()]),
  penaltyProvision: Type.Union([Type.String(), Type.Null()]),
  calendar: Type.Union([CalendarRef, Type.Null()]),
  active: Type.Boolean(),
  /** Cited by an issued notice: its instrument, clause and summary can no longer change. */
  inUse: Type.Boolean(),
  createdAt: Timestamp,
});
export type LegalBasis = Static<typeof LegalBasis>;
export const LegalBasisList = Type.Object({ items: Type.Array(LegalBasis) });

export const CreateLegalBasisBody = Strict({
  code: Type.String({ pattern: '^[a-z0-9-]{2,60}$', maxLength: 60 }),
  instrument: Text(300),
  clause: Text(100),
  summary: Text(4000),
  dueAmount: Type.Optional(DueAmount),
  dueUnit: Type.Optional(DueUnitSchema),
  penaltyProvision: Type.Optional(Text(500)),
  calendarId: Type.Optional(Uuid),
});
export type CreateLegalBasisBody = Static<typeof CreateLegalBasisBody>;

export const UpdateLegalBasisBody = Strict({
  instrument: Type.Optional(Text(300)),
  clause: Type.Optional(Text(100)),
  summary: Type.Optional(Text(4000)),
  dueAmount: Type.Optional(Type.Union([DueAmount, Type.Null()])),
  dueUnit: Type.Optional(Type.Union([DueUnitSchema, Type.Null()])),
  penaltyProvision: Type.Optional(Type.Union([Text(500), Type.Null()])),
  calendarId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
});
export type UpdateLegalBasisBody = Static<typeof UpdateLegalBasisBody>;

export const Holiday = Type.Object({ day: LocalDate, name: Type.String() });
export const HolidayCalendar = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  weekendDays: Type.Array(Type.Integer()),
  holidays: Type.Array(Holiday),
});
export type HolidayCalendar = Static<typeof HolidayCalendar>;
export const HolidayCalendarList = Type.Object({ items: Type.Array(HolidayCalendar) });

/**
 * A holiday as sent: the day has the shape YYYY-MM-DD here, and the service refuses a day
 * that does not exist (2025-02-30) with `notices.invalid_holiday`, naming the day and why.
 */
const HolidayInput = Strict({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: 'YYYY-MM-DD' }), name: Text(200) });
const WeekendDays = Type.Array(Weekday, { maxItems: 6, uniqueItems: true });
const HolidayList = Type.Array(HolidayInput, { maxItems: 1000 });

export const CreateHolidayCalendarBody = Strict({
  /** As the table's check: capitals, digits and hyphens; a rule's `calendar` (or jurisdiction) names it. */
  code: Type.String({ pattern: '^[A-Z0-9-]{2,20}$', maxLength: 20 }),
  name: Text(200),
  timeZone: TimeZone,
  /** Defaults to Saturday and Sunday. */
  weekendDays: Type.Optional(WeekendDays),
  holidays: Type.Optional(HolidayList),
});
export type CreateHolidayCalendarBody = Static<typeof CreateHolidayCalendarBody>;

export const UpdateHolidayCalendarBody = Strict({
  name: Type.Optional(Text(200)),
  timeZone: Type.Optional(TimeZone),
  weekendDays: Type.Optional(WeekendDays),
  /** The complete list of dated holidays; it replaces the calendar's list. */
  holidays: Type.Optional(HolidayList),
});
export type UpdateHolidayCalendarBody = Static<typeof UpdateHolidayCalendarBody>;

// Notices

export const NoticeParams = Strict({ noticeId: Uuid });
/** `/incidents/:id/notices`: the router names an incident `:id` on every incident route. */
export const IncidentNoticeParams = Strict({ id: Uuid });
export const QuestionParams = Strict({ noticeId: Uuid, questionId: Uuid });
export const AttachmentParams = Strict({ attachmentId: Uuid });
export const ExtensionParams = Strict({ extensionId: Uuid });
/** `/organizations/:id/compliance`, named as on the other organization routes. */
export const OrganizationComplianceParams = Strict({ id: Uuid });

/** What the caller may do with a notice now; the web app shows only these. */
export const NoticeAbilities = Type.Object({
  update: Type.Boolean(),
  approve: Type.Boolean(),
  issue: Type.Boolean(),
  withdraw: Type.Boolean(),
  close: Type.Boolean(),
  respond: Type.Boolean(),
  requestExtension: Type.Boolean(),
  decideExtension: Type.Boolean(),
  escalate: Type.Boolean(),
  assess: Type.Boolean(),
  clarify: Type.Boolean(),
});
export type NoticeAbilities = Static<typeof NoticeAbilities>;

const LegalBasisRef = Type.Object({
  id: Uuid, code: Type.String(), instrument: Type.String(), clause: Type.String(), summary: Type.String(), penaltyProvision: Type.Union([Type.String(), Type.Null()]),
});

export const NoticeListItem = Type.Object({
  id: Uuid,
  reference: Type.Union([Type.String(), Type.Null()]),
  kind: NoticeKindSchema,
  status: NoticeStatusSchema,
  subject: Type.String(),
  tlp: TlpSchema,
  incident: Type.Object({ id: Uuid, reference: Type.String(), title: Type.String() }),
  organization: Ref,
  legalBasis: Type.Union([LegalBasisRef, Type.Null()]),
  parentId: Type.Union([Uuid, Type.Null()]),
  dueAt: NullableTimestamp,
  timeZone: Type.String(),
  /** The due time in the notice's zone, with the zone named ("29 Nov 2019, 23:59:59 IST (Asia/Kolkata)"). */
  dueLocal: Type.Union([Type.String(), Type.Null()]),
  /** Flagged by the due-time sweep, or past its due time with no submitted response. */
  overdue: Type.Boolean(),
  overdueAt: NullableTimestamp,
  /** Staff only; null for an outside organization. */
  escalatedAt: NullableTimestamp,
  issuedAt: NullableTimestamp,
  acknowledgedAt: NullableTimestamp,
  respondedAt: NullableTimestamp,
  createdAt: Timestamp,
  version: Type.Integer(),
  abilities: NoticeAbilities,
});
export type NoticeListItem = Static<typeof NoticeListItem>;
export const NoticePage = Type.Object({ items: Type.Array(NoticeListItem), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const Attachment = Type.Object({
  id: Uuid,
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Timestamp,
  uploadedBy: NullableRef,
});
export type Attachment = Static<typeof Attachment>;

export const Assessment = Type.Object({
  id: Uuid,
  verdict: VerdictSchema,
  comment: Type.String(),
  assessedAt: Timestamp,
  assessedBy: NullableRef,
});
export type Assessment = Static<typeof Assessment>;

export const NoticeQuestion = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  text: Type.String(),
  requiresAttachment: Type.Boolean(),
  clarifiesQuestionId: Type.Union([Uuid, Type.Null()]),
  /** The organization's answer: its own users see the draft, staff only a submitted one. */
  answer: Type.Union([Type.Object({ id: Uuid, text: Type.String(), updatedAt: Timestamp, attachments: Type.Array(Attachment) }), Type.Null()]),
  /** Staff only, newest first; the first is the one that counts. Empty for an outside organization. */
  assessments: Type.Array(Assessment),
  latestVerdict: Type.Union([VerdictSchema, Type.Null()]),
});
export type NoticeQuestion = Static<typeof NoticeQuestion>;

export const Extension = Type.Object({
  id: Uuid,
  noticeId: Uuid,
  reason: Type.String(),
  requestedDueAt: Timestamp,
  requestedAt: Timestamp,
  requestedBy: NullableRef,
  status: literals(['pending', 'granted', 'refused'] as const),
  decidedAt: NullableTimestamp,
  decidedBy: NullableRef,
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  grantedDueAt: NullableTimestamp,
  previousDueAt: NullableTimestamp,
});
export type Extension = Static<typeof Extension>;

export const Escalation = Type.Object({
  id: Uuid,
  provision: Type.String(),
  note: Type.String(),
  escalatedAt: Timestamp,
  escalatedBy: NullableRef,
});

const ChainLink = Type.Object({ id: Uuid, reference: Type.Union([Type.String(), Type.Null()]), kind: NoticeKindSchema, status: NoticeStatusSchema, subject: Type.String() });

export const Notice = Type.Object({
  ...NoticeListItem.properties,
  body: Type.String(),
  dueMode: DueModeSchema,
  dueAmount: Type.Union([Type.Integer(), Type.Null()]),
  dueUnit: Type.Union([DueUnitSchema, Type.Null()]),
  calendar: Type.Union([CalendarRef, Type.Null()]),
  questions: Type.Array(NoticeQuestion),
  recipients: Type.Array(Type.Object({ id: Uuid, name: Type.String(), email: Type.String() })),
  response: Type.Union([Type.Object({
    id: Uuid,
    status: literals(['draft', 'submitted'] as const),
    version: Type.Integer(),
    updatedAt: Timestamp,
    submittedAt: NullableTimestamp,
    submittedBy: NullableRef,
  }), Type.Null()]),
  extensions: Type.Array(Extension),
  /** Staff only. */
  escalations: Type.Array(Escalation),
  /** The clarification chain: the notices this one follows up (oldest first) and those that follow it up. */
  chain: Type.Object({ ancestors: Type.Array(ChainLink), children: Type.Array(ChainLink) }),
  /** The PDF made at issue: the SHA-256 of the frozen content printed on it, and the PDF's own. */
  document: Type.Union([Type.Object({ contentSha256: Type.String(), pdfSha256: Type.String(), createdAt: Timestamp }), Type.Null()]),
  createdBy: NullableRef,
  updatedBy: NullableRef,
  updatedAt: Timestamp,
  approvedBy: NullableRef,
  approvedAt: NullableTimestamp,
  issuedBy: NullableRef,
  acknowledgedBy: NullableRef,
  closedBy: NullableRef,
  closedAt: NullableTimestamp,
  withdrawnBy: NullableRef,
  withdrawnAt: NullableTimestamp,
  withdrawnReason: Type.Union([Type.String(), Type.Null()]),
});
export type Notice = Static<typeof Notice>;

export const ListNoticesQuery = Strict({
  incidentId: Type.Optional(Uuid),
  organizationId: Type.Optional(Uuid),
  status: Type.Optional(Type.Array(NoticeStatusSchema, { maxItems: 7 })),
  overdue: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type ListNoticesQuery = Static<typeof ListNoticesQuery>;

export const QuestionInput = Strict({
  text: Text(4000),
  requiresAttachment: Type.Optional(Type.Boolean()),
  /** In a clarification: the parent's question this one follows up. */
  clarifiesQuestionId: Type.Optional(Type.Union([Uuid, Type.Null()])),
});

/** The deadline of a notice: a fixed instant, or computed at issue from an amount and unit (the notice's own, else its legal basis'). */
const DueFields = {
  dueMode: DueModeSchema,
  dueAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  dueAmount: Type.Optional(Type.Union([DueAmount, Type.Null()])),
  dueUnit: Type.Optional(Type.Union([DueUnitSchema, Type.Null()])),
  calendarId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  /** IANA zone the due time is computed and printed in; defaults to the calendar's zone, else UTC. */
  timeZone: Type.Optional(TimeZone),
};

export const CreateNoticeBody = Strict({
  organizationId: Uuid,
  kind: literals(CREATABLE_NOTICE_KINDS),
  legalBasisId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  subject: Text(300),
  body: Type.Optional(Type.String({ maxLength: 50000 })),
  /** Defaults to the incident's marking. */
  tlp: Type.Optional(TlpSchema),
  ...DueFields,
  questions: Type.Optional(Type.Array(QuestionInput, { maxItems: 100 })),
  recipientIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
});
export type CreateNoticeBody = Static<typeof CreateNoticeBody>;

export const UpdateNoticeBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  kind: Type.Optional(literals(CREATABLE_NOTICE_KINDS)),
  legalBasisId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  subject: Type.Optional(Text(300)),
  body: Type.Optional(Type.String({ maxLength: 50000 })),
  tlp: Type.Optional(TlpSchema),
  dueMode: Type.Optional(DueModeSchema),
  dueAt: DueFields.dueAt,
  dueAmount: DueFields.dueAmount,
  dueUnit: DueFields.dueUnit,
  calendarId: DueFields.calendarId,
  timeZone: DueFields.timeZone,
  /** The complete list of questions, in order; it replaces the notice's questions. */
  questions: Type.Optional(Type.Array(QuestionInput, { maxItems: 100 })),
  /** The complete list of recipients; it replaces the notice's recipients. */
  recipientIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
});
export type UpdateNoticeBody = Static<typeof UpdateNoticeBody>;

export const VersionBody = Strict({ version: Type.Integer({ minimum: 1 }) });
export const WithdrawNoticeBody = Strict({ version: Type.Integer({ minimum: 1 }), reason: Text(2000) });

export const DuePreviewBody = Strict({
  /** The instant the clock starts; defaults to now (the time of issue). */
  from: Type.Optional(Timestamp),
  legalBasisId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  ...DueFields,
});
export type DuePreviewBody = Static<typeof DuePreviewBody>;
export const DuePreview = Type.Object({
  dueAt: Timestamp,
  timeZone: Type.String(),
  dueLocal: Type.String(),
  /** How it was computed, in words ("3 business days on the India calendar, ending at the end of the last day"). */
  explanation: Type.String(),
});
export type DuePreview = Static<typeof DuePreview>;

// Responses

export const SaveResponseBody = Strict({
  /** The response's version; 0 when there is none yet. */
  version: Type.Integer({ minimum: 0 }),
  answers: Type.Array(Strict({ questionId: Uuid, text: Type.String({ maxLength: 50000 }) }), { maxItems: 100 }),
});
export type SaveResponseBody = Static<typeof SaveResponseBody>;
export const SubmitResponseBody = Strict({ version: Type.Integer({ minimum: 1 }) });

export const UploadAttachmentQuery = Strict({
  filename: Type.String({ minLength: 1, maxLength: 255 }),
});

// Assessments, clarifications, extensions, escalation

export const AssessAnswerBody = Strict({
  verdict: VerdictSchema,
  comment: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const RequestExtensionBody = Strict({
  reason: Text(4000),
  requestedDueAt: Timestamp,
});

export const DecideExtensionBody = Strict({
  decision: literals(['grant', 'refuse'] as const),
  /** The new due time when granting; defaults to the one requested. */
  grantedDueAt: Type.Optional(Timestamp),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const EscalateNoticeBody = Strict({
  /** Defaults to the legal basis' penalty provision. */
  provision: Type.Optional(Text(500)),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const ComplianceItem = Type.Object({
  id: Uuid,
  reference: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  incident: Type.Object({ id: Uuid, reference: Type.String() }),
  status: NoticeStatusSchema,
  issuedAt: NullableTimestamp,
  dueAt: NullableTimestamp,
  respondedAt: NullableTimestamp,
  /** on_time / late once responded; open / overdue while waiting; withdrawn. */
  standing: literals(['on_time', 'late', 'open', 'overdue', 'withdrawn'] as const),
  refusedAnswers: Type.Union([Type.Integer(), Type.Null()]),
  escalatedAt: NullableTimestamp,
});
export const OrganizationCompliance = Type.Object({
  organization: Ref,
  issued: Type.Integer(),
  respondedOnTime: Type.Integer(),
  respondedLate: Type.Integer(),
  open: Type.Integer(),
  overdue: Type.Integer(),
  withdrawn: Type.Integer(),
  /** Answers whose latest assessment is "refused"; staff only (null for the organization itself). */
  refusedAnswers: Type.Union([Type.Integer(), Type.Null()]),
  /** Staff only (null for the organization itself). */
  escalations: Type.Union([Type.Integer(), Type.Null()]),
  /** The most recently issued notices, at most 1,000; `truncated` when there are more (the counts cover all). */
  items: Type.Array(ComplianceItem),
  truncated: Type.Boolean(),
});
export type OrganizationCompliance = Static<typeof OrganizationCompliance>;
