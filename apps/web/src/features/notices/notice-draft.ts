/** A notice as the composer holds it, its checks, and the bodies it becomes. */
import type { DueMode, DueUnit, NoticeKind } from '#shared/contracts/notices';
import type { Tlp } from '#shared/incidents';
import { isoToZoned, isTimeZone, zonedToIso } from '../incidents/zoned-time.ts';
import type { CreateNoticeBody, DuePreviewBody, Notice, UpdateNoticeBody } from './notices-api.ts';

export interface QuestionDraft {
  key: string;
  text: string;
  requiresAttachment: boolean;
  /** In a clarification: the parent's question it follows up. */
  clarifiesQuestionId: string | null;
}

export interface NoticeDraft {
  organizationId: string | null;
  kind: NoticeKind;
  legalBasisId: string | null;
  subject: string;
  body: string;
  tlp: Tlp;
  dueMode: DueMode;
  /** Fixed: the wall-clock time in `zone` ("2019-12-12T17:30"). */
  dueLocal: string;
  /** The zone the due time is computed and printed in. */
  zone: string;
  /** From the basis: the notice sets its own amount and unit instead of the basis' default. */
  ownDeadline: boolean;
  dueAmount: string;
  dueUnit: DueUnit;
  calendarId: string | null;
  questions: QuestionDraft[];
  recipientIds: string[];
}

export type DraftErrors = Partial<Record<'organizationId' | 'subject' | 'dueLocal' | 'dueAmount' | 'calendarId', string>> & {
  questions?: Record<string, string>;
};

let counter = 0;
export const questionKey = () => `q-${++counter}`;
export const emptyQuestion = (): QuestionDraft => ({ key: questionKey(), text: '', requiresAttachment: false, clarifiesQuestionId: null });

export function emptyNoticeDraft(options: { tlp: Tlp; zone: string; organizationId?: string | null }): NoticeDraft {
  return {
    organizationId: options.organizationId ?? null,
    kind: 'call_for_information',
    legalBasisId: null,
    subject: '',
    body: '',
    tlp: options.tlp,
    dueMode: 'from_basis',
    dueLocal: '',
    zone: options.zone,
    ownDeadline: false,
    dueAmount: '',
    dueUnit: 'business_days',
    calendarId: null,
    questions: [emptyQuestion()],
    recipientIds: [],
  };
}

export function draftFromNotice(notice: Notice): NoticeDraft {
  return {
    organizationId: notice.organization.id,
    kind: notice.kind,
    legalBasisId: notice.legalBasis?.id ?? null,
    subject: notice.subject,
    body: notice.body,
    tlp: notice.tlp,
    dueMode: notice.dueMode,
    dueLocal: notice.dueMode === 'fixed' && notice.dueAt ? isoToZoned(notice.dueAt, notice.timeZone) : '',
    zone: notice.timeZone,
    ownDeadline: notice.dueMode === 'from_basis' && notice.dueAmount !== null,
    dueAmount: notice.dueAmount ? String(notice.dueAmount) : '',
    dueUnit: notice.dueUnit ?? 'business_days',
    calendarId: notice.calendar?.id ?? null,
    questions: notice.questions.map((q) => ({
      key: questionKey(),
      text: q.text,
      requiresAttachment: q.requiresAttachment,
      clarifiesQuestionId: q.clarifiesQuestionId,
    })),
    recipientIds: notice.recipients.map((r) => r.id),
  };
}

const amountOf = (draft: NoticeDraft): number | null => {
  const n = Number(draft.dueAmount);
  return /^\d+$/.test(draft.dueAmount.trim()) && n >= 1 && n <= 10_000 ? n : null;
};

export function draftErrors(draft: NoticeDraft): DraftErrors {
  const errors: DraftErrors = {};
  if (!draft.organizationId) errors.organizationId = 'Choose the organization the notice is addressed to.';
  if (!draft.subject.trim()) errors.subject = 'Give the notice a subject.';
  else if (draft.subject.length > 300) errors.subject = 'At most 300 characters.';
  if (draft.dueMode === 'fixed' && draft.dueLocal && !zonedToIso(draft.dueLocal, draft.zone)) errors.dueLocal = 'Not a date and time.';
  if (draft.dueMode === 'from_basis' && draft.ownDeadline) {
    if (amountOf(draft) === null) errors.dueAmount = 'A whole number from 1 to 10,000.';
    if (draft.dueUnit === 'business_days' && !draft.calendarId) errors.calendarId = 'Business days are counted on a holiday calendar.';
  }
  const questions: Record<string, string> = {};
  for (const q of draft.questions) {
    if (!q.text.trim()) questions[q.key] = 'Write the question, or remove it.';
    else if (q.text.length > 4000) questions[q.key] = 'At most 4,000 characters.';
  }
  if (Object.keys(questions).length) errors.questions = questions;
  return errors;
}

export const hasErrors = (errors: DraftErrors) => Object.keys(errors).length > 0;

/** The deadline fields both bodies carry; fixed without a time yet is a draft that sets it later. */
function dueFields(draft: NoticeDraft) {
  if (draft.dueMode === 'fixed') {
    return {
      dueMode: 'fixed' as const,
      dueAt: draft.dueLocal ? zonedToIso(draft.dueLocal, draft.zone) : null,
      dueAmount: null,
      dueUnit: null,
      calendarId: null,
      timeZone: draft.zone,
    };
  }
  const own = draft.ownDeadline;
  return {
    dueMode: 'from_basis' as const,
    dueAt: null,
    dueAmount: own ? amountOf(draft) : null,
    dueUnit: own ? draft.dueUnit : null,
    calendarId: own && draft.dueUnit === 'business_days' ? draft.calendarId : null,
    timeZone: draft.zone,
  };
}

const questionBodies = (draft: NoticeDraft) =>
  draft.questions.map((q) => ({
    text: q.text.trim(),
    requiresAttachment: q.requiresAttachment,
    ...(q.clarifiesQuestionId ? { clarifiesQuestionId: q.clarifiesQuestionId } : {}),
  }));

export function toCreateBody(draft: NoticeDraft): CreateNoticeBody {
  return {
    organizationId: draft.organizationId ?? '',
    kind: draft.kind === 'clarification' ? 'call_for_information' : draft.kind,
    legalBasisId: draft.legalBasisId,
    subject: draft.subject.trim(),
    body: draft.body,
    tlp: draft.tlp,
    ...dueFields(draft),
    questions: questionBodies(draft),
    recipientIds: draft.recipientIds,
  };
}

export function toUpdateBody(draft: NoticeDraft, version: number): UpdateNoticeBody {
  return {
    version,
    ...(draft.kind !== 'clarification' ? { kind: draft.kind } : {}),
    legalBasisId: draft.legalBasisId,
    subject: draft.subject.trim(),
    body: draft.body,
    tlp: draft.tlp,
    ...dueFields(draft),
    questions: questionBodies(draft),
    recipientIds: draft.recipientIds,
  };
}

/** What the server is asked for the live due time; null while the settings cannot give one. */
export function toPreviewBody(draft: NoticeDraft): DuePreviewBody | null {
  if (!isTimeZone(draft.zone)) return null;
  const due = dueFields(draft);
  if (due.dueMode === 'fixed') return due.dueAt ? { dueMode: 'fixed', dueAt: due.dueAt, timeZone: draft.zone } : null;
  if (draft.ownDeadline && (due.dueAmount === null || (draft.dueUnit === 'business_days' && !draft.calendarId))) return null;
  if (!draft.ownDeadline && !draft.legalBasisId) return null;
  return { ...due, legalBasisId: draft.legalBasisId };
}

/** What still stands between the draft and its issue (the server checks the same). */
export function issueBlockers(draft: NoticeDraft): string[] {
  const out: string[] = [];
  if (!draft.legalBasisId) out.push('cite a legal basis');
  if (draft.questions.filter((q) => q.text.trim()).length === 0) out.push('ask at least one question');
  if (draft.recipientIds.length === 0) out.push('address at least one recipient');
  if (draft.dueMode === 'fixed' && !draft.dueLocal) out.push('set the due time');
  return out;
}

/**
 * The scripts the PDF has fonts for (Noto Sans: Latin, Greek, Cyrillic; Noto Sans
 * Devanagari), with punctuation, digits and combining marks that belong to no script;
 * the server's notice-fonts.ts draws each run in the face that has its glyphs.
 */
const PRINTED = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Devanagari}\p{Script=Common}\p{Script=Inherited}]/u;

/** The text as the PDF lays it out: line ends normalised, tabs as four spaces. */
export function printable(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
}

/** Characters of the text in a script the PDF has no font for, each once: they print as empty boxes. */
export function unprintable(text: string): string[] {
  const found = new Set<string>();
  for (const c of text) if (!/\s/u.test(c) && !PRINTED.test(c)) found.add(c);
  return [...found];
}
