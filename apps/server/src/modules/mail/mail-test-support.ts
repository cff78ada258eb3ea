/**
 * For the mail tests: a real SMTP server in the process (smtp-server) that keeps what
 * arrives and can refuse on demand, and notices written straight into the database (the
 * notices module's routes are not what these tests are about).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { SMTPServer } from 'smtp-server';
import type { Tlp } from '#shared/incidents';
import type { SmtpSettings } from '../../config/config.ts';
import type { DB, NoticeStatus } from '../../db/schema.ts';

export interface ReceivedMail {
  /** The envelope sender (MAIL FROM): where the receiving side sends bounces. */
  envelopeFrom: string;
  envelopeTo: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
}

export interface SmtpSink {
  settings: SmtpSettings;
  received: ReceivedMail[];
  /** Answers for the next messages' DATA, one each, before any is accepted again. */
  refuseNext: Array<{ code: number; message: string }>;
  /** Addresses refused at RCPT TO (a bounce for that recipient). */
  refuseRecipients: Set<string>;
  waitFor(count: number, seconds?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const refuseNext: SmtpSink['refuseNext'] = [];
  const refuseRecipients = new Set<string>();
  const server = new SMTPServer({
    // The built-in certificate has expired; the test server speaks plain SMTP.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuseRecipients.has(address.address)) {
        callback(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusal = refuseNext.shift();
        if (refusal) {
          callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          return;
        }
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          ...parseMessage(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    settings: { host: '127.0.0.1', port, secure: false, user: null, password: null },
    received,
    refuseNext,
    refuseRecipients,
    async waitFor(count, seconds = 30) {
      const deadline = Date.now() + seconds * 1000;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages at the SMTP server, got ${received.length}`);
        await sleep(100);
      }
      return received.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers (unfolded, encoded words decoded) and the text body (transfer encoding undone). */
function parseMessage(raw: string): Omit<ReceivedMail, 'envelopeFrom' | 'envelopeTo'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? Buffer.from(
          body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        ).toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return { headers, subject: headers.subject ?? '', text: text.replace(/\r\n/g, '\n') };
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, mode: string, data: string) =>
    mode.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

export interface TestNotice {
  incidentId: string;
  organizationId: string;
  recipients: string[];
  createdBy: string;
  issuedBy: string;
  tlp?: Tlp;
  subject?: string;
  dueAt: Date | null;
  status?: NoticeStatus;
  timeZone?: string;
  reference?: string;
}

let sequence = 0;

/** An issued notice (unless told otherwise) with its recipients, as the notices module would leave it. */
export async function insertNotice(db: Kysely<DB>, notice: TestNotice): Promise<{ id: string; reference: string }> {
  sequence += 1;
  const reference = notice.reference ?? `CERT/2019/N-${String(sequence).padStart(4, '0')}-${process.pid % 1000}`;
  const issued = notice.status !== 'draft' && notice.status !== 'approved';
  const row = await db
    .insertInto('notices')
    .values({
      incident_id: notice.incidentId,
      organization_id: notice.organizationId,
      reference: issued ? reference : null,
      kind: 'call_for_information',
      subject: notice.subject ?? 'Preserve the delivery logs of the exploited calls',
      body: 'List every account that received the call.',
      tlp: notice.tlp ?? 'AMBER',
      due_mode: 'fixed',
      due_at: notice.dueAt,
      time_zone: notice.timeZone ?? 'Asia/Kolkata',
      status: notice.status ?? 'issued',
      created_by: notice.createdBy,
      created_at: new Date(),
      updated_by: notice.createdBy,
      updated_at: new Date(),
      issued_by: issued ? notice.issuedBy : null,
      issued_at: issued ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (notice.recipients.length > 0) {
    await db
      .insertInto('notice_recipients')
      .values(notice.recipients.map((user_id) => ({ notice_id: row.id, user_id })))
      .execute();
  }
  return { id: row.id, reference };
}
