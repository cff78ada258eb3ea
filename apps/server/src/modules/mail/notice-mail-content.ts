/**
 * The words of each notice e-mail. A message names the notice's reference, kind,
 * organization and due time (with its zone) and links to the notice's page; the notice's
 * own subject appears only when the notice is TLP:CLEAR or TLP:GREEN, and its body and
 * questions never do: mail leaves the CERT's control, so anything AMBER or above stays
 * behind the sign-in.
 */
import type { Tlp } from '#shared/incidents';
import type { MailKind, NoticeKind } from '../../db/schema.ts';

export interface NoticeFacts {
  id: string;
  reference: string | null;
  kind: NoticeKind;
  tlp: Tlp;
  subject: string;
  dueAt: Date | null;
  timeZone: string;
  organizationName: string;
}

/** What happened, with the facts of the occasion that are not on the notice itself. */
export type MailOccasion =
  | { kind: 'notice.issued' }
  | { kind: 'notice.due_soon'; dueAt: Date }
  | { kind: 'notice.overdue'; dueAt: Date }
  | { kind: 'notice.response_submitted'; submittedAt: Date | null }
  | { kind: 'notice.extension_requested'; requestedDueAt: Date }
  | { kind: 'notice.extension_decided'; granted: boolean; dueAt: Date | null };

export type Audience = 'organization' | 'staff';

export interface ComposedMail {
  kind: MailKind;
  audience: Audience;
  subject: string;
  /** The text without the link; renderMailText adds it (the public address is configuration). */
  text: string;
  link: string;
}

const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  call_for_information: 'Call for information',
  direction: 'Direction',
  clarification: 'Request for clarification',
  reminder: 'Reminder',
  show_cause: 'Show-cause notice',
};

/** TLP levels whose content may travel by e-mail. */
const MAILABLE_TLP: ReadonlySet<Tlp> = new Set(['CLEAR', 'GREEN']);

/** Who each occasion is written to: the organization's points of contact, or the CERT staff who issued the notice. */
export function audienceOf(kind: MailKind): Audience {
  return kind === 'notice.response_submitted' || kind === 'notice.extension_requested' ? 'staff' : 'organization';
}

/** The notice's page for the audience: organizations read it in the portal. */
export function noticeLink(noticeId: string, audience: Audience): string {
  return audience === 'organization' ? `/portal/notices/${noticeId}` : `/notices/${noticeId}`;
}

/** One formatter per zone: making one costs far more than using it (the sweep formats thousands). */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'shortOffset',
      });
    } catch {
      formatter = null;
    }
    if (formatters.size < 1000) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** "20 May 2019, 18:00 GMT+5:30 (Asia/Kolkata)": the instant in the notice's zone, the zone named. */
export function formatInZone(at: Date, timeZone: string): string {
  // A zone this runtime does not know: say the instant in UTC rather than fail the mail.
  const zone = formatterFor(timeZone) ? timeZone : 'UTC';
  return `${(formatterFor(zone) as Intl.DateTimeFormat).format(at).replace(/[\u00a0\u202f]/g, ' ')} (${zone})`;
}

function due(at: Date | null, timeZone: string): string {
  return at ? formatInZone(at, timeZone) : 'no due time set';
}

export function composeNoticeMail(notice: NoticeFacts, occasion: MailOccasion): ComposedMail {
  const ref = notice.reference ?? 'without a reference';
  const org = notice.organizationName;
  const audience = audienceOf(occasion.kind);
  const facts = [`Reference: ${ref}`, `Kind: ${NOTICE_KIND_LABELS[notice.kind]}`, `Organization: ${org}`];
  let subject: string;
  let opening: string;
  let action: string;
  switch (occasion.kind) {
    case 'notice.issued':
      subject = `New notice ${ref} to ${org}: respond by ${due(notice.dueAt, notice.timeZone)}`;
      opening = `The CERT has issued notice ${ref} to ${org}. A response is due by ${due(notice.dueAt, notice.timeZone)}.`;
      facts.push(`Due: ${due(notice.dueAt, notice.timeZone)}`);
      action = 'Read the notice and respond in Casebook:';
      break;
    case 'notice.due_soon':
      subject = `Reminder: notice ${ref} is due ${due(occasion.dueAt, notice.timeZone)}`;
      opening = `The response of ${org} to notice ${ref} is due by ${due(occasion.dueAt, notice.timeZone)} and has not been submitted yet.`;
      facts.push(`Due: ${due(occasion.dueAt, notice.timeZone)}`);
      action = 'Respond in Casebook:';
      break;
    case 'notice.overdue':
      subject = `Overdue: notice ${ref} was due ${due(occasion.dueAt, notice.timeZone)}`;
      opening = `No response of ${org} to notice ${ref} was submitted by its due time, ${due(occasion.dueAt, notice.timeZone)}. The notice is now overdue.`;
      facts.push(`Was due: ${due(occasion.dueAt, notice.timeZone)}`);
      action = 'Respond in Casebook without further delay, or request more time:';
      break;
    case 'notice.response_submitted':
      subject = `Response received: notice ${ref} (${org})`;
      opening = `${org} has submitted its response to notice ${ref}${occasion.submittedAt ? ` on ${formatInZone(occasion.submittedAt, notice.timeZone)}` : ''}.`;
      facts.push(`Due: ${due(notice.dueAt, notice.timeZone)}`);
      action = 'Assess the answers in Casebook:';
      break;
    case 'notice.extension_requested':
      subject = `Extension requested: notice ${ref} (${org})`;
      opening = `${org} asks for more time to answer notice ${ref}: until ${formatInZone(occasion.requestedDueAt, notice.timeZone)}.`;
      facts.push(`Due now: ${due(notice.dueAt, notice.timeZone)}`, `Requested: ${formatInZone(occasion.requestedDueAt, notice.timeZone)}`);
      action = 'Decide on the request in Casebook:';
      break;
    case 'notice.extension_decided':
      subject = occasion.granted
        ? `Extension granted: notice ${ref} is now due ${due(occasion.dueAt, notice.timeZone)}`
        : `Extension refused: notice ${ref} is still due ${due(occasion.dueAt, notice.timeZone)}`;
      opening = occasion.granted
        ? `The CERT has granted more time for notice ${ref}. The response of ${org} is now due by ${due(occasion.dueAt, notice.timeZone)}.`
        : `The CERT has refused the request for more time for notice ${ref}. The response of ${org} remains due by ${due(occasion.dueAt, notice.timeZone)}.`;
      facts.push(`Due: ${due(occasion.dueAt, notice.timeZone)}`);
      action = 'Read the decision in Casebook:';
      break;
  }
  const content = MAILABLE_TLP.has(notice.tlp)
    ? `Subject of the notice (TLP:${notice.tlp}): ${oneLine(notice.subject)}`
    : `The notice is TLP:${notice.tlp}: its content is not sent by e-mail. Sign in to read it.`;
  return {
    kind: occasion.kind,
    audience,
    subject: oneLine(subject).slice(0, 300),
    text: [opening, '', ...facts, '', content, '', action].join('\n'),
    link: noticeLink(notice.id, audience),
  };
}

/** The text as it is sent: the message, the absolute link, and a line saying where it came from. */
export function renderMailText(text: string, url: string): string {
  return `${text}\n${url}\n\n-- \nSent by Casebook. Please do not reply to this message; answer through the link above.\n`;
}

function oneLine(value: string): string {
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
