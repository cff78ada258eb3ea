/** Table types of engagements (migration 0007). Part of the table types in schema.ts. */
import type { ColumnType, Generated } from 'kysely';
import type { DatePrecision, Tlp } from '#shared/incidents';
import type { Timestamp, NullableTimestamp } from './schema.ts';

// Engagements (migration 0007, docs/modules/engagements.md)

export interface EngagementsTable {
  id: Generated<string>;
  incident_id: string;
  kind: 'meeting' | 'call' | 'letter_sent' | 'letter_received' | 'email';
  title: string;
  occurred_at: Timestamp;
  precision: DatePrecision;
  time_zone: string;
  location: Generated<string>;
  agenda: Generated<string>;
  minutes: Generated<string>;
  tlp: Tlp;
  timeline_entry_id: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface EngagementAttendeesTable {
  id: Generated<string>;
  engagement_id: string;
  position: number;
  organization_id: string;
  user_id: string | null;
  name: string;
  role: string | null;
}

export interface EngagementActionsTable {
  id: Generated<string>;
  engagement_id: string;
  position: number;
  text: string;
  owner_organization_id: string | null;
  owner_user_id: string | null;
  /** A calendar date: select it as `to_char(due_on, 'YYYY-MM-DD')`. */
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  done_at: NullableTimestamp;
}

export interface DisclosureLedgerTable {
  id: Generated<string>;
  engagement_id: string;
  incident_id: string;
  position: number;
  topic: string;
  topic_key: string;
  organization_id: string;
  state: 'disclosed' | 'withheld' | 'not_asked' | 'refused';
  detail: Generated<string>;
  source_entry_id: string | null;
}
