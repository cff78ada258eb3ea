/**
 * Obligations (docs/modules/obligations.md): rules as versioned data, the facts they read
 * per (incident, organization), the computed obligations (their explanation is computed
 * again on request from the same facts and rule version, not stored) and their history, the organizations' legal roles and the jurisdictions they are regulated in,
 * and the incident reports organizations file, as immutable versions with reviews.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`alter table organizations
      add column regulated_as text[] not null default '{}'
        check (cardinality(regulated_as) <= 30 and array_to_string(regulated_as, ',') ~ '^[a-z_,]*$'),
      add column operates_in text[] not null default '{}'
        check (cardinality(operates_in) <= 300 and array_to_string(operates_in, ',') ~ '^([A-Z]{2}(-[A-Z0-9]{1,3})?,?)*$')`,

    sql`create table obligation_rules (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,59}$'),
      pack text not null check (pack ~ '^[A-Za-z0-9-]{1,20}$'),
      version integer not null default 1 check (version >= 1),
      enabled boolean not null default true,
      disabled_note text check (length(disabled_note) <= 2000),
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_by uuid references users (id),
      updated_at timestamptz not null default now()
    )`,
    sql`create index obligation_rules_created_by_idx on obligation_rules (created_by)`,
    sql`create index obligation_rules_updated_by_idx on obligation_rules (updated_by)`,
    sql`create table obligation_rule_versions (
      rule_id uuid not null references obligation_rules (id) on delete cascade,
      version integer not null check (version >= 1),
      definition jsonb not null,
      change_reason text check (length(change_reason) <= 2000),
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      primary key (rule_id, version)
    )`,
    sql`create index obligation_rule_versions_created_by_idx on obligation_rule_versions (created_by)`,

    sql`create table obligation_facts (
      incident_id uuid not null references incidents (id) on delete cascade,
      organization_id uuid not null references organizations (id),
      fact text not null check (fact ~ '^[a-z_]{2,40}$'),
      value_at timestamptz,
      time_zone text check (length(time_zone) <= 64),
      value_bool boolean,
      source text check (length(source) <= 500),
      recorded_by uuid references users (id),
      recorded_at timestamptz not null default now(),
      check ((value_at is null) <> (value_bool is null)),
      primary key (incident_id, organization_id, fact)
    )`,
    sql`create index obligation_facts_organization_idx on obligation_facts (organization_id)`,
    sql`create index obligation_facts_recorded_by_idx on obligation_facts (recorded_by)`,
    sql`create table obligation_fact_revisions (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      organization_id uuid not null references organizations (id),
      fact text not null,
      value_at timestamptz,
      time_zone text,
      value_bool boolean,
      source text,
      recorded_by uuid references users (id),
      recorded_at timestamptz not null,
      replaced_at timestamptz not null default now()
    )`,
    sql`create index obligation_fact_revisions_fact_idx on obligation_fact_revisions (incident_id, organization_id, fact, replaced_at)`,
    sql`create index obligation_fact_revisions_organization_idx on obligation_fact_revisions (organization_id)`,
    sql`create index obligation_fact_revisions_recorded_by_idx on obligation_fact_revisions (recorded_by)`,

    sql`create table incident_reports (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations (id),
      external_reference text not null check (length(external_reference) between 1 and 100),
      incident_id uuid not null references incidents (id) on delete cascade,
      rule_code text not null check (length(rule_code) <= 60),
      chain_code text check (length(chain_code) <= 60),
      chain_step integer check (chain_step >= 1),
      latest_version integer not null default 1,
      first_submitted_at timestamptz not null,
      first_due_at timestamptz,
      late_by_seconds bigint,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      unique (organization_id, external_reference, rule_code)
    )`,
    sql`create index incident_reports_incident_idx on incident_reports (incident_id, first_submitted_at)`,
    sql`create index incident_reports_created_by_idx on incident_reports (created_by)`,
    sql`create table incident_report_versions (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references incident_reports (id) on delete cascade,
      version integer not null check (version >= 1),
      questionnaire jsonb not null,
      answers jsonb not null,
      submitted_by uuid references users (id),
      submitted_via text not null check (submitted_via in ('portal', 'api')),
      submitted_at timestamptz not null,
      content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
      unique (report_id, version)
    )`,
    sql`create index incident_report_versions_submitted_by_idx on incident_report_versions (submitted_by)`,
    sql`create table incident_report_reviews (
      id uuid primary key default gen_random_uuid(),
      version_id uuid not null references incident_report_versions (id) on delete cascade,
      verdict text not null check (verdict in ('accepted', 'revision_required')),
      comment text check (length(comment) <= 4000),
      reviewed_by uuid not null references users (id),
      reviewed_at timestamptz not null default now()
    )`,
    sql`create index incident_report_reviews_version_idx on incident_report_reviews (version_id, reviewed_at)`,
    sql`create index incident_report_reviews_reviewed_by_idx on incident_report_reviews (reviewed_by)`,

    sql`create table obligations (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      organization_id uuid not null references organizations (id),
      rule_id uuid not null references obligation_rules (id),
      rule_version integer not null,
      notice_id uuid references notices (id) on delete cascade,
      topic text not null check (length(topic) <= 120),
      governs boolean not null default false,
      state text not null check (state in ('pending', 'met', 'met_late', 'missed', 'not_applicable')),
      soft boolean not null default false,
      trigger_fact text,
      trigger_at timestamptz,
      due_at timestamptz,
      met_by_kind text check (met_by_kind in ('incident_report', 'notice_response', 'timeline_entry')),
      met_by_id uuid,
      met_at timestamptz,
      late_by_seconds bigint,
      reason text check (length(reason) <= 1000),
      computed_at timestamptz not null default now(),
      foreign key (rule_id, rule_version) references obligation_rule_versions (rule_id, version)
    )`,
    // One result per rule and (incident, organization), or per notice for order duties.
    sql`create unique index obligations_key on obligations (incident_id, organization_id, rule_id, coalesce(notice_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
    sql`create index obligations_organization_idx on obligations (organization_id, state)`,
    sql`create index obligations_rule_idx on obligations (rule_id, rule_version)`,
    sql`create index obligations_notice_idx on obligations (notice_id) where notice_id is not null`,
    // The deadlines calendar: open obligations by due time.
    sql`create index obligations_due_idx on obligations (due_at) where state = 'pending' and due_at is not null`,
    sql`create table obligation_revisions (
      id uuid primary key default gen_random_uuid(),
      obligation_id uuid not null references obligations (id) on delete cascade,
      rule_version integer not null,
      state text not null,
      due_at timestamptz,
      met_at timestamptz,
      late_by_seconds bigint,
      reason text,
      computed_at timestamptz not null,
      replaced_at timestamptz not null default now()
    )`,
    sql`create index obligation_revisions_obligation_idx on obligation_revisions (obligation_id, replaced_at)`,
    // Timeline entries a coordinator links as the fact that met an obligation.
    sql`create table obligation_links (
      incident_id uuid not null references incidents (id) on delete cascade,
      organization_id uuid not null references organizations (id),
      rule_id uuid not null references obligation_rules (id),
      timeline_entry_id uuid not null references timeline_entries (id) on delete cascade,
      linked_by uuid references users (id),
      linked_at timestamptz not null default now(),
      primary key (incident_id, organization_id, rule_id)
    )`,
    sql`create index obligation_links_organization_idx on obligation_links (organization_id)`,
    sql`create index obligation_links_rule_idx on obligation_links (rule_id)`,
    sql`create index obligation_links_entry_idx on obligation_links (timeline_entry_id)`,
    sql`create index obligation_links_linked_by_idx on obligation_links (linked_by)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
