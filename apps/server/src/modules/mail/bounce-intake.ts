/**
 * Records a bounce that arrived after a message was sent (`casebook mail bounce`, fed one
 * e-mail by the mail server). The message is found by the signed token in the address the
 * bounce was sent to (VERP) or in the Message-ID it quotes (bounce-token.ts), or, for
 * messages sent before Message-IDs were signed, by the Message-ID stored at sending. A
 * failed recipient makes the message `bounced`; a delayed one is kept as a note. The
 * reports, the new state and an audit row are written in one transaction. Nothing of the
 * bounce is logged or kept beyond the recipient, status code and diagnostic.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../audit/audit-event.ts';
import { writeAuditEvent } from '../../audit/audit-writer.ts';
import type { DB, MailState } from '../../db/schema.ts';
import {
  type BounceRow,
  findMailBySmtpMessageId,
  lockMailMessage,
  mailMessageExists,
  markMailBounced,
  upsertBounces,
} from './bounce.repository.ts';
import type { BounceReport, RecipientReport } from './bounce-parser.ts';
import { findTokenShapes, verifyMailToken } from './bounce-token.ts';

/** Larger input is refused: a bounce returns at most the message, and ours are small. */
export const BOUNCE_MAX_BYTES = 10 * 1024 * 1024;

export interface BounceIntakeDeps {
  db: Kysely<DB>;
  /** The key tokens are signed with (the session secret). */
  key: Buffer;
  clock: () => Date;
  actor: Actor;
}

export type BounceOutcome =
  | { outcome: 'recorded'; mailMessageId: string; noticeId: string | null; state: MailState; failed: number; delayed: number }
  /** A bounce, but of no message Casebook has (any more). */
  | { outcome: 'unmatched' }
  /** It names a message with a token Casebook did not sign: recorded nowhere. */
  | { outcome: 'forged' }
  /** An auto-reply or other mail that reached the bounce address. */
  | { outcome: 'not_a_bounce' }
  /** A report of delivery (delivered, relayed, expanded) only. */
  | { outcome: 'nothing_to_record' };

const RECORDED_ACTIONS = new Set(['failed', 'delayed']);
const UNDELIVERED_STATES: MailState[] = ['sent', 'queued', 'failed'];

/** `report` as parseBounce (bounce-parser.ts) reads it; `envelopeRecipient`: the address the mail server delivered it to, where it says. */
export async function recordBounce(
  deps: BounceIntakeDeps,
  input: { report: BounceReport; envelopeRecipient?: string },
): Promise<BounceOutcome> {
  const { report } = input;
  if (report.kind === 'other') return { outcome: 'not_a_bounce' };
  const reports = report.reports.filter((r) => RECORDED_ACTIONS.has(r.action));
  if (reports.length === 0) return { outcome: 'nothing_to_record' };

  const found = await findMessage(deps, report, input.envelopeRecipient);
  if (found === 'forged' || found === null) return { outcome: found ?? 'unmatched' };

  return deps.db.transaction().execute(async (trx) => {
    const message = await lockMailMessage(trx, found);
    if (!message) return { outcome: 'unmatched' } as const;
    const now = deps.clock();
    // One row per recipient and action: a report that names a recipient twice keeps its last word.
    const byRecipient = new Map<string, BounceRow>();
    for (const r of reports) {
      for (const recipient of recipientsOf(r, report, message.recipients)) {
        byRecipient.set(`${r.action} ${recipient?.toLowerCase() ?? ''}`, {
          mail_message_id: message.id,
          action: r.action as BounceRow['action'],
          recipient,
          status: r.status,
          diagnostic: r.diagnostic,
          received_at: now,
        });
      }
    }
    const rows = [...byRecipient.values()];
    await upsertBounces(trx, rows);
    const failed = rows.filter((r) => r.action === 'failed').length;
    const state: MailState = failed > 0 && UNDELIVERED_STATES.includes(message.state) ? 'bounced' : message.state;
    if (state !== message.state) await markMailBounced(trx, message.id);
    await writeAuditEvent(
      trx,
      deps.actor,
      {
        action: failed > 0 ? 'mail.bounced' : 'mail.delayed',
        targetType: 'mail_message',
        targetIds: message.notice_id ? [message.id, message.notice_id] : [message.id],
        before: { state: message.state },
        after: { state, reports: rows.map((r) => ({ action: r.action, recipient: r.recipient, status: r.status })) },
      },
      now,
    );
    return {
      outcome: 'recorded',
      mailMessageId: message.id,
      noticeId: message.notice_id,
      state,
      failed,
      delayed: rows.length - failed,
    } as const;
  });
}

/**
 * The id of the message the bounce is about, 'forged' when it names one only by tokens
 * Casebook did not sign, null when it names none. Addresses come first (the bounce was
 * sent to the message's own bounce address), then the Message-IDs it quotes, then any
 * token in its text.
 */
async function findMessage(deps: BounceIntakeDeps, report: BounceReport, envelopeRecipient?: string): Promise<string | null | 'forged'> {
  const places = [[envelopeRecipient ?? '', ...report.addressedTo].join('\n'), report.messageIds.join('\n'), report.text];
  const shapes = [...new Set(places.flatMap(findTokenShapes))];
  let forged = false;
  for (const shape of shapes) {
    const mailId = verifyMailToken(deps.key, shape);
    if (!mailId) forged = true;
    else if (await mailMessageExists(deps.db, mailId)) return mailId;
  }
  const stored = await findMailBySmtpMessageId(deps.db, report.messageIds.slice(0, 50));
  return stored ?? (forged ? 'forged' : null);
}

/**
 * Whom a report is about, spelled as the message addressed them where it did. A plain
 * bounce names no recipient field: the message's recipients its explanation mentions,
 * or, when it mentions none, an unnamed one.
 */
function recipientsOf(r: RecipientReport, report: BounceReport, recipients: string[]): Array<string | null> {
  const ours = (address: string) => recipients.find((a) => a.toLowerCase() === address.toLowerCase());
  if (report.kind === 'dsn') return [r.recipient ? (ours(r.recipient) ?? r.recipient) : null];
  const named = recipients.filter((a) => report.mentioned.includes(a.toLowerCase()));
  return named.length > 0 ? named : [null];
}
