/** Reading the outbox: every message, newest first, or one notice's, each with the bounces reported of it. */
import { type Kysely, sql } from 'kysely';
import type { DB, MailState } from '../../db/schema.ts';

export interface OutboxFilter {
  noticeId?: string;
  state?: MailState;
  /** Keyset: rows strictly older than this one; `at` to the microsecond, as `created_key` gives it. */
  before?: { at: string; id: string };
  limit: number;
}

export async function listOutbox(db: Kysely<DB>, filter: OutboxFilter) {
  let query = db
    .selectFrom('mail_messages as m')
    .leftJoin('notices as n', 'n.id', 'm.notice_id')
    .selectAll('m')
    .select('n.reference as notice_reference')
    .select(sql<string>`to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_key'))
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(filter.limit);
  if (filter.noticeId) query = query.where('m.notice_id', '=', filter.noticeId);
  if (filter.state) query = query.where('m.state', '=', filter.state);
  const before = filter.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('m.created_at', '<', sql<Date>`${before.at}::timestamptz`),
        eb.and([eb('m.created_at', '=', sql<Date>`${before.at}::timestamptz`), eb('m.id', '<', before.id)]),
      ]),
    );
  }
  return withBounces(db, await query.execute());
}

export async function listMailOfNotice(db: Kysely<DB>, noticeId: string) {
  const rows = await db
    .selectFrom('mail_messages')
    .select([
      'id',
      'kind',
      'recipients',
      'state',
      'attempts',
      'last_error',
      'rejected_recipients',
      'created_at',
      'last_attempt_at',
      'sent_at',
    ])
    .where('notice_id', '=', noticeId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return withBounces(db, rows);
}

/** The bounces of these messages, oldest first, attached to each; one query for all. */
async function withBounces<Row extends { id: string }>(db: Kysely<DB>, rows: Row[]) {
  const bounces =
    rows.length === 0
      ? []
      : await db
          .selectFrom('mail_bounces')
          .select(['mail_message_id', 'action', 'recipient', 'status', 'diagnostic', 'received_at'])
          .where(
            'mail_message_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('received_at')
          .orderBy('id')
          .execute();
  return rows.map((row) => ({ ...row, bounces: bounces.filter((b) => b.mail_message_id === row.id) }));
}
