/** A chronology entry as the form holds it, and the bodies it becomes. */
import type { DatePrecision, SourceKind, Tlp } from '#shared/incidents';
import { isoToZoned, zonedToIso } from '../incidents/zoned-time.ts';
import type { AddEntryBody, CorrectEntryBody, TimelineEntry } from './timeline-api.ts';

export type InputSourceKind = Exclude<SourceKind, 'system'>;

export interface EntryDraft {
  precision: DatePrecision;
  when: string;
  zone: string;
  text: string;
  sourceKind: InputSourceKind;
  sourceTitle: string;
  saidBy: string;
  sourceOrganizationId: string | null;
  sourceDate: string;
  tlp: Tlp;
  includeInBriefings: boolean;
  sharedWith: string[];
}

const LENGTH: Record<DatePrecision, number> = { year: 4, month: 7, day: 10, minute: 16 };

export function emptyEntryDraft(zone: string, tlp: Tlp): EntryDraft {
  return {
    precision: 'day',
    when: '',
    zone,
    text: '',
    sourceKind: 'document',
    sourceTitle: '',
    saidBy: '',
    sourceOrganizationId: null,
    sourceDate: '',
    tlp,
    includeInBriefings: true,
    sharedWith: [],
  };
}

export function draftFromEntry(entry: TimelineEntry): EntryDraft {
  return {
    precision: entry.precision,
    when: isoToZoned(entry.occurredAt, entry.timeZone).slice(0, LENGTH[entry.precision]),
    zone: entry.timeZone,
    text: entry.text,
    sourceKind: (entry.source?.kind === 'system' ? 'observation' : entry.source?.kind) ?? 'document',
    sourceTitle: entry.source?.title ?? '',
    saidBy: entry.source?.saidBy ?? '',
    sourceOrganizationId: entry.source?.organization?.id ?? null,
    sourceDate: entry.source?.date ?? '',
    tlp: entry.tlp,
    includeInBriefings: entry.includeInBriefings,
    sharedWith: entry.sharedWith,
  };
}

/** Keeps what was typed sensible when the precision changes (a day becomes its month, say). */
export function withPrecision(draft: EntryDraft, precision: DatePrecision): EntryDraft {
  const base = draft.when.slice(0, Math.min(draft.when.length, LENGTH[precision]));
  return { ...draft, precision, when: base.length === LENGTH[precision] ? base : '' };
}

export function occurredAtOf(draft: EntryDraft): string | null {
  if (draft.when.length !== LENGTH[draft.precision]) return null;
  const local = { year: `${draft.when}-01-01`, month: `${draft.when}-01`, day: draft.when, minute: draft.when }[draft.precision];
  return zonedToIso(local, draft.zone);
}

export function entryErrors(draft: EntryDraft): Partial<Record<'when' | 'text' | 'sourceDate', string>> {
  const errors: Partial<Record<'when' | 'text' | 'sourceDate', string>> = {};
  const at = occurredAtOf(draft);
  if (!at) errors.when = 'Enter when it happened.';
  else if (new Date(at).getTime() > Date.now() + 60_000) errors.when = 'An event in the chronology cannot be in the future.';
  if (!draft.text.trim()) errors.text = 'Say what happened.';
  return errors;
}

function sourceOf(draft: EntryDraft): AddEntryBody['source'] {
  return {
    kind: draft.sourceKind,
    ...(draft.sourceTitle.trim() ? { title: draft.sourceTitle.trim() } : {}),
    ...(draft.saidBy.trim() ? { saidBy: draft.saidBy.trim() } : {}),
    ...(draft.sourceOrganizationId ? { organizationId: draft.sourceOrganizationId } : {}),
    ...(draft.sourceDate ? { date: draft.sourceDate } : {}),
  };
}

export function toAddBody(draft: EntryDraft): AddEntryBody {
  return {
    occurredAt: occurredAtOf(draft) ?? '',
    precision: draft.precision,
    timeZone: draft.zone,
    text: draft.text.trim(),
    source: sourceOf(draft),
    tlp: draft.tlp,
    includeInBriefings: draft.includeInBriefings,
    ...(draft.sharedWith.length ? { sharedWith: draft.sharedWith } : {}),
  };
}

/** Only the changed parts go out with the reason; the server keeps the earlier text. */
export function toCorrectBody(draft: EntryDraft, before: EntryDraft, revision: number, reason: string): CorrectEntryBody {
  const body: CorrectEntryBody = { revision, reason: reason.trim() };
  if (draft.when !== before.when || draft.precision !== before.precision || draft.zone !== before.zone) {
    body.occurredAt = occurredAtOf(draft) ?? undefined;
    body.precision = draft.precision;
    body.timeZone = draft.zone;
  }
  if (draft.text !== before.text) body.text = draft.text.trim();
  if (JSON.stringify(sourceOf(draft)) !== JSON.stringify(sourceOf(before))) body.source = sourceOf(draft);
  if (draft.tlp !== before.tlp) body.tlp = draft.tlp;
  if (draft.includeInBriefings !== before.includeInBriefings) body.includeInBriefings = draft.includeInBriefings;
  if (JSON.stringify(draft.sharedWith) !== JSON.stringify(before.sharedWith)) body.sharedWith = draft.sharedWith;
  return body;
}
