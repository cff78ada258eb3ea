/** Table types of the affected-persons register (migration 0013). Part of the table types in schema.ts. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

// The affected-persons register (migration 0013, docs/modules/affected-persons.md)

export type AffectedHow = 'targeted' | 'compromised_confirmed' | 'compromised_suspected';
export type NotificationStatus = 'not_notified' | 'notified' | 'unreachable' | 'declined';
export type NotificationChannel = 'phone' | 'email' | 'in_person' | 'letter' | 'messaging' | 'through_counsel' | 'other';

/** A date column: written as YYYY-MM-DD; read it with `to_char(…, 'YYYY-MM-DD')` (the drivers differ on dates). */
type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>;

export interface AffectedPersonCategoriesTable {
  code: string;
  label: string;
  position: Generated<number>;
  active: Generated<boolean>;
}

export interface RegisterKeysTable {
  incident_id: string;
  master_key_id: string;
  wrapped_key: string;
  created_at: Generated<Date>;
  rotated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AffectedRegistersTable {
  incident_id: string;
  retain_until: NullableDateText;
  legal_hold: Generated<boolean>;
  legal_hold_reason: string | null;
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  version: Generated<number>;
  updated_at: Generated<Date>;
}

export interface AffectedPersonsTable {
  id: Generated<string>;
  incident_id: string;
  number: number;
  name_enc: string | null;
  phone_enc: string | null;
  email_enc: string | null;
  account_enc: string | null;
  notes_enc: string | null;
  phone_digest: Buffer | null;
  email_digest: Buffer | null;
  account_digest: Buffer | null;
  country: string;
  category: string;
  affected_how: AffectedHow;
  source_organization_id: string | null;
  source_reference: string | null;
  source_response_id: string | null;
  notification_status: Generated<NotificationStatus>;
  notified_on: NullableDateText;
  notified_channel: NotificationChannel | null;
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface AffectedPersonTalliesTable {
  incident_id: string;
  dimension: 'country' | 'category' | 'affected_how' | 'notification_status' | 'erased';
  key: string;
  count: number;
}

export interface RegisterGrantsTable {
  id: Generated<string>;
  incident_id: string;
  user_id: string;
  granted_by: string;
  granted_at: Generated<Date>;
  expires_at: Timestamp;
  reason: string;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_by: string | null;
}
