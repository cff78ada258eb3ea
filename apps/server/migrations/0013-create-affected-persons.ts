/**
 * The affected-persons register (docs/modules/affected-persons.md, ADR 0008): the people a
 * platform reported as targeted, with every name, identifier and note sealed under a data
 * key per incident (itself wrapped by a master key the database never holds), keyed
 * digests for lookups by identifier, counts kept per incident as entries change,
 * need-to-know grants per incident, and the retention and legal hold of each incident's register.
 */
import { type Kysely, sql } from 'kysely';

/** A sealed field: `v1.<nonce>.<tag>.<ciphertext>`, base64url (crypto/register-keys.ts). */
const SEALED = `'^v1[.][A-Za-z0-9_-]{16}[.][A-Za-z0-9_-]{22}[.][A-Za-z0-9_-]*$'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table affected_person_categories (
      code text primary key check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      label text not null check (length(label) between 1 and 100),
      position integer not null default 0,
      active boolean not null default true
    )`,
    sql`insert into affected_person_categories (code, label, position) values
      ('journalist', 'Journalist', 1), ('lawyer', 'Lawyer', 2), ('activist', 'Activist or human-rights defender', 3),
      ('official', 'Public official', 4), ('other', 'Other', 5)`,

    sql`create table register_keys (
      incident_id uuid primary key references incidents (id) on delete cascade,
      master_key_id text not null check (master_key_id ~ '^[a-z0-9-]{1,40}$'),
      wrapped_key text not null check (wrapped_key ~ ${sql.raw(SEALED)}),
      created_at timestamptz not null default now(),
      rotated_at timestamptz
    )`,
    sql`create index register_keys_master_key_idx on register_keys (master_key_id)`,

    sql`create table affected_registers (
      incident_id uuid primary key references incidents (id) on delete cascade,
      retain_until date,
      legal_hold boolean not null default false,
      legal_hold_reason text check (length(legal_hold_reason) <= 2000),
      erased_at timestamptz,
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      check (not legal_hold or legal_hold_reason is not null)
    )`,
    sql`create index affected_registers_retain_until_idx on affected_registers (retain_until) where retain_until is not null and erased_at is null`,

    sql`create table affected_persons (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      number integer not null check (number >= 1),
      name_enc text check (name_enc ~ ${sql.raw(SEALED)}),
      phone_enc text check (phone_enc ~ ${sql.raw(SEALED)}),
      email_enc text check (email_enc ~ ${sql.raw(SEALED)}),
      account_enc text check (account_enc ~ ${sql.raw(SEALED)}),
      notes_enc text check (notes_enc ~ ${sql.raw(SEALED)}),
      phone_digest bytea check (length(phone_digest) = 32),
      email_digest bytea check (length(email_digest) = 32),
      account_digest bytea check (length(account_digest) = 32),
      country char(2) not null check (country ~ '^[A-Z]{2}$'),
      category text not null references affected_person_categories (code),
      affected_how text not null check (affected_how in ('targeted', 'compromised_confirmed', 'compromised_suspected')),
      source_organization_id uuid references organizations (id),
      source_reference text check (length(source_reference) between 1 and 200),
      source_response_id uuid references notice_responses (id),
      notification_status text not null default 'not_notified'
        check (notification_status in ('not_notified', 'notified', 'unreachable', 'declined')),
      notified_on date,
      notified_channel text check (notified_channel in ('phone', 'email', 'in_person', 'letter', 'messaging', 'through_counsel', 'other')),
      erased_at timestamptz,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (incident_id, number),
      check (notification_status <> 'notified' or notified_on is not null),
      check (erased_at is null or (name_enc is null and phone_enc is null and email_enc is null and account_enc is null and notes_enc is null
        and phone_digest is null and email_digest is null and account_digest is null))
    )`,
    // Counts per incident read only these columns (an index-only scan at 100,000 persons).
    sql`create index affected_persons_counts_idx on affected_persons (incident_id) include (country, category, affected_how, notification_status)`,
    sql`create index affected_persons_erased_idx on affected_persons (incident_id) where erased_at is not null`,
    sql`create index affected_persons_phone_idx on affected_persons (phone_digest) where phone_digest is not null`,
    sql`create index affected_persons_email_idx on affected_persons (email_digest) where email_digest is not null`,
    sql`create index affected_persons_account_idx on affected_persons (account_digest) where account_digest is not null`,
    sql`create index affected_persons_source_idx on affected_persons (source_organization_id, incident_id) where source_organization_id is not null`,
    sql`create index affected_persons_source_response_idx on affected_persons (source_response_id) where source_response_id is not null`,
    sql`create index affected_persons_created_by_idx on affected_persons (created_by)`,

    // Counts kept as the register changes, in the same transaction as each change: an incident's
    // counts are read on every view of it, and counting 100,000 rows each time took ~70 ms.
    sql`create table affected_person_tallies (
      incident_id uuid not null references incidents (id) on delete cascade,
      dimension text not null check (dimension in ('country', 'category', 'affected_how', 'notification_status', 'erased')),
      key text not null check (length(key) between 1 and 40),
      -- No check on the sign: an upsert's proposed row (−1) is checked before its conflict is found.
      count integer not null,
      primary key (incident_id, dimension, key)
    )`,

    sql`create table register_grants (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      user_id uuid not null references users (id),
      granted_by uuid not null references users (id),
      granted_at timestamptz not null default now(),
      expires_at timestamptz not null,
      reason text not null check (length(reason) between 1 and 2000),
      revoked_at timestamptz,
      revoked_by uuid references users (id),
      check (expires_at > granted_at),
      check ((revoked_at is null) = (revoked_by is null))
    )`,
    sql`create index register_grants_live_idx on register_grants (incident_id, user_id, expires_at) where revoked_at is null`,
    sql`create index register_grants_user_idx on register_grants (user_id)`,
    sql`create index register_grants_granted_by_idx on register_grants (granted_by)`,
    sql`create index register_grants_revoked_by_idx on register_grants (revoked_by)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
