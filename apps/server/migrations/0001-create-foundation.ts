/**
 * Organizations, users, sessions, API tokens, sign-in throttling and the hash-chained
 * audit log. Forward only: never edit after it has landed; add a new migration instead.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table organizations (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      short_name text check (length(short_name) <= 40),
      kind text not null check (kind in ('cert', 'platform', 'vendor', 'government', 'other')),
      jurisdiction text check (jurisdiction ~ '^[A-Z]{2}$'),
      sectors text[] not null default '{}',
      is_home boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    sql`create unique index organizations_name_key on organizations (lower(name))`,
    sql`create unique index organizations_one_home on organizations (is_home) where is_home`,

    sql`create table users (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id),
      email text not null check (length(email) between 3 and 254),
      name text not null check (length(name) between 1 and 200),
      role text not null check (role in ('admin', 'coordinator', 'analyst', 'auditor', 'viewer', 'org_admin', 'org_member')),
      password_hash text,
      password_changed_at timestamptz,
      totp_secret_enc text,
      totp_pending_enc text,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      disabled_at timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    sql`create unique index users_email_key on users (lower(email))`,
    sql`create index users_organization_id_idx on users (organization_id)`,
    // Staff roles belong to the home organization, external roles to the others.
    sql`create function users_role_matches_organization() returns trigger language plpgsql as $$
      declare home boolean;
      begin
        select is_home into home from organizations where id = new.organization_id;
        if home is distinct from (new.role in ('admin', 'coordinator', 'analyst', 'auditor', 'viewer')) then
          raise exception 'role % does not fit organization %', new.role, new.organization_id using errcode = 'check_violation';
        end if;
        return new;
      end
    $$`,
    sql`create trigger users_role_matches_organization before insert or update of role, organization_id on users
        for each row execute function users_role_matches_organization()`,

    sql`create table recovery_codes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      code_hash text not null,
      used_at timestamptz
    )`,
    sql`create index recovery_codes_user_id_idx on recovery_codes (user_id)`,

    sql`create table password_setup_tokens (
      token_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`,
    sql`create index password_setup_tokens_user_id_idx on password_setup_tokens (user_id)`,

    sql`create table sessions (
      id_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      client_address text,
      user_agent text
    )`,
    sql`create index sessions_user_id_idx on sessions (user_id)`,
    sql`create index sessions_expires_at_idx on sessions (expires_at)`,

    sql`create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      token_hash text not null unique,
      prefix text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`,
    sql`create index api_tokens_user_id_idx on api_tokens (user_id)`,

    sql`create table auth_failures (
      id bigint generated always as identity primary key,
      account text,
      client_address text,
      failed_at timestamptz not null default now()
    )`,
    sql`create index auth_failures_account_idx on auth_failures (account, failed_at)`,
    sql`create index auth_failures_address_idx on auth_failures (client_address, failed_at)`,

    // The audit log: several independent hash chains so that concurrent writers do not
    // queue on one lock (see docs/adr/0004-audit-hash-chain.md).
    sql`create table audit_chain_heads (
      chain smallint primary key,
      seq bigint not null,
      hash text not null,
      prev_hash text
    )`,
    sql`insert into audit_chain_heads (chain, seq, hash)
        select g, 0, repeat('0', 64) from generate_series(0, 7) g`,
    // Each record stores its content as the exact canonical JSON text that was hashed, so
    // verifying is hashing text; the columns used for filtering are generated from it and
    // cannot disagree with what the hash covers.
    sql`create function audit_text_array(jsonb) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(value), '{}') from jsonb_array_elements_text(coalesce($1, '[]'::jsonb))
    $$`,
    sql`create table audit_records (
      chain smallint not null,
      seq bigint not null,
      content text not null,
      content_hash text not null,
      prev_hash text not null,
      hash text not null,
      id uuid not null generated always as ((content::jsonb ->> 'id')::uuid) stored unique,
      occurred_at timestamptz not null generated always as (to_timestamp(((content::jsonb ->> 'at')::bigint) / 1000.0)) stored,
      actor_user_id uuid generated always as ((content::jsonb ->> 'actorUserId')::uuid) stored,
      actor_organization_id uuid generated always as ((content::jsonb ->> 'actorOrganizationId')::uuid) stored,
      action text not null generated always as (content::jsonb ->> 'action') stored,
      target_ids text[] not null generated always as (audit_text_array(content::jsonb -> 'targetIds')) stored,
      primary key (chain, seq)
    )`,
    sql`create index audit_records_occurred_at_idx on audit_records (occurred_at desc, id)`,
    sql`create index audit_records_action_idx on audit_records (action, occurred_at desc)`,
    sql`create index audit_records_actor_idx on audit_records (actor_user_id, occurred_at desc)`,
    sql`create index audit_records_target_ids_idx on audit_records using gin (target_ids)`,
    // The readable audit log: every field of the content as a column.
    sql`create view audit_events as
      select r.chain, r.seq, r.id, r.occurred_at, r.actor_user_id, r.actor_organization_id, c.doc ->> 'actorVia' as actor_via,
             r.action, c.doc ->> 'targetType' as target_type, r.target_ids, c.doc -> 'before' as before, c.doc -> 'after' as after,
             c.doc ->> 'requestId' as request_id, c.doc ->> 'clientAddress' as client_address,
             r.content, r.content_hash, r.prev_hash, r.hash
        from audit_records r cross join lateral (select r.content::jsonb as doc) c`,
    sql`create function audit_events_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end
    $$`,
    sql`create trigger audit_records_no_update before update or delete on audit_records
        for each row execute function audit_events_append_only()`,
    sql`create trigger audit_records_no_truncate before truncate on audit_records
        for each statement execute function audit_events_append_only()`,
    sql`revoke update, delete, truncate on audit_records from public`,
  ];
  for (const statement of statements) await statement.execute(db);
}
