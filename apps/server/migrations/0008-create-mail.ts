/**
 * Mail: every message Casebook composes (the outbox, also where messages stay when no
 * SMTP server is configured) and the reminders the due-time sweep has taken, one per
 * notice, kind and due time, so that two instances or a restart never send one twice
 * (docs/modules/mail.md).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table mail_messages (
      id uuid primary key default gen_random_uuid(),
      dedupe_key text not null unique check (length(dedupe_key) between 1 and 200),
      kind text not null check (kind in ('notice.issued', 'notice.response_submitted', 'notice.extension_requested',
        'notice.extension_decided', 'notice.due_soon', 'notice.overdue')),
      notice_id uuid references notices (id) on delete set null,
      recipient_user_ids uuid[] not null default '{}',
      recipients text[] not null check (cardinality(recipients) between 1 and 500),
      subject text not null check (length(subject) between 1 and 300),
      text_body text not null check (length(text_body) between 1 and 20000),
      link text not null check (link ~ '^/[A-Za-z0-9/_-]*$' and length(link) <= 300),
      state text not null default 'queued' check (state in ('queued', 'sent', 'failed', 'outbox_only')),
      attempts integer not null default 0 check (attempts >= 0),
      last_attempt_at timestamptz,
      last_error text check (length(last_error) <= 2000),
      rejected_recipients text[] not null default '{}',
      smtp_message_id text check (length(smtp_message_id) <= 500),
      smtp_response text check (length(smtp_response) <= 2000),
      created_at timestamptz not null default now(),
      sent_at timestamptz
    )`,
    sql`create index mail_messages_created_idx on mail_messages (created_at desc, id desc)`,
    sql`create index mail_messages_state_idx on mail_messages (state, created_at desc, id desc)`,
    sql`create index mail_messages_notice_idx on mail_messages (notice_id, created_at desc)`,

    sql`create table notice_reminders (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references notices (id) on delete cascade,
      kind text not null check (kind in ('due_soon', 'overdue')),
      due_at timestamptz not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      mail_message_id uuid references mail_messages (id) on delete set null,
      skipped_at timestamptz,
      skip_reason text check (skip_reason in ('no_recipients', 'no_longer_due')),
      unique (notice_id, kind, due_at),
      check (sent_at is null or skipped_at is null),
      check ((skipped_at is null) = (skip_reason is null))
    )`,
    sql`create index notice_reminders_pending_idx on notice_reminders (created_at) where sent_at is null and skipped_at is null`,
    sql`create index notice_reminders_mail_idx on notice_reminders (mail_message_id)`,
    // The sweep's first step reads only open notices that have not been flagged yet, so
    // the overdue notices it flagged earlier are not walked again every minute.
    sql`create index notices_unflagged_due_idx on notices (due_at) where status in ('issued', 'acknowledged') and overdue_at is null`,
  ];
  for (const statement of statements) await statement.execute(db);
}
