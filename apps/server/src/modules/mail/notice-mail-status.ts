/**
 * The mail of one notice and how each message fared, newest first: for the notice page,
 * so that a bounce or a failed delivery is seen where the notice is handled. The caller
 * has already checked that its user may see the notice.
 */
import type { Kysely } from 'kysely';
import type { MailDelivery } from '#shared/contracts/mail';
import type { DB } from '../../db/schema.ts';
import { listMailOfNotice } from './mail.repository.ts';
import { toMailDelivery } from './mail-views.ts';

export async function listNoticeMail(db: Kysely<DB>, noticeId: string): Promise<MailDelivery[]> {
  return (await listMailOfNotice(db, noticeId)).map(toMailDelivery);
}
