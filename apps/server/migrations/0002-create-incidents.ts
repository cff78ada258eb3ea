/**
 * Incidents with their categories, teams and members, affected counts, links,
 * participants, the chronology (entries, revisions, conflicts) and saved filters.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table teams (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 100),
      created_at timestamptz not null default now()
    )`,
    sql`create unique index teams_name_key on teams (lower(name))`,
    sql`create table team_members (
      team_id uuid not null references teams (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      primary key (team_id, user_id)
    )`,
    sql`create index team_members_user_id_idx on team_members (user_id)`,

    sql`create table incident_categories (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[a-z0-9-]{2,60}$'),
      label text not null check (length(label) between 1 and 200),
      description text check (length(description) <= 2000),
      rsit_class text not null,
      rsit_type text not null,
      source text check (length(source) <= 200),
      active boolean not null default true,
      position integer not null default 0
    )`,

    sql`create table incident_reference_counters (
      year integer primary key,
      last integer not null
    )`,

    sql`create table incidents (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      title text not null check (length(title) between 1 and 300),
      summary text not null default '' check (length(summary) <= 50000),
      category_id uuid references incident_categories (id),
      severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
      status text not null default 'reported'
        check (status in ('reported', 'triage', 'investigating', 'coordinating', 'resolved', 'closed')),
      status_reason text check (length(status_reason) <= 2000),
      tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
      occurred_at timestamptz,
      occurred_tz text,
      detected_at timestamptz,
      detected_tz text,
      noticed_at timestamptz,
      noticed_tz text,
      reported_at timestamptz,
      reported_tz text,
      platforms text[] not null default '{}',
      cves text[] not null default '{}',
      threat_actors text[] not null default '{}',
      malware text[] not null default '{}',
      tags text[] not null default '{}',
      owner_id uuid references users (id),
      team_id uuid references teams (id),
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      search tsvector generated always as (
        setweight(to_tsvector('english', coalesce(reference, '') || ' ' || coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(summary, '')), 'B')
      ) stored
    )`,
    sql`create index incidents_created_at_idx on incidents (created_at desc, id desc)`,
    sql`create index incidents_status_idx on incidents (status, created_at desc)`,
    sql`create index incidents_category_id_idx on incidents (category_id)`,
    sql`create index incidents_owner_id_idx on incidents (owner_id)`,
    sql`create index incidents_team_id_idx on incidents (team_id)`,
    sql`create index incidents_created_by_idx on incidents (created_by)`,
    sql`create index incidents_tags_idx on incidents using gin (tags)`,
    sql`create index incidents_search_idx on incidents using gin (search)`,

    sql`create table incident_members (
      incident_id uuid not null references incidents (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      access text not null check (access in ('read', 'write')),
      added_by uuid references users (id),
      added_at timestamptz not null default now(),
      primary key (incident_id, user_id)
    )`,
    sql`create index incident_members_user_id_idx on incident_members (user_id)`,
    sql`create index incident_members_added_by_idx on incident_members (added_by)`,

    sql`create table incident_links (
      incident_a uuid not null references incidents (id) on delete cascade,
      incident_b uuid not null references incidents (id) on delete cascade,
      note text check (length(note) <= 500),
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      primary key (incident_a, incident_b),
      check (incident_a < incident_b)
    )`,
    sql`create index incident_links_incident_b_idx on incident_links (incident_b)`,
    sql`create index incident_links_created_by_idx on incident_links (created_by)`,

    sql`create table affected_counts (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      country text not null check (country ~ '^([A-Z]{2}|ZZ)$'),
      count integer not null check (count >= 0),
      approximate boolean not null default false,
      as_of date not null,
      source text not null check (length(source) between 1 and 500),
      source_organization_id uuid references organizations (id),
      recorded_by uuid references users (id),
      recorded_at timestamptz not null default now()
    )`,
    sql`create index affected_counts_incident_idx on affected_counts (incident_id, country, recorded_at desc)`,
    sql`create index affected_counts_country_idx on affected_counts (country)`,
    sql`create index affected_counts_source_org_idx on affected_counts (source_organization_id)`,
    sql`create index affected_counts_recorded_by_idx on affected_counts (recorded_by)`,

    sql`create table participants (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      organization_id uuid not null references organizations (id),
      role text not null check (role in ('affected_platform', 'suspected_vendor', 'reporter', 'victim', 'partner_authority', 'other')),
      note text check (length(note) <= 2000),
      sees_red boolean not null default false,
      notified_at timestamptz,
      first_opened_at timestamptz,
      first_opened_by uuid references users (id),
      added_by uuid references users (id),
      created_at timestamptz not null default now(),
      version integer not null default 1,
      unique (incident_id, organization_id)
    )`,
    sql`create index participants_organization_idx on participants (organization_id, incident_id)`,
    sql`create index participants_first_opened_by_idx on participants (first_opened_by)`,
    sql`create index participants_added_by_idx on participants (added_by)`,

    sql`create table timeline_entries (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      occurred_at timestamptz not null,
      precision text not null check (precision in ('year', 'month', 'day', 'minute')),
      time_zone text not null,
      kind text not null check (kind in ('entry', 'system')),
      event text,
      text text not null check (length(text) between 1 and 20000),
      source_kind text check (source_kind in ('document', 'statement', 'meeting', 'correspondence', 'observation', 'system')),
      source_title text check (length(source_title) <= 500),
      source_said_by text check (length(source_said_by) <= 200),
      source_organization_id uuid references organizations (id),
      source_date date,
      tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
      include_in_briefings boolean not null default true,
      shared_with uuid[] not null default '{}',
      revision integer not null default 1,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_by uuid references users (id),
      updated_at timestamptz not null default now(),
      search tsvector generated always as (
        to_tsvector('english', coalesce(text, '') || ' ' || coalesce(source_title, '') || ' ' || coalesce(source_said_by, ''))
      ) stored
    )`,
    sql`create index timeline_entries_incident_idx on timeline_entries (incident_id, occurred_at, id)`,
    sql`create index timeline_entries_shared_with_idx on timeline_entries using gin (shared_with)`,
    sql`create index timeline_entries_search_idx on timeline_entries using gin (search)`,
    sql`create index timeline_entries_source_org_idx on timeline_entries (source_organization_id)`,
    sql`create index timeline_entries_created_by_idx on timeline_entries (created_by)`,
    sql`create index timeline_entries_updated_by_idx on timeline_entries (updated_by)`,

    sql`create table timeline_entry_revisions (
      entry_id uuid not null references timeline_entries (id) on delete cascade,
      revision integer not null,
      occurred_at timestamptz not null,
      precision text not null,
      time_zone text not null,
      text text not null,
      source_kind text,
      source_title text,
      source_said_by text,
      source_organization_id uuid,
      source_date date,
      tlp text not null,
      reason text check (length(reason) <= 1000),
      replaced_by uuid references users (id),
      replaced_at timestamptz not null default now(),
      primary key (entry_id, revision)
    )`,
    sql`create index timeline_entry_revisions_replaced_by_idx on timeline_entry_revisions (replaced_by)`,

    sql`create table timeline_conflicts (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      entry_a uuid not null references timeline_entries (id) on delete cascade,
      entry_b uuid not null references timeline_entries (id) on delete cascade,
      note text not null check (length(note) between 1 and 2000),
      marked_by uuid references users (id),
      marked_at timestamptz not null default now(),
      check (entry_a < entry_b),
      unique (entry_a, entry_b)
    )`,
    sql`create index timeline_conflicts_incident_idx on timeline_conflicts (incident_id)`,
    sql`create index timeline_conflicts_entry_b_idx on timeline_conflicts (entry_b)`,
    sql`create index timeline_conflicts_marked_by_idx on timeline_conflicts (marked_by)`,

    sql`create table saved_filters (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      filter jsonb not null,
      created_at timestamptz not null default now(),
      unique (user_id, name)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
