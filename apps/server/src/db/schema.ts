/** Table types for Kysely, kept in step with apps/server/migrations by hand. */
import type { ColumnType, Generated } from 'kysely';
import type { Role } from '#shared/roles';
import type { OrganizationKind } from '#shared/organizations';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  short_name: string | null;
  kind: OrganizationKind;
  jurisdiction: string | null;
  sectors: ColumnType<string[], string[] | undefined, string[]>;
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

export interface AuditEventsTable {
  chain: number;
  seq: number;
  id: Generated<string>;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_organization_id: string | null;
  actor_via: string | null;
  action: string;
  target_type: string | null;
  target_ids: ColumnType<string[], string[] | undefined, string[]>;
  before: unknown;
  after: unknown;
  request_id: string | null;
  client_address: string | null;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  password_setup_tokens: PasswordSetupTokensTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  auth_failures: AuthFailuresTable;
  audit_chain_heads: AuditChainHeadsTable;
  audit_events: AuditEventsTable;
}
