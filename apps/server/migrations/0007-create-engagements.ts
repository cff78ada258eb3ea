/**
 * Engagements: meetings, calls, letters and e-mails with outside organizations, their
 * attendees by organization and role, follow-up actions, and the disclosure ledger — per
 * topic and organization, what was disclosed, withheld, not asked or refused
 * (docs/modules/engagements.md).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table engagements (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      kind text not null check (kind in ('meeting', 'call', 'letter_sent', 'letter_received', 'email')),
      title text not null check (length(title) between 1 and 300),
      occurred_at timestamptz not null,
      precision text not null check (precision in ('year', 'month', 'day', 'minute')),
      time_zone text not null check (length(time_zone) between 1 and 64),
      location text not null default '' check (length(location) <= 300),
      agenda text not null default '' check (length(agenda) <= 20000),
      minutes text not null default '' check (length(minutes) <= 100000),
      tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
      timeline_entry_id uuid references timeline_entries (id) on delete set null,
      version integer not null default 1,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_by uuid references users (id),
      updated_at timestamptz not null default now(),
      unique (id, incident_id)
    )`,
    sql`create index engagements_incident_idx on engagements (incident_id, occurred_at, id)`,
    sql`create index engagements_timeline_entry_idx on engagements (timeline_entry_id)`,
    sql`create index engagements_created_by_idx on engagements (created_by)`,
    sql`create index engagements_updated_by_idx on engagements (updated_by)`,

    sql`create table engagement_attendees (
      id uuid primary key default gen_random_uuid(),
      engagement_id uuid not null references engagements (id) on delete cascade,
      position integer not null,
      organization_id uuid not null references organizations (id),
      user_id uuid references users (id),
      name text not null check (length(name) between 1 and 200),
      role text check (length(role) between 1 and 200),
      unique (engagement_id, position)
    )`,
    sql`create index engagement_attendees_organization_idx on engagement_attendees (organization_id, engagement_id)`,
    sql`create index engagement_attendees_user_idx on engagement_attendees (user_id)`,

    sql`create table engagement_actions (
      id uuid primary key default gen_random_uuid(),
      engagement_id uuid not null references engagements (id) on delete cascade,
      position integer not null,
      text text not null check (length(text) between 1 and 2000),
      owner_organization_id uuid references organizations (id),
      owner_user_id uuid references users (id),
      due_on date,
      done_at timestamptz,
      unique (engagement_id, position)
    )`,
    sql`create index engagement_actions_owner_organization_idx on engagement_actions (owner_organization_id)`,
    sql`create index engagement_actions_owner_user_idx on engagement_actions (owner_user_id)`,

    // incident_id is the engagement's (the composite key keeps it so), so the ledger of an
    // incident is read by topic along one index without visiting its engagements.
    sql`create table disclosure_ledger (
      id uuid primary key default gen_random_uuid(),
      engagement_id uuid not null,
      incident_id uuid not null,
      position integer not null,
      topic text not null check (length(topic) between 1 and 300),
      topic_key text not null check (length(topic_key) between 1 and 300),
      organization_id uuid not null references organizations (id),
      state text not null check (state in ('disclosed', 'withheld', 'not_asked', 'refused')),
      detail text not null default '' check (length(detail) <= 4000),
      source_entry_id uuid references timeline_entries (id) on delete set null,
      foreign key (engagement_id, incident_id) references engagements (id, incident_id) on delete cascade,
      unique (engagement_id, position),
      unique (engagement_id, topic_key, organization_id)
    )`,
    sql`create index disclosure_ledger_incident_topic_idx on disclosure_ledger (incident_id, topic_key, organization_id)`,
    sql`create index disclosure_ledger_organization_idx on disclosure_ledger (organization_id)`,
    sql`create index disclosure_ledger_source_entry_idx on disclosure_ledger (source_entry_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
