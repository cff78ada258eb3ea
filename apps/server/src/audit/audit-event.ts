/**
 * What one audit row says. Action names are `module.verb_past` (`user.created`); the
 * list below is the full vocabulary, so a typo is a type error, not a silent new action.
 */
export const AUDIT_ACTIONS = [
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.logout',
  'auth.logout_everywhere',
  'auth.password_set',
  'auth.password_changed',
  'auth.totp_enabled',
  'auth.totp_disabled',
  'auth.recovery_code_used',
  'token.created',
  'token.revoked',
  'token.used',
  'user.created',
  'user.updated',
  'user.setup_link_issued',
  'organization.created',
  'organization.updated',
  'audit.exported',
  'incident.created',
  'incident.updated',
  'incident.status_changed',
  'incident.affected_count_set',
  'incident.linked',
  'incident.opened_by_participant',
  'participant.added',
  'participant.updated',
  'participant.removed',
  'timeline.entry_added',
  'timeline.entry_corrected',
  'timeline.conflict_marked',
  'timeline.exported',
  'saved_filter.saved',
  'incident.member_set',
  'incident.member_removed',
  'team.created',
  'team.updated',
  'job.retried',
  'incident_category.created',
  'incident_category.updated',
  'saved_filter.deleted',
  'backup.created',
  'backup.restored',
  'notice.created',
  'notice.updated',
  'notice.approved',
  'notice.issued',
  'notice.acknowledged',
  'notice.withdrawn',
  'notice.closed',
  'notice.response_saved',
  'notice.response_submitted',
  'notice.attachment_uploaded',
  'notice.attachment_downloaded',
  'notice.attachment_deleted',
  'notice.answer_assessed',
  'notice.clarification_created',
  'notice.extension_requested',
  'notice.extension_decided',
  'notice.escalated',
  'legal_basis.created',
  'legal_basis.updated',
  'holiday_calendar.created',
  'holiday_calendar.updated',
  'notice.marked_overdue',
  'engagement.created',
  'engagement.updated',
  'demo.loaded',
  'mail.bounced',
  'mail.delayed',
  'obligation_rule.created',
  'obligation_rule.updated',
  'obligation_rule.installed',
  'obligations.recomputed',
  'obligations.exported',
  'obligation_facts.set',
  'obligation.linked',
  'incident_report.submitted',
  'incident_report.reviewed',
  'register.person_added',
  'register.person_updated',
  'register.revealed',
  'register.exported',
  'register.imported',
  'register.looked_up',
  'register.read_refused',
  'register.listed',
  'register.access_granted',
  'register.access_revoked',
  'register.keys_rotated',
  'register.erased',
  'register.settings_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it, from where, in which request: taken from the request, passed to services. */
export interface Actor {
  userId: string | null;
  organizationId: string | null;
  via: 'session' | 'token' | 'cli' | 'system' | 'anonymous';
  tokenId?: string;
  requestId: string | null;
  clientAddress: string | null;
}

export interface AuditEventInput {
  action: AuditAction;
  targetType?: string;
  targetIds?: string[];
  before?: unknown;
  after?: unknown;
}

export const SYSTEM_ACTOR: Actor = {
  userId: null,
  organizationId: null,
  via: 'system',
  requestId: null,
  clientAddress: null,
};
