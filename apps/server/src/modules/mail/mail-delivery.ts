/**
 * Sends one outbox row (the `mail.send` job). No transaction is open while the SMTP
 * server is talked to: the attempt is recorded first, the outcome after. A temporary
 * failure is recorded and thrown, so the job queue retries it with back-off; a permanent
 * one (5xx) or the last retry marks the message failed, which the outbox and the notice show.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Config } from '../../config/config.ts';
import type { DB, MailState } from '../../db/schema.ts';
import { mailToken, signedMessageId, verpAddress } from './bounce-token.ts';
import { describeFailure, type MailTransport } from './mail-transport.ts';
import { renderMailText } from './notice-mail-content.ts';

export interface MailDeliveryDeps {
  db: Kysely<DB>;
  config: Config;
  clock: () => Date;
  /** Null when no SMTP server is configured: messages stay in the outbox. */
  transport: MailTransport | null;
}

export type DeliveryOutcome = 'sent' | 'outbox_only' | 'failed' | 'retry' | 'nothing_to_do';

export async function deliverMailMessage(
  deps: MailDeliveryDeps,
  messageId: string,
  context: { attempt: number },
): Promise<DeliveryOutcome> {
  const { db, config, clock, transport } = deps;
  const message = await db
    .selectFrom('mail_messages')
    .select(['id', 'recipients', 'subject', 'text_body', 'link', 'state'])
    .where('id', '=', messageId)
    .executeTakeFirst();
  // Sent already (a retry after a crash between sending and completing the job; a bounce
  // may even have come back), or kept in the outbox.
  if (!message || message.state === 'sent' || message.state === 'bounced' || message.state === 'outbox_only') return 'nothing_to_do';
  if (!transport) {
    await db
      .updateTable('mail_messages')
      .set({ state: 'outbox_only' })
      .where('id', '=', messageId)
      .where('state', 'in', ['queued', 'failed'])
      .execute();
    return 'outbox_only';
  }

  await db
    .updateTable('mail_messages')
    .set({ attempts: sql`attempts + 1`, last_attempt_at: clock() })
    .where('id', '=', messageId)
    .execute();
  // Bounces name the message by this token, in the address they are sent to and in the
  // Message-ID they quote; the same on every attempt, so a retry is the same message.
  const token = mailToken(config.sessionSecret, message.id);
  const bounceAddress = config.mail.bounceAddress ?? null;
  const fromAddress = /<([^<>]+)>\s*$/.exec(config.mail.from)?.[1] ?? config.mail.from;
  const domain = (bounceAddress ?? fromAddress).split('@').pop() as string;
  try {
    const result = await transport.send({
      from: config.mail.from,
      to: message.recipients,
      subject: message.subject,
      text: renderMailText(message.text_body, `${config.publicUrl}${message.link}`),
      headers: { 'X-Casebook-Mail-Id': message.id, 'Auto-Submitted': 'auto-generated' },
      messageId: signedMessageId(token, domain),
      ...(bounceAddress ? { envelopeFrom: verpAddress(bounceAddress, token) } : {}),
    });
    await db
      .updateTable('mail_messages')
      .set({
        // A bounce can outrun this update; it is not undone by it.
        state: sql<MailState>`case when state = 'bounced' then state else 'sent' end`,
        sent_at: clock(),
        smtp_message_id: result.messageId.slice(0, 500) || null,
        smtp_response: result.response.slice(0, 2000) || null,
        rejected_recipients: result.rejected,
        // The error of an earlier attempt stays: "sent at the third attempt, after …" is worth seeing.
        ...(result.rejected.length > 0
          ? { last_error: `Refused by the receiving server: ${result.rejected.join(', ')}`.slice(0, 2000) }
          : {}),
      })
      .where('id', '=', messageId)
      .execute();
    return 'sent';
  } catch (error) {
    const failure = describeFailure(error);
    const final = failure.permanent || context.attempt >= config.mail.retries;
    const rejected = (error as { rejected?: unknown }).rejected;
    await db
      .updateTable('mail_messages')
      .set({
        state: final ? 'failed' : 'queued',
        last_error: failure.message,
        ...(Array.isArray(rejected) ? { rejected_recipients: rejected.map(String) } : {}),
      })
      .where('id', '=', messageId)
      .execute();
    // A permanent refusal completes the job (retrying cannot help); anything else is
    // thrown so the queue retries it, and after the last retry lists it as a failed job.
    if (failure.permanent) return 'failed';
    throw new Error(`Mail ${messageId} was not delivered: ${failure.message}`);
  }
}
