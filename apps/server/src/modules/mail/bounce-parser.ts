/**
 * Reads a bounce: a delivery status notification (RFC 3464: multipart/report with a
 * message/delivery-status part, per recipient Final-Recipient, Action, Status and
 * Diagnostic-Code, and the returned message or its headers), which Postfix, Exim,
 * Exchange and most others send, or failing that a plain-text bounce from a mail
 * server (mailer-daemon, "Undelivered Mail Returned to Sender"). It says what was
 * reported and which addresses and Message-IDs the bounce names; which of our messages
 * that is, is for bounce-intake.ts to decide.
 */
import {
  decodeTransfer,
  headerValue,
  headerValues,
  leafParts,
  type MimeHeader,
  type MimePart,
  parseHeaderBlock,
  parseMail,
} from './mime-parser.ts';

export interface RecipientReport {
  /** failed, delayed, delivered, relayed or expanded (RFC 3464 2.3.3), lower case. */
  action: string;
  /** The address as the bounce gives it: Original-Recipient if present, else Final-Recipient. */
  recipient: string | null;
  /** Enhanced status code (RFC 3463), such as 5.1.1. */
  status: string | null;
  /** The remote server's words, unfolded, at most 1,000 characters. */
  diagnostic: string | null;
}

export interface BounceReport {
  /** dsn: a delivery status notification; plain: a mail server's bounce without one; other: not a bounce (an auto-reply, spam). */
  kind: 'dsn' | 'plain' | 'other';
  /** Per recipient; for a plain bounce one report, its recipient null (see `mentioned`). */
  reports: RecipientReport[];
  /** The addresses the bounce was delivered to: Delivered-To, X-Original-To, Envelope-To, To. */
  addressedTo: string[];
  /** Message-IDs of the message bounced: from the returned headers, In-Reply-To, References, quoted header lines. */
  messageIds: string[];
  /** Every decoded text of the bounce, for tokens quoted where no header says. */
  text: string;
  /** Plain bounces: addresses named in the explanation before the quoted message. */
  mentioned: string[];
}

const DIAGNOSTIC_MAX = 1000;
const STATUS = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const ADDRESS = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const MESSAGE_ID = /<[^<>\s]{3,250}>/g;
const QUOTED_MESSAGE_ID = /^[ \t>]*Message-ID:[ \t]*(<[^<>\s]{3,250}>)/gim;

const REPORT_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);
const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailer_daemon)@/i;
const BOUNCE_SUBJECT =
  /undeliver|returned mail|returned to sender|delivery (status )?(notification|failure|failed|has failed|problem)|failure notice|mail delivery (failed|system|subsystem)|non-?delivery|could not be delivered|delivery (delayed|warning)|warning: message .* delayed/i;
const DELAY_WORDS = /delay|has not (yet )?been delivered|still trying|will (continue|keep) (trying|to try)|will (retry|be retried)/i;
const QUOTE_START =
  /^[ \t>]*(-+ ?(this is a copy|original message|undelivered message|below this line)|return-path:|received:|message-id:)/im;

export function parseBounce(raw: string): BounceReport {
  const mail = parseMail(raw);
  const headers = mail.headers;
  const all = flatten(mail);
  const text = leafParts(mail)
    .filter((p) => p.contentType.type.startsWith('text/') || p.contentType.type.startsWith('message/'))
    .map(decodeTransfer)
    .join('\n');
  const addressedTo = ['delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to', 'to'].flatMap((name) =>
    headerValues(headers, name).flatMap((value) => value.match(ADDRESS) ?? []),
  );
  const returned = all.filter((p) => RETURNED_TYPES.has(p.contentType.type)).map(returnedHeaders);
  const messageIds = unique([
    ...returned.flatMap((h) => headerValues(h, 'message-id').flatMap((v) => v.match(MESSAGE_ID) ?? [])),
    ...['in-reply-to', 'references'].flatMap((name) => headerValues(headers, name).flatMap((v) => v.match(MESSAGE_ID) ?? [])),
    ...Array.from(text.matchAll(QUOTED_MESSAGE_ID), (m) => m[1]),
  ]);
  const base = { addressedTo: unique(addressedTo), messageIds, text };

  const statusParts = all.filter((p) => REPORT_TYPES.has(p.contentType.type));
  const reports = statusParts.flatMap((p) => recipientReports(decodeTransfer(p)));
  if (reports.length > 0) return { kind: 'dsn', reports, mentioned: [], ...base };

  if (!looksLikeBounce(headers)) return { kind: 'other', reports: [], mentioned: [], ...base };
  const explanation = explanationOf(mail);
  const subject = headerValue(headers, 'subject') ?? '';
  const diagnostic = plainDiagnostic(explanation);
  const delayed = DELAY_WORDS.test(subject) || (DELAY_WORDS.test(explanation) && !/permanent/i.test(explanation));
  return {
    kind: 'plain',
    reports: [
      {
        action: delayed ? 'delayed' : 'failed',
        recipient: null,
        status: STATUS.exec(diagnostic ?? '')?.[0] ?? STATUS.exec(explanation)?.[0] ?? null,
        diagnostic,
      },
    ],
    mentioned: unique((explanation.match(ADDRESS) ?? []).map((a) => a.toLowerCase())),
    ...base,
  };
}

function flatten(part: MimePart): MimePart[] {
  return [part, ...part.parts.flatMap(flatten)];
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The header fields of a returned message (message/rfc822) or of returned headers alone (text/rfc822-headers). */
function returnedHeaders(part: MimePart): MimeHeader[] {
  if (part.parts[0]) return part.parts[0].headers;
  return parseHeaderBlock(decodeTransfer(part).replace(/\r\n?/g, '\n').replace(/^\n+/, '')).headers;
}

/**
 * The field groups of a message/delivery-status body, separated by empty lines: first
 * the per-message fields, then one group per recipient.
 */
function recipientReports(body: string): RecipientReport[] {
  const groups = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((group) => parseHeaderBlock(`${group.replace(/^\n+/, '')}\n`).headers);
  const reports: RecipientReport[] = [];
  for (const fields of groups) {
    const action = headerValue(fields, 'action');
    const final = headerValue(fields, 'final-recipient');
    const original = headerValue(fields, 'original-recipient');
    if (!action && !final) continue;
    const status = STATUS.exec(headerValue(fields, 'status') ?? '')?.[0] ?? null;
    reports.push({
      action: actionOf(action, status),
      recipient: addressOf(original) ?? addressOf(final),
      status,
      diagnostic: clean(afterType(headerValue(fields, 'diagnostic-code'))),
    });
  }
  return reports;
}

/** The action as written, or, where a server left it out, what the status class means. */
function actionOf(action: string | undefined, status: string | null): string {
  const word = action
    ?.trim()
    .split(/[\s(;]/)[0]
    ?.toLowerCase();
  if (word) return word;
  if (status?.startsWith('5')) return 'failed';
  if (status?.startsWith('4')) return 'delayed';
  return 'delivered';
}

/** `rfc822; <user@example.org>` → `user@example.org`; other address types are kept as written. */
function addressOf(value: string | undefined): string | null {
  const address = afterType(value)?.trim().replace(/^<|>$/g, '').trim();
  return address ? address.slice(0, 320) : null;
}

/** `smtp; 550 5.1.1 …` → `550 5.1.1 …`. */
function afterType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const semicolon = value.indexOf(';');
  return semicolon >= 0 ? value.slice(semicolon + 1) : value;
}

function clean(value: string | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, DIAGNOSTIC_MAX) : null;
}

function looksLikeBounce(headers: MimeHeader[]): boolean {
  const from = (headerValue(headers, 'from') ?? '').match(ADDRESS)?.[0] ?? '';
  return BOUNCE_SENDER.test(from) || BOUNCE_SUBJECT.test(headerValue(headers, 'subject') ?? '');
}

/** The bounce's own words: its text parts, up to where it starts quoting the message it returns. */
function explanationOf(mail: MimePart): string {
  const texts = leafParts(mail)
    .filter((p) => p.contentType.type === 'text/plain')
    .map(decodeTransfer);
  const first = texts[0] ?? '';
  const quote = QUOTE_START.exec(first);
  return quote ? first.slice(0, quote.index) : first;
}

/** The lines that hold the server's answer: from the first SMTP reply code or status code, with the lines that continue it. */
function plainDiagnostic(explanation: string): string | null {
  const lines = explanation.split('\n');
  const start = lines.findIndex((line) => /\b[45]\d\d[ -]/.test(line) || STATUS.test(line));
  if (start < 0) return null;
  const indent = /^\s*/.exec(lines[start])?.[0].length ?? 0;
  const taken = [lines[start]];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || (/^\s*/.exec(line)?.[0].length ?? 0) <= indent) break;
    taken.push(line);
  }
  return clean(taken.join(' '));
}
