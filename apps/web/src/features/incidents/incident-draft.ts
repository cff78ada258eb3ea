/** The incident form's state, checked on the client and turned into the create or update body. */
import type { CreateIncidentBody, UpdateIncidentBody } from '#shared/contracts/incidents';
import { CVE_ID, type Severity, type Tlp } from '#shared/incidents';
import { isApiError } from '../../api/api-error.ts';
import { KEY_TIME_NAMES, type KeyTimeName } from './incident-labels.ts';
import type { Incident } from './incidents-api.ts';
import { isoToZoned, zonedToIso } from './zoned-time.ts';

export interface KeyTimeDraft {
  local: string;
  zone: string;
}

export interface IncidentDraft {
  title: string;
  summary: string;
  categoryId: string | null;
  severity: Severity | null;
  tlp: Tlp | null;
  keyTimes: Record<KeyTimeName, KeyTimeDraft>;
  platforms: string[];
  cves: string[];
  threatActors: string[];
  malware: string[];
  tags: string[];
  ownerId: string | null;
  teamId: string | null;
}

export type DraftErrors = Partial<Record<keyof IncidentDraft | KeyTimeName, string>>;

export function emptyDraft(zone: string): IncidentDraft {
  const keyTimes = Object.fromEntries(KEY_TIME_NAMES.map((n) => [n, { local: '', zone }])) as Record<KeyTimeName, KeyTimeDraft>;
  return {
    title: '',
    summary: '',
    categoryId: null,
    severity: null,
    tlp: 'AMBER',
    keyTimes,
    platforms: [],
    cves: [],
    threatActors: [],
    malware: [],
    tags: [],
    ownerId: null,
    teamId: null,
  };
}

export function draftFromIncident(incident: Incident, viewerZone: string): IncidentDraft {
  const keyTimes = Object.fromEntries(
    KEY_TIME_NAMES.map((n) => {
      const time = incident.keyTimes[n];
      return [n, time ? { local: isoToZoned(time.at, time.timeZone), zone: time.timeZone } : { local: '', zone: viewerZone }];
    }),
  ) as Record<KeyTimeName, KeyTimeDraft>;
  return {
    title: incident.title,
    summary: incident.summary,
    categoryId: incident.category?.id ?? null,
    severity: incident.severity,
    tlp: incident.tlp,
    keyTimes,
    platforms: incident.platforms,
    cves: incident.cves,
    threatActors: incident.threatActors,
    malware: incident.malware,
    tags: incident.tags,
    ownerId: incident.owner?.id ?? null,
    teamId: incident.team?.id ?? null,
  };
}

export function validateDraft(draft: IncidentDraft): DraftErrors {
  const errors: DraftErrors = {};
  if (!draft.title.trim()) errors.title = 'Give the incident a title.';
  if (!draft.severity) errors.severity = 'Choose a severity.';
  if (!draft.tlp) errors.tlp = 'Choose a TLP marking.';
  const badCves = draft.cves.filter((c) => !CVE_ID.test(c));
  if (badCves.length) errors.cves = `Not a CVE identifier (CVE-YYYY-NNNN): ${badCves.join(', ')}`;
  for (const name of KEY_TIME_NAMES) {
    const time = draft.keyTimes[name];
    if (!time.local) continue;
    const iso = zonedToIso(time.local, time.zone);
    if (!iso) errors[name] = 'Enter a date and time.';
    else if (new Date(iso).getTime() > Date.now() + 60_000) errors[name] = 'This time is in the future.';
  }
  return errors;
}

function keyTimesBody(draft: IncidentDraft): NonNullable<CreateIncidentBody['keyTimes']> {
  const out: NonNullable<CreateIncidentBody['keyTimes']> = {};
  for (const name of KEY_TIME_NAMES) {
    const time = draft.keyTimes[name];
    const at = time.local ? zonedToIso(time.local, time.zone) : null;
    out[name] = at ? { at, timeZone: time.zone } : null;
  }
  return out;
}

export function draftToCreateBody(draft: IncidentDraft): CreateIncidentBody {
  const keyTimes = Object.fromEntries(Object.entries(keyTimesBody(draft)).filter(([, v]) => v !== null));
  return {
    title: draft.title.trim(),
    severity: draft.severity as Severity,
    tlp: draft.tlp as Tlp,
    ...(draft.summary.trim() ? { summary: draft.summary } : {}),
    ...(draft.categoryId ? { categoryId: draft.categoryId } : {}),
    ...(Object.keys(keyTimes).length ? { keyTimes } : {}),
    ...(draft.platforms.length ? { platforms: draft.platforms } : {}),
    ...(draft.cves.length ? { cves: draft.cves } : {}),
    ...(draft.threatActors.length ? { threatActors: draft.threatActors } : {}),
    ...(draft.malware.length ? { malware: draft.malware } : {}),
    ...(draft.tags.length ? { tags: draft.tags } : {}),
    ...(draft.ownerId ? { ownerId: draft.ownerId } : {}),
    ...(draft.teamId ? { teamId: draft.teamId } : {}),
  };
}

/** Only what changed goes out, so an unchanged TLP never trips the rule on lowering it. */
export function draftToUpdateBody(draft: IncidentDraft, before: IncidentDraft, version: number): UpdateIncidentBody {
  const body: UpdateIncidentBody = { version };
  const changed = <K extends keyof IncidentDraft>(key: K) => JSON.stringify(draft[key]) !== JSON.stringify(before[key]);
  if (changed('title')) body.title = draft.title.trim();
  if (changed('summary')) body.summary = draft.summary;
  if (changed('categoryId')) body.categoryId = draft.categoryId;
  if (changed('severity') && draft.severity) body.severity = draft.severity;
  if (changed('tlp') && draft.tlp) body.tlp = draft.tlp;
  if (changed('keyTimes')) body.keyTimes = keyTimesBody(draft);
  if (changed('platforms')) body.platforms = draft.platforms;
  if (changed('cves')) body.cves = draft.cves;
  if (changed('threatActors')) body.threatActors = draft.threatActors;
  if (changed('malware')) body.malware = draft.malware;
  if (changed('tags')) body.tags = draft.tags;
  if (changed('ownerId')) body.ownerId = draft.ownerId;
  if (changed('teamId')) body.teamId = draft.teamId;
  return body;
}

const FIELD_BY_CODE: Record<string, keyof IncidentDraft> = {
  'incidents.invalid_owner': 'ownerId',
  'incidents.unknown_category': 'categoryId',
  'incidents.unknown_team': 'teamId',
  'incidents.tlp_downgrade_forbidden': 'tlp',
};

/** Places a server refusal next to the field it concerns, where the server names one. */
export function serverFieldErrors(error: unknown): DraftErrors {
  if (!isApiError(error)) return {};
  const field = FIELD_BY_CODE[error.code];
  if (field) return { [field]: error.message };
  const out: DraftErrors = {};
  if (Array.isArray(error.details)) {
    for (const detail of error.details as { path?: string; message?: string }[]) {
      const [top, second] = (detail.path ?? '').split('/').filter(Boolean);
      const key = (top === 'keyTimes' ? second : top) as keyof DraftErrors | undefined;
      if (key && !out[key]) out[key] = detail.message ?? 'is invalid';
    }
  }
  return out;
}
