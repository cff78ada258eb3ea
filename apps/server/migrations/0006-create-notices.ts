/**
 * Notices: the legal-basis catalogue, holiday calendars for business-day deadlines, the
 * notices themselves with their questions and recipients, the PDF frozen at issue, the
 * organization's response (draft, then submitted) with answers and attachments, staff
 * assessments of each answer, extension requests and escalations (docs/modules/notices.md).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table holiday_calendars (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[A-Z0-9-]{2,20}$'),
      name text not null check (length(name) between 1 and 200),
      time_zone text not null,
      weekend_days integer[] not null default '{0,6}',
      created_at timestamptz not null default now()
    )`,
    sql`create table holidays (
      calendar_id uuid not null references holiday_calendars (id) on delete cascade,
      day date not null,
      name text not null check (length(name) between 1 and 200),
      primary key (calendar_id, day)
    )`,

    sql`create table legal_bases (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[a-z0-9-]{2,60}$'),
      instrument text not null check (length(instrument) between 1 and 300),
      clause text not null check (length(clause) between 1 and 100),
      summary text not null check (length(summary) between 1 and 4000),
      due_amount integer check (due_amount > 0),
      due_unit text check (due_unit in ('hours', 'calendar_days', 'business_days')),
      penalty_provision text check (length(penalty_provision) <= 500),
      calendar_id uuid references holiday_calendars (id),
      active boolean not null default true,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      check ((due_amount is null) = (due_unit is null))
    )`,
    sql`create index legal_bases_calendar_idx on legal_bases (calendar_id)`,
    sql`create index legal_bases_created_by_idx on legal_bases (created_by)`,

    sql`create table notice_reference_counters (
      year integer primary key,
      last integer not null
    )`,

    sql`create table notices (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incidents (id) on delete cascade,
      organization_id uuid not null references organizations (id),
      parent_id uuid references notices (id),
      reference text unique,
      kind text not null check (kind in ('call_for_information', 'direction', 'clarification', 'reminder', 'show_cause')),
      legal_basis_id uuid references legal_bases (id),
      subject text not null check (length(subject) between 1 and 300),
      body text not null default '' check (length(body) <= 50000),
      tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
      due_mode text not null check (due_mode in ('fixed', 'from_basis')),
      due_at timestamptz,
      due_amount integer check (due_amount > 0),
      due_unit text check (due_unit in ('hours', 'calendar_days', 'business_days')),
      calendar_id uuid references holiday_calendars (id),
      time_zone text not null default 'UTC',
      status text not null default 'draft'
        check (status in ('draft', 'approved', 'issued', 'acknowledged', 'responded', 'closed', 'withdrawn')),
      overdue_at timestamptz,
      escalated_at timestamptz,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_by uuid references users (id),
      updated_at timestamptz not null default now(),
      approved_by uuid references users (id),
      approved_at timestamptz,
      issued_by uuid references users (id),
      issued_at timestamptz,
      acknowledged_by uuid references users (id),
      acknowledged_at timestamptz,
      responded_at timestamptz,
      closed_by uuid references users (id),
      closed_at timestamptz,
      withdrawn_by uuid references users (id),
      withdrawn_at timestamptz,
      withdrawn_reason text check (length(withdrawn_reason) <= 2000),
      version integer not null default 1,
      check (approved_by is null or approved_by is distinct from created_by)
    )`,
    sql`create index notices_incident_idx on notices (incident_id, created_at)`,
    sql`create index notices_organization_idx on notices (organization_id, status, due_at)`,
    sql`create index notices_parent_idx on notices (parent_id)`,
    sql`create index notices_legal_basis_idx on notices (legal_basis_id)`,
    sql`create index notices_calendar_idx on notices (calendar_id)`,
    // The sweep reads only notices that are out and unanswered.
    sql`create index notices_open_due_idx on notices (due_at) where status in ('issued', 'acknowledged')`,
    ...['created_by', 'updated_by', 'approved_by', 'issued_by', 'acknowledged_by', 'closed_by', 'withdrawn_by'].map(
      (c) => sql.raw(`create index notices_${c}_idx on notices (${c})`),
    ),

    sql`create table notice_questions (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id) on delete cascade,
      position integer not null check (position > 0),
      text text not null check (length(text) between 1 and 4000),
      requires_attachment boolean not null default false,
      clarifies_question_id uuid references notice_questions (id),
      unique (notice_id, position)
    )`,
    sql`create index notice_questions_clarifies_idx on notice_questions (clarifies_question_id)`,

    sql`create table notice_recipients (
      notice_id uuid not null references notices (id) on delete cascade,
      user_id uuid not null references users (id),
      primary key (notice_id, user_id)
    )`,
    sql`create index notice_recipients_user_idx on notice_recipients (user_id)`,

    sql`create table notice_documents (
      notice_id uuid primary key references notices (id) on delete cascade,
      content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
      pdf bytea not null,
      pdf_sha256 text not null check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now()
    )`,

    sql`create table notice_responses (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null unique references notices (id) on delete cascade,
      status text not null default 'draft' check (status in ('draft', 'submitted')),
      submitted_by uuid references users (id),
      submitted_at timestamptz,
      updated_by uuid references users (id),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    sql`create index notice_responses_submitted_by_idx on notice_responses (submitted_by)`,
    sql`create index notice_responses_updated_by_idx on notice_responses (updated_by)`,

    sql`create table notice_answers (
      id uuid primary key default gen_random_uuid(),
      response_id uuid not null references notice_responses (id) on delete cascade,
      question_id uuid not null references notice_questions (id) on delete cascade,
      text text not null default '' check (length(text) <= 50000),
      updated_at timestamptz not null default now(),
      unique (response_id, question_id)
    )`,
    sql`create index notice_answers_question_idx on notice_answers (question_id)`,

    sql`create table notice_attachments (
      id uuid primary key default gen_random_uuid(),
      answer_id uuid not null references notice_answers (id) on delete cascade,
      filename text not null check (length(filename) between 1 and 255),
      content_type text not null check (length(content_type) between 3 and 100),
      size integer not null check (size >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null,
      uploaded_by uuid references users (id),
      uploaded_at timestamptz not null default now()
    )`,
    sql`create index notice_attachments_answer_idx on notice_attachments (answer_id)`,
    sql`create index notice_attachments_uploaded_by_idx on notice_attachments (uploaded_by)`,

    sql`create table answer_assessments (
      id uuid primary key default gen_random_uuid(),
      answer_id uuid not null references notice_answers (id) on delete cascade,
      verdict text not null check (verdict in ('answered', 'partial', 'refused', 'needs_clarification')),
      comment text not null default '' check (length(comment) <= 4000),
      assessed_by uuid references users (id),
      assessed_at timestamptz not null default now()
    )`,
    sql`create index answer_assessments_answer_idx on answer_assessments (answer_id, assessed_at desc)`,
    sql`create index answer_assessments_assessed_by_idx on answer_assessments (assessed_by)`,

    sql`create table extension_requests (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id) on delete cascade,
      reason text not null check (length(reason) between 1 and 4000),
      requested_due_at timestamptz not null,
      requested_by uuid references users (id),
      requested_at timestamptz not null default now(),
      status text not null default 'pending' check (status in ('pending', 'granted', 'refused')),
      decided_by uuid references users (id),
      decided_at timestamptz,
      decision_note text check (length(decision_note) <= 4000),
      granted_due_at timestamptz,
      previous_due_at timestamptz
    )`,
    sql`create index extension_requests_notice_idx on extension_requests (notice_id, requested_at)`,
    sql`create unique index extension_requests_one_pending on extension_requests (notice_id) where status = 'pending'`,
    sql`create index extension_requests_requested_by_idx on extension_requests (requested_by)`,
    sql`create index extension_requests_decided_by_idx on extension_requests (decided_by)`,

    sql`create table notice_escalations (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id) on delete cascade,
      organization_id uuid not null references organizations (id),
      provision text not null check (length(provision) between 1 and 500),
      note text not null default '' check (length(note) <= 4000),
      escalated_by uuid references users (id),
      escalated_at timestamptz not null default now()
    )`,
    sql`create index notice_escalations_notice_idx on notice_escalations (notice_id)`,
    sql`create index notice_escalations_organization_idx on notice_escalations (organization_id, escalated_at desc)`,
    sql`create index notice_escalations_escalated_by_idx on notice_escalations (escalated_by)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
