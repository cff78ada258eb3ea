/** Table types for Kysely, kept in step with apps/server/migrations by hand (notices and mail in schema-notices.ts, engagements in schema-engagements.ts, obligations in schema-obligations.ts, the affected-persons register in schema-register.ts). */
import type { ColumnType, Generated } from 'kysely';
import type { DatePrecision, IncidentStatus, ParticipantRole, Severity, SourceKind, Tlp } from '#shared/incidents';
import type { OrganizationKind } from '#shared/organizations';
import type { Role } from '#shared/roles';
import type { DisclosureLedgerTable, EngagementActionsTable, EngagementAttendeesTable, EngagementsTable } from './schema-engagements.ts';
import type {
  AnswerAssessmentsTable,
  ExtensionRequestsTable,
  HolidayCalendarsTable,
  HolidaysTable,
  LegalBasesTable,
  MailBouncesTable,
  MailMessagesTable,
  NoticeAnswersTable,
  NoticeAttachmentsTable,
  NoticeDocumentsTable,
  NoticeEscalationsTable,
  NoticeQuestionsTable,
  NoticeRecipientsTable,
  NoticeReferenceCountersTable,
  NoticeRemindersTable,
  NoticeResponsesTable,
  NoticesTable,
} from './schema-notices.ts';
import type {
  IncidentReportReviewsTable,
  IncidentReportsTable,
  IncidentReportVersionsTable,
  ObligationFactRevisionsTable,
  ObligationFactsTable,
  ObligationLinksTable,
  ObligationRevisionsTable,
  ObligationRulesTable,
  ObligationRuleVersionsTable,
  ObligationsTable,
} from './schema-obligations.ts';
import type {
  AffectedPersonCategoriesTable,
  AffectedPersonsTable,
  AffectedPersonTalliesTable,
  AffectedRegistersTable,
  RegisterGrantsTable,
  RegisterKeysTable,
} from './schema-register.ts';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  short_name: string | null;
  kind: OrganizationKind;
  jurisdiction: string | null;
  sectors: ColumnType<string[], string[] | undefined, string[]>;
  regulated_as: ColumnType<string[], string[] | undefined, string[]>;
  operates_in: ColumnType<string[], string[] | undefined, string[]>;
  is_home: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface UsersTable {
  id: Generated<string>;
  organization_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  totp_secret_enc: string | null;
  totp_pending_enc: string | null;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: number | null;
  disabled_at: NullableTimestamp;
  last_login_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: NullableTimestamp;
}

export interface PasswordSetupTokensTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  client_address: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface AuthFailuresTable {
  id: Generated<number>;
  account: string | null;
  client_address: string | null;
  failed_at: Timestamp;
}

export interface AuditChainHeadsTable {
  chain: number;
  seq: number;
  hash: string;
  prev_hash: string | null;
}

/** The chained storage; generated columns come from `content` (migration 0001). */
export interface AuditRecordsTable {
  chain: number;
  seq: number;
  content: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
  id: ColumnType<string, never, never>;
  occurred_at: ColumnType<Date, never, never>;
  actor_user_id: ColumnType<string | null, never, never>;
  actor_organization_id: ColumnType<string | null, never, never>;
  action: ColumnType<string, never, never>;
  target_ids: ColumnType<string[], never, never>;
}

/** The readable view over audit_records: every field of the content as a column. */
export interface AuditEventsTable {
  chain: number;
  seq: number;
  id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_organization_id: string | null;
  actor_via: string | null;
  action: string;
  target_type: string | null;
  target_ids: string[];
  before: unknown;
  after: unknown;
  request_id: string | null;
  client_address: string | null;
  content: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  created_at: Timestamp;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface IncidentCategoriesTable {
  id: Generated<string>;
  code: string;
  label: string;
  description: string | null;
  rsit_class: string;
  rsit_type: string;
  source: string | null;
  active: Generated<boolean>;
  position: Generated<number>;
}

export interface IncidentReferenceCountersTable {
  year: number;
  last: number;
}

export type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface IncidentsTable {
  id: Generated<string>;
  reference: string;
  title: string;
  summary: Generated<string>;
  category_id: string | null;
  severity: Severity;
  status: Generated<IncidentStatus>;
  status_reason: string | null;
  tlp: Tlp;
  occurred_at: NullableTimestamp;
  occurred_tz: string | null;
  detected_at: NullableTimestamp;
  detected_tz: string | null;
  noticed_at: NullableTimestamp;
  noticed_tz: string | null;
  reported_at: NullableTimestamp;
  reported_tz: string | null;
  platforms: TextArray;
  cves: TextArray;
  threat_actors: TextArray;
  malware: TextArray;
  tags: TextArray;
  owner_id: string | null;
  team_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
  search: ColumnType<string, never, never>;
}

export interface IncidentMembersTable {
  incident_id: string;
  user_id: string;
  access: 'read' | 'write';
  added_by: string | null;
  added_at: Timestamp;
}

export interface IncidentLinksTable {
  incident_a: string;
  incident_b: string;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AffectedCountsTable {
  id: Generated<string>;
  incident_id: string;
  country: string;
  count: number;
  approximate: Generated<boolean>;
  as_of: ColumnType<string, string, string>;
  source: string;
  source_organization_id: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface ParticipantsTable {
  id: Generated<string>;
  incident_id: string;
  organization_id: string;
  role: ParticipantRole;
  note: string | null;
  sees_red: Generated<boolean>;
  notified_at: NullableTimestamp;
  first_opened_at: NullableTimestamp;
  first_opened_by: string | null;
  added_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export interface TimelineEntriesTable {
  id: Generated<string>;
  incident_id: string;
  occurred_at: Timestamp;
  precision: DatePrecision;
  time_zone: string;
  kind: 'entry' | 'system';
  event: string | null;
  text: string;
  source_kind: SourceKind | null;
  source_title: string | null;
  source_said_by: string | null;
  source_organization_id: string | null;
  source_date: ColumnType<string | null, string | null | undefined, string | null>;
  tlp: Tlp;
  include_in_briefings: Generated<boolean>;
  shared_with: TextArray;
  revision: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
  search: ColumnType<string, never, never>;
}

export interface TimelineEntryRevisionsTable {
  entry_id: string;
  revision: number;
  occurred_at: Timestamp;
  precision: string;
  time_zone: string;
  text: string;
  source_kind: string | null;
  source_title: string | null;
  source_said_by: string | null;
  source_organization_id: string | null;
  source_date: ColumnType<string | null, string | null | undefined, string | null>;
  tlp: string;
  reason: string | null;
  replaced_by: string | null;
  replaced_at: Timestamp;
}

export interface TimelineConflictsTable {
  id: Generated<string>;
  incident_id: string;
  entry_a: string;
  entry_b: string;
  note: string;
  marked_by: string | null;
  marked_at: Timestamp;
}

export interface SavedFiltersTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  filter: unknown;
  created_at: Timestamp;
}

export type * from './schema-engagements.ts';
export type * from './schema-notices.ts';
export type * from './schema-obligations.ts';
export type * from './schema-register.ts';

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  password_setup_tokens: PasswordSetupTokensTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  auth_failures: AuthFailuresTable;
  audit_chain_heads: AuditChainHeadsTable;
  audit_records: AuditRecordsTable;
  audit_events: AuditEventsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  incident_categories: IncidentCategoriesTable;
  incident_reference_counters: IncidentReferenceCountersTable;
  incidents: IncidentsTable;
  incident_members: IncidentMembersTable;
  incident_links: IncidentLinksTable;
  affected_counts: AffectedCountsTable;
  participants: ParticipantsTable;
  timeline_entries: TimelineEntriesTable;
  timeline_entry_revisions: TimelineEntryRevisionsTable;
  timeline_conflicts: TimelineConflictsTable;
  saved_filters: SavedFiltersTable;
  holiday_calendars: HolidayCalendarsTable;
  holidays: HolidaysTable;
  legal_bases: LegalBasesTable;
  notice_reference_counters: NoticeReferenceCountersTable;
  notices: NoticesTable;
  obligation_rules: ObligationRulesTable;
  obligation_rule_versions: ObligationRuleVersionsTable;
  obligation_facts: ObligationFactsTable;
  obligation_fact_revisions: ObligationFactRevisionsTable;
  obligations: ObligationsTable;
  obligation_revisions: ObligationRevisionsTable;
  obligation_links: ObligationLinksTable;
  affected_person_categories: AffectedPersonCategoriesTable;
  register_keys: RegisterKeysTable;
  affected_registers: AffectedRegistersTable;
  affected_persons: AffectedPersonsTable;
  affected_person_tallies: AffectedPersonTalliesTable;
  register_grants: RegisterGrantsTable;
  incident_reports: IncidentReportsTable;
  incident_report_versions: IncidentReportVersionsTable;
  incident_report_reviews: IncidentReportReviewsTable;
  notice_questions: NoticeQuestionsTable;
  notice_recipients: NoticeRecipientsTable;
  notice_documents: NoticeDocumentsTable;
  notice_responses: NoticeResponsesTable;
  notice_answers: NoticeAnswersTable;
  notice_attachments: NoticeAttachmentsTable;
  answer_assessments: AnswerAssessmentsTable;
  extension_requests: ExtensionRequestsTable;
  notice_escalations: NoticeEscalationsTable;
  engagements: EngagementsTable;
  engagement_attendees: EngagementAttendeesTable;
  engagement_actions: EngagementActionsTable;
  disclosure_ledger: DisclosureLedgerTable;
  mail_messages: MailMessagesTable;
  mail_bounces: MailBouncesTable;
  notice_reminders: NoticeRemindersTable;
}
