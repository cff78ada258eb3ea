/** The SQL of recording bounces (bounce-intake.ts): finding the message, locking it, keeping the reports. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, MailBouncesTable } from '../../db/schema.ts';

export type BounceRow = Omit<MailBouncesTable, 'id' | 'received_at'> & { received_at: Date };

export async function mailMessageExists(db: Kysely<DB>, id: string): Promise<boolean> {
  return (await db.selectFrom('mail_messages').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The message sent with the first of these Message-IDs that one was sent with, if any. */
export async function findMailBySmtpMessageId(db: Kysely<DB>, messageIds: string[]): Promise<string | null> {
  if (messageIds.length === 0) return null;
  const stored = await db
    .selectFrom('mail_messages')
    .select(['id', 'smtp_message_id'])
    .where('smtp_message_id', 'in', messageIds)
    .execute();
  for (const messageId of messageIds) {
    const found = stored.find((s) => s.smtp_message_id === messageId);
    if (found) return found.id;
  }
  return null;
}

export async function lockMailMessage(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('mail_messages')
    .select(['id', 'notice_id', 'recipients', 'state'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** A report of a recipient and action already kept is replaced by the newer one. */
export async function upsertBounces(trx: Transaction<DB>, rows: BounceRow[]): Promise<void> {
  await trx
    .insertInto('mail_bounces')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['mail_message_id', 'action', 'recipient']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        diagnostic: eb.ref('excluded.diagnostic'),
        received_at: eb.ref('excluded.received_at'),
      })),
    )
    .execute();
}

export async function markMailBounced(trx: Transaction<DB>, id: string): Promise<void> {
  await trx.updateTable('mail_messages').set({ state: 'bounced' }).where('id', '=', id).execute();
}
