/** Hands a message to the configured SMTP server (nodemailer), and reads what it answered. */
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../../config/config.ts';

export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  /** The Message-ID header, angle brackets included. */
  messageId: string;
  /** The envelope sender (MAIL FROM), where bounces go; the From address when absent. */
  envelopeFrom?: string;
}

export interface SendResult {
  messageId: string;
  response: string;
  accepted: string[];
  rejected: string[];
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/** Why a delivery failed, in the server's words where it gave any, and whether trying again could help. */
export interface DeliveryFailure {
  message: string;
  permanent: boolean;
}

export function createSmtpTransport(settings: SmtpSettings): MailTransport {
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const addresses = (list: unknown): string[] =>
    Array.isArray(list) ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? a))) : [];
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: mail.headers,
        messageId: mail.messageId,
        ...(mail.envelopeFrom ? { envelope: { from: mail.envelopeFrom, to: mail.to } } : {}),
      });
      return {
        messageId: String(info.messageId ?? ''),
        response: String(info.response ?? ''),
        accepted: addresses(info.accepted),
        rejected: addresses(info.rejected),
      };
    },
    close: () => transporter.close(),
  };
}

/**
 * A 5xx answer (the address does not exist, the message is refused) will not change by
 * trying again; a 4xx, a timeout, a refused connection or a failed sign-in might, once the
 * server or its settings are fixed.
 */
export function describeFailure(error: unknown): DeliveryFailure {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const said = typeof e.response === 'string' && e.response ? e.response : (e.message ?? String(error));
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && e.code !== 'EAUTH';
  return { message: `${code}${said}`.replace(/\s+/g, ' ').trim().slice(0, 2000), permanent };
}
