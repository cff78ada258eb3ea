/**
 * `casebook mail bounce [--recipient ADDRESS]`: the mail server pipes each e-mail that
 * reaches the bounce address (CASEBOOK_MAIL_BOUNCE_ADDRESS) into it, one per run
 * (docs/modules/mail.md, "Bounces"). Exit codes follow sysexits, as mail servers read them:
 * 0 when the e-mail was taken, whether it was recorded or was a bounce of nothing of ours
 * (refusing it would only bounce the bounce); 65 when the input is not an e-mail or is too
 * large; 75 when the database cannot be reached, so the mail server tries again later.
 * It prints one line on what it did, never anything of the e-mail's content.
 */
import type { Actor } from '../audit/audit-event.ts';
import type { Config } from '../config/config.ts';
import { BOUNCE_MAX_BYTES, type BounceOutcome, recordBounce } from '../modules/mail/bounce-intake.ts';
import { type BounceReport, parseBounce } from '../modules/mail/bounce-parser.ts';
import { NotMailError } from '../modules/mail/mime-parser.ts';
import { withDatabase } from './open.ts';

const EX_OK = 0;
const EX_DATAERR = 65;
const EX_TEMPFAIL = 75;

const CLI_ACTOR: Actor = { userId: null, organizationId: null, via: 'cli', requestId: null, clientAddress: 'cli' };

/**
 * Standard input, or null when it is larger than the limit. The rest of a larger input is
 * read and dropped, so the mail server writing it sees the command answer, not a broken pipe.
 */
async function readLimited(input: AsyncIterable<Buffer | string>, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size <= limit) chunks.push(bytes);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

function describe(outcome: BounceOutcome): string {
  switch (outcome.outcome) {
    case 'recorded':
      return `Recorded for message ${outcome.mailMessageId}: ${outcome.failed} failed, ${outcome.delayed} delayed recipient(s); the message is ${outcome.state}.`;
    case 'unmatched':
      return 'A bounce of no message Casebook has; nothing recorded.';
    case 'forged':
      return 'Refused: the bounce names a message with a token Casebook did not sign; nothing recorded.';
    case 'not_a_bounce':
      return 'Not a bounce (an automatic reply or other mail); nothing recorded.';
    case 'nothing_to_record':
      return 'A report of delivery only; nothing recorded.';
  }
}

export async function runMailBounce(
  config: Config,
  options: { recipient?: string },
  input: AsyncIterable<Buffer | string> = process.stdin,
): Promise<number> {
  if (options.recipient !== undefined && (options.recipient.length > 320 || /[\s<>]/.test(options.recipient))) {
    process.stderr.write('casebook mail bounce: --recipient must be an e-mail address.\n');
    return EX_DATAERR;
  }
  const raw = await readLimited(input, BOUNCE_MAX_BYTES);
  if (!raw) {
    process.stderr.write(`casebook mail bounce: refused, the e-mail is larger than ${BOUNCE_MAX_BYTES / 1024 / 1024} MB.\n`);
    return EX_DATAERR;
  }
  let report: BounceReport;
  try {
    report = parseBounce(raw.toString('utf8'));
  } catch (error) {
    if (!(error instanceof NotMailError)) throw error;
    process.stderr.write(`casebook mail bounce: refused, ${error.message}\n`);
    return EX_DATAERR;
  }
  let outcome: BounceOutcome;
  try {
    outcome =
      report.kind === 'other'
        ? { outcome: 'not_a_bounce' }
        : await withDatabase(
            config,
            (database) =>
              recordBounce(
                { db: database.db, key: config.sessionSecret, clock: () => new Date(), actor: CLI_ACTOR },
                { report, envelopeRecipient: options.recipient },
              ),
            { migrate: false },
          );
  } catch (error) {
    process.stderr.write(`casebook mail bounce: not recorded, try again later: ${(error as Error).message}\n`);
    return EX_TEMPFAIL;
  }
  const line = `casebook mail bounce: ${describe(outcome)}\n`;
  if (outcome.outcome === 'recorded') process.stdout.write(line);
  else process.stderr.write(line);
  return EX_OK;
}
