/** Table types of obligations and incident reports (migration 0011). Part of the table types in schema.ts. */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './schema.ts';

// Obligations (migration 0011, docs/modules/obligations.md)

type Json<T> = ColumnType<T, string, string>;

export type ObligationState = 'pending' | 'met' | 'met_late' | 'missed' | 'not_applicable';
export type ObligationMetByKind = 'incident_report' | 'notice_response' | 'timeline_entry';

export interface ObligationRulesTable {
  id: Generated<string>;
  code: string;
  pack: string;
  version: Generated<number>;
  enabled: Generated<boolean>;
  disabled_note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ObligationRuleVersionsTable {
  rule_id: string;
  version: number;
  definition: Json<unknown>;
  change_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ObligationFactsTable {
  incident_id: string;
  organization_id: string;
  fact: string;
  value_at: NullableTimestamp;
  time_zone: string | null;
  value_bool: boolean | null;
  source: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface ObligationFactRevisionsTable {
  id: Generated<string>;
  incident_id: string;
  organization_id: string;
  fact: string;
  value_at: NullableTimestamp;
  time_zone: string | null;
  value_bool: boolean | null;
  source: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
  replaced_at: Timestamp;
}

export interface IncidentReportsTable {
  id: Generated<string>;
  organization_id: string;
  external_reference: string;
  incident_id: string;
  rule_code: string;
  chain_code: string | null;
  chain_step: number | null;
  latest_version: Generated<number>;
  first_submitted_at: Timestamp;
  first_due_at: NullableTimestamp;
  late_by_seconds: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface IncidentReportVersionsTable {
  id: Generated<string>;
  report_id: string;
  version: number;
  questionnaire: Json<unknown>;
  answers: Json<unknown>;
  submitted_by: string | null;
  submitted_via: 'portal' | 'api';
  submitted_at: Timestamp;
  content_sha256: string;
}

export interface IncidentReportReviewsTable {
  id: Generated<string>;
  version_id: string;
  verdict: 'accepted' | 'revision_required';
  comment: string | null;
  reviewed_by: string;
  reviewed_at: Timestamp;
}

export interface ObligationsTable {
  id: Generated<string>;
  incident_id: string;
  organization_id: string;
  rule_id: string;
  rule_version: number;
  notice_id: string | null;
  topic: string;
  governs: Generated<boolean>;
  state: ObligationState;
  soft: Generated<boolean>;
  trigger_fact: string | null;
  trigger_at: NullableTimestamp;
  due_at: NullableTimestamp;
  met_by_kind: ObligationMetByKind | null;
  met_by_id: string | null;
  met_at: NullableTimestamp;
  /** bigint: pg returns it as a string. */
  late_by_seconds: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  reason: string | null;
  computed_at: Timestamp;
}

export interface ObligationRevisionsTable {
  id: Generated<string>;
  obligation_id: string;
  rule_version: number;
  state: ObligationState;
  due_at: NullableTimestamp;
  met_at: NullableTimestamp;
  late_by_seconds: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  reason: string | null;
  computed_at: Timestamp;
  replaced_at: Timestamp;
}

export interface ObligationLinksTable {
  incident_id: string;
  organization_id: string;
  rule_id: string;
  timeline_entry_id: string;
  linked_by: string | null;
  linked_at: Timestamp;
}
