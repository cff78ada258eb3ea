/** An engagement as the form holds it, its checks, and the bodies it becomes. */
import type { DisclosureState, EngagementKind } from '#shared/contracts/engagements';
import { topicKey } from '#shared/contracts/engagements';
import type { DatePrecision, Tlp } from '#shared/incidents';
import { isoToZoned, zonedToIso } from '../incidents/zoned-time.ts';
import type { CreateEngagementBody, Engagement, UpdateEngagementBody } from './engagements-api.ts';

export interface AttendeeDraft {
  key: string;
  id?: string;
  organizationId: string | null;
  userId?: string;
  name: string;
  role: string;
}

export interface ActionDraft {
  key: string;
  id?: string;
  text: string;
  ownerOrganizationId: string | null;
  ownerUserId?: string;
  dueOn: string;
  /** When it was done; set to now when ticked in the form, kept as it was otherwise. */
  doneAt: string | null;
}

export interface DisclosureDraft {
  key: string;
  id?: string;
  topic: string;
  organizationId: string | null;
  state: DisclosureState;
  detail: string;
  sourceEntryId?: string;
}

export interface EngagementDraft {
  kind: EngagementKind;
  title: string;
  precision: DatePrecision;
  when: string;
  zone: string;
  location: string;
  agenda: string;
  minutes: string;
  tlp: Tlp;
  attendees: AttendeeDraft[];
  actions: ActionDraft[];
  disclosures: DisclosureDraft[];
}

export type DraftErrors = Partial<Record<'title' | 'when' | 'lists', string>> & { rows?: Record<string, string> };

const LENGTH: Record<DatePrecision, number> = { year: 4, month: 7, day: 10, minute: 16 };
let counter = 0;
export const rowKey = () => `row-${++counter}`;

export const emptyAttendee = (organizationId: string | null = null): AttendeeDraft => ({
  key: rowKey(),
  organizationId,
  name: '',
  role: '',
});
export const emptyAction = (): ActionDraft => ({ key: rowKey(), text: '', ownerOrganizationId: null, dueOn: '', doneAt: null });
export const emptyDisclosure = (organizationId: string | null = null): DisclosureDraft => ({
  key: rowKey(),
  topic: '',
  organizationId,
  state: 'not_asked',
  detail: '',
});

export function emptyEngagementDraft(zone: string, tlp: Tlp): EngagementDraft {
  return {
    kind: 'meeting',
    title: '',
    precision: 'day',
    when: '',
    zone,
    location: '',
    agenda: '',
    minutes: '',
    tlp,
    attendees: [emptyAttendee()],
    actions: [],
    disclosures: [],
  };
}

export function draftFromEngagement(e: Engagement): EngagementDraft {
  return {
    kind: e.kind,
    title: e.title,
    precision: e.precision,
    when: isoToZoned(e.occurredAt, e.timeZone).slice(0, LENGTH[e.precision]),
    zone: e.timeZone,
    location: e.location,
    agenda: e.agenda,
    minutes: e.minutes,
    tlp: e.tlp,
    attendees: e.attendees.map((a) => ({
      key: a.id,
      id: a.id,
      organizationId: a.organization.id,
      ...(a.user ? { userId: a.user.id } : {}),
      name: a.name,
      role: a.role ?? '',
    })),
    actions: e.actions.map((x) => ({
      key: x.id,
      id: x.id,
      text: x.text,
      ownerOrganizationId: x.ownerOrganization?.id ?? null,
      ...(x.ownerUser ? { ownerUserId: x.ownerUser.id } : {}),
      dueOn: x.dueOn ?? '',
      doneAt: x.doneAt,
    })),
    disclosures: e.disclosures.map((d) => ({
      key: d.id,
      id: d.id,
      topic: d.topic,
      organizationId: d.organization.id,
      state: d.state,
      detail: d.detail,
      ...(d.sourceEntry ? { sourceEntryId: d.sourceEntry.id } : {}),
    })),
  };
}

/** Keeps what was typed sensible when the precision changes (a day becomes its month, say). */
export function withPrecision(draft: EngagementDraft, precision: DatePrecision): EngagementDraft {
  const base = draft.when.slice(0, Math.min(draft.when.length, LENGTH[precision]));
  return { ...draft, precision, when: base.length === LENGTH[precision] ? base : '' };
}

export function occurredAtOf(draft: Pick<EngagementDraft, 'when' | 'precision' | 'zone'>): string | null {
  if (draft.when.length !== LENGTH[draft.precision]) return null;
  const local = { year: `${draft.when}-01-01`, month: `${draft.when}-01`, day: draft.when, minute: draft.when }[draft.precision];
  return zonedToIso(local, draft.zone);
}

/** What the form can tell before asking the server; the server checks it all again. */
export function draftErrors(draft: EngagementDraft, homeOrganizationId: string | undefined): DraftErrors {
  const errors: DraftErrors = {};
  const rows: Record<string, string> = {};
  if (!draft.title.trim()) errors.title = 'Give the engagement a title.';
  const at = occurredAtOf(draft);
  if (!at) errors.when = 'Enter when it took place.';
  else if (new Date(at).getTime() > Date.now() + 60_000) errors.when = 'An engagement is recorded once it has taken place.';
  for (const a of draft.attendees) {
    if (!a.organizationId) rows[a.key] = 'Choose the organization.';
    else if (!a.name.trim() && !a.userId) rows[a.key] = 'Give the person’s name.';
  }
  for (const x of draft.actions) if (!x.text.trim()) rows[x.key] = 'Say what is to be done.';
  const attending = new Set(draft.attendees.map((a) => a.organizationId));
  const seen = new Set<string>();
  for (const d of draft.disclosures) {
    const key = topicKey(d.topic);
    if (!key) rows[d.key] = 'Name the topic.';
    else if (!d.organizationId) rows[d.key] = 'Choose the organization.';
    else if (d.organizationId === homeOrganizationId) rows[d.key] = 'The ledger records what outside organizations disclosed.';
    else if (!attending.has(d.organizationId)) rows[d.key] = 'This organization is not among the attendees.';
    else if (seen.has(`${key}|${d.organizationId}`)) rows[d.key] = 'This topic is already in the ledger for this organization.';
    seen.add(`${key}|${d.organizationId}`);
  }
  if (Object.keys(rows).length) {
    errors.rows = rows;
    errors.lists = 'Correct the rows marked below.';
  }
  return errors;
}

export function hasErrors(errors: DraftErrors): boolean {
  return Object.keys(errors).length > 0;
}

function listsOf(draft: EngagementDraft) {
  return {
    attendees: draft.attendees.map((a) => ({
      ...(a.id ? { id: a.id } : {}),
      organizationId: a.organizationId ?? '',
      ...(a.userId ? { userId: a.userId } : {}),
      ...(a.name.trim() ? { name: a.name.trim() } : {}),
      ...(a.role.trim() ? { role: a.role.trim() } : {}),
    })),
    actions: draft.actions.map((x) => ({
      ...(x.id ? { id: x.id } : {}),
      text: x.text.trim(),
      ...(x.ownerOrganizationId ? { ownerOrganizationId: x.ownerOrganizationId } : {}),
      ...(x.ownerUserId ? { ownerUserId: x.ownerUserId } : {}),
      ...(x.dueOn ? { dueOn: x.dueOn } : {}),
      ...(x.doneAt ? { doneAt: x.doneAt } : {}),
    })),
    disclosures: draft.disclosures.map((d) => ({
      ...(d.id ? { id: d.id } : {}),
      topic: d.topic.trim(),
      organizationId: d.organizationId ?? '',
      state: d.state,
      ...(d.detail.trim() ? { detail: d.detail.trim() } : {}),
      ...(d.sourceEntryId ? { sourceEntryId: d.sourceEntryId } : {}),
    })),
  };
}

export function toCreateBody(draft: EngagementDraft): CreateEngagementBody {
  return {
    kind: draft.kind,
    title: draft.title.trim(),
    occurredAt: occurredAtOf(draft) ?? '',
    precision: draft.precision,
    timeZone: draft.zone,
    ...(draft.location.trim() ? { location: draft.location.trim() } : {}),
    ...(draft.agenda.trim() ? { agenda: draft.agenda } : {}),
    ...(draft.minutes.trim() ? { minutes: draft.minutes } : {}),
    tlp: draft.tlp,
    ...listsOf(draft),
  };
}

/** Only what changed goes out, with the version it is based on; a list that changed is sent whole. */
export function toUpdateBody(draft: EngagementDraft, before: EngagementDraft, version: number, reason: string): UpdateEngagementBody {
  const body: UpdateEngagementBody = { version };
  if (reason.trim()) body.reason = reason.trim();
  if (draft.kind !== before.kind) body.kind = draft.kind;
  if (draft.title.trim() !== before.title) body.title = draft.title.trim();
  if (draft.when !== before.when || draft.precision !== before.precision || draft.zone !== before.zone) {
    body.occurredAt = occurredAtOf(draft) ?? undefined;
    body.precision = draft.precision;
    body.timeZone = draft.zone;
  }
  if (draft.location.trim() !== before.location) body.location = draft.location.trim();
  if (draft.agenda !== before.agenda) body.agenda = draft.agenda;
  if (draft.minutes !== before.minutes) body.minutes = draft.minutes;
  if (draft.tlp !== before.tlp) body.tlp = draft.tlp;
  const now = listsOf(draft);
  const then = listsOf(before);
  for (const list of ['attendees', 'actions', 'disclosures'] as const) {
    if (JSON.stringify(now[list]) !== JSON.stringify(then[list])) Object.assign(body, { [list]: now[list] });
  }
  return body;
}

/** Whether a change moves the engagement's line in the chronology (its date, kind, title or who took part). */
export function changesChronology(body: UpdateEngagementBody): boolean {
  return body.occurredAt !== undefined || body.kind !== undefined || body.title !== undefined || body.attendees !== undefined;
}
