/** SQL behind notice mail: the facts a message names, who receives it, and the outbox row. */
import type { Transaction } from 'kysely';
import type { DB, MailKind, NoticeStatus } from '../../db/schema.ts';
import type { Audience, NoticeFacts } from './notice-mail-content.ts';

export interface NoticeMailFacts extends NoticeFacts {
  status: NoticeStatus;
  overdueAt: Date | null;
  createdBy: string | null;
  issuedBy: string | null;
}

export async function findNoticeFacts(trx: Transaction<DB>, noticeId: string): Promise<NoticeMailFacts | undefined> {
  const row = await trx
    .selectFrom('notices as n')
    .innerJoin('organizations as o', 'o.id', 'n.organization_id')
    .select([
      'n.id',
      'n.reference',
      'n.kind',
      'n.tlp',
      'n.subject',
      'n.due_at',
      'n.time_zone',
      'n.status',
      'n.overdue_at',
      'n.created_by',
      'n.issued_by',
      'o.name as organization_name',
    ])
    .where('n.id', '=', noticeId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    tlp: row.tlp,
    subject: row.subject,
    dueAt: row.due_at,
    timeZone: row.time_zone,
    organizationName: row.organization_name,
    status: row.status,
    overdueAt: row.overdue_at,
    createdBy: row.created_by,
    issuedBy: row.issued_by,
  };
}

/**
 * Active users the message goes to: the notice's recipients for the organization, the
 * notice's creator and issuer for staff. Disabled accounts get nothing.
 */
export async function findMailRecipients(
  trx: Transaction<DB>,
  notice: NoticeMailFacts,
  audience: Audience,
): Promise<Array<{ id: string; email: string }>> {
  if (audience === 'organization') {
    return trx
      .selectFrom('notice_recipients as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.email'])
      .where('r.notice_id', '=', notice.id)
      .where('u.disabled_at', 'is', null)
      .orderBy('u.email')
      .execute();
  }
  const staff = [notice.createdBy, notice.issuedBy].filter((id): id is string => id !== null);
  if (staff.length === 0) return [];
  return trx
    .selectFrom('users')
    .select(['id', 'email'])
    .where('id', 'in', staff)
    .where('disabled_at', 'is', null)
    .orderBy('email')
    .execute();
}

export async function findExtension(trx: Transaction<DB>, noticeId: string, extensionId: string) {
  return trx
    .selectFrom('extension_requests')
    .select(['status', 'requested_due_at', 'granted_due_at'])
    .where('id', '=', extensionId)
    .where('notice_id', '=', noticeId)
    .executeTakeFirst();
}

export async function findSubmittedAt(trx: Transaction<DB>, noticeId: string): Promise<Date | null> {
  const row = await trx.selectFrom('notice_responses').select('submitted_at').where('notice_id', '=', noticeId).executeTakeFirst();
  return row?.submitted_at ?? null;
}

export interface NewMailMessage {
  dedupeKey: string;
  kind: MailKind;
  noticeId: string;
  recipients: Array<{ id: string; email: string }>;
  subject: string;
  text: string;
  link: string;
}

/** Null when a message with this key exists already: each occasion is written about once. */
export async function insertMailMessage(trx: Transaction<DB>, message: NewMailMessage): Promise<string | null> {
  const row = await trx
    .insertInto('mail_messages')
    .values({
      dedupe_key: message.dedupeKey,
      kind: message.kind,
      notice_id: message.noticeId,
      recipient_user_ids: message.recipients.map((r) => r.id),
      recipients: message.recipients.map((r) => r.email),
      subject: message.subject,
      text_body: message.text,
      link: message.link,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
