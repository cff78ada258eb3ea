/** Incident vocabularies shared by the server (which enforces them) and the web app. */

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['reported', 'triage', 'investigating', 'coordinating', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Allowed moves; going back from resolved or closed is a reopen and needs a reason. */
export const STATUS_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  reported: ['triage', 'investigating', 'resolved'],
  triage: ['investigating', 'coordinating', 'resolved'],
  investigating: ['coordinating', 'resolved'],
  coordinating: ['investigating', 'resolved'],
  resolved: ['closed', 'investigating', 'coordinating'],
  closed: ['investigating', 'coordinating'],
};

export function statusNeedsReason(from: IncidentStatus, to: IncidentStatus): boolean {
  return to === 'resolved' || to === 'closed' || from === 'resolved' || from === 'closed';
}

/** TLP 2.0 labels, from the most to the least shareable. */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export function tlpRank(tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp);
}

export const PARTICIPANT_ROLES = ['affected_platform', 'suspected_vendor', 'reporter', 'victim', 'partner_authority', 'other'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  affected_platform: 'Affected platform',
  suspected_vendor: 'Suspected vendor',
  reporter: 'Reporter',
  victim: 'Victim',
  partner_authority: 'Partner authority',
  other: 'Other',
};

export const DATE_PRECISIONS = ['year', 'month', 'day', 'minute'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const SOURCE_KINDS = ['document', 'statement', 'meeting', 'correspondence', 'observation', 'system'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const CVE_ID = /^CVE-(19|20)\d{2}-\d{4,7}$/;
