/**
 * Bounces that arrive after a message was handed over (delivery status notifications read
 * by `casebook mail bounce`, docs/modules/mail.md): a message a receiving server later
 * reports as undeliverable becomes `bounced`, and each report of a failed or delayed
 * recipient is kept with its status code and the server's words. Reports of the same
 * recipient and kind replace each other, so a report the mail server delivers twice
 * is kept once.
 *
 * The index on `smtp_message_id` lets a bounce that names only the Message-ID of a
 * message sent before messages carried a signed one still find it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`alter table mail_messages drop constraint mail_messages_state_check`,
    sql`alter table mail_messages add constraint mail_messages_state_check
      check (state in ('queued', 'sent', 'failed', 'outbox_only', 'bounced'))`,
    sql`create index mail_messages_smtp_message_id_idx on mail_messages (smtp_message_id) where smtp_message_id is not null`,

    sql`create table mail_bounces (
      id uuid primary key default gen_random_uuid(),
      mail_message_id uuid not null references mail_messages (id) on delete cascade,
      action text not null check (action in ('failed', 'delayed')),
      recipient text check (length(recipient) between 1 and 320),
      status text check (status ~ '^[245][.][0-9]{1,3}[.][0-9]{1,3}$'),
      diagnostic text check (length(diagnostic) <= 1000),
      received_at timestamptz not null default now(),
      unique nulls not distinct (mail_message_id, action, recipient)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
