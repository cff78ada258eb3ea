/** How incident vocabularies read and look in the app. */
import type { IncidentStatus, Severity, Tlp } from '#shared/incidents';

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  reported: 'Reported',
  triage: 'Triage',
  investigating: 'Investigating',
  coordinating: 'Coordinating',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const STATUS_COLORS: Record<IncidentStatus, string> = {
  reported: 'blue',
  triage: 'violet',
  investigating: 'orange',
  coordinating: 'cyan',
  resolved: 'teal',
  closed: 'gray',
};

export const SEVERITY_LABELS: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
export const SEVERITY_COLORS: Record<Severity, string> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };

/** TLP 2.0 as FIRST specifies it: the label's colour on a black background. */
export const TLP_COLORS: Record<Tlp, string> = {
  CLEAR: '#FFFFFF',
  GREEN: '#33FF00',
  AMBER: '#FFC000',
  'AMBER+STRICT': '#FFC000',
  RED: '#FF2B2B',
};

export const TLP_DESCRIPTIONS: Record<Tlp, string> = {
  CLEAR: 'Disclosure is not limited.',
  GREEN: 'Limited disclosure, within the community.',
  AMBER: 'Limited disclosure, to the recipients’ organizations and their clients on a need-to-know basis.',
  'AMBER+STRICT': 'Limited disclosure, to the recipients’ organizations only.',
  RED: 'For the eyes and ears of individual recipients only.',
};

export const SORT_OPTIONS = [
  { value: 'updated_desc', label: 'Recently updated' },
  { value: 'created_desc', label: 'Newest first' },
  { value: 'created_asc', label: 'Oldest first' },
  { value: 'severity_desc', label: 'Most severe first' },
  { value: 'reference_asc', label: 'By reference' },
] as const;

export const KEY_TIME_LABELS = {
  occurred: 'Occurred',
  detected: 'Detected',
  noticed: 'Noticed',
  reported: 'Reported',
} as const;
export type KeyTimeName = keyof typeof KEY_TIME_LABELS;
export const KEY_TIME_NAMES = Object.keys(KEY_TIME_LABELS) as KeyTimeName[];
