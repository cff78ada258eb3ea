/**
 * Who may call which API route: for every operationId, the answer each kind of caller
 * gets. Record targets live in organization A, so org A's users act on their own
 * records and org B's users ("foreign_*") act on records of an organization that is
 * not theirs, which must answer 404 where their role passes the route's permission.
 *
 * An expectation is a status, or "status code" when the error code matters. Without a
 * code: 401 means auth.required, 403 access.forbidden and 404 any `*.not_found`.
 */
import { SAMPLE_FILES, noticePayload } from '../src/modules/notices/notice-test-fixtures.ts';
import {
  ADMIN_ONLY, APPROVERS, EVERYONE_READS, READS_INCIDENT, RESPONDERS, SESSION_ONLY, WRITERS, approvesNotice, changesIncident, incidentFor, noticeFor, onIncident, passwordOf, respondsToNotice, type MatrixRow,
} from './access-matrix-expectations.ts';
import { REGISTER_ROWS } from './access-matrix-register.ts';

export * from './access-matrix-expectations.ts';

export const ACCESS_MATRIX: Record<string, MatrixRow> = {
  getHealth: {
    expect: { anonymous: 200, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  getOpenApiDocument: {
    expect: { anonymous: 200, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  login: {
    request: (t) => ({ payload: { email: t.world.users.viewer.email, password: t.world.users.viewer.password } }),
    expect: { anonymous: 200, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  completePasswordSetup: {
    request: async (t) => ({ payload: { token: await t.setupToken(), password: `Lantern-Rivet-${t.unique('pw')}` } }),
    expect: { anonymous: 200, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  logout: {
    request: () => ({ payload: {}, throwAwaySession: true }),
    expect: { anonymous: 401, admin: 204, coordinator: 204, analyst: 204, auditor: 204, viewer: 204, org_admin: 204, org_member: 204, foreign_admin: 204, foreign_member: 204, admin_token: SESSION_ONLY },
  },
  getMe: {
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  changePassword: {
    // The same password again: a valid change that keeps every later sign-in working.
    request: (t, caller) => ({ payload: { currentPassword: passwordOf(t, caller), newPassword: passwordOf(t, caller) } }),
    expect: { anonymous: 401, admin: 204, coordinator: 204, analyst: 204, auditor: 204, viewer: 204, org_admin: 204, org_member: 204, foreign_admin: 204, foreign_member: 204, admin_token: SESSION_ONLY },
  },
  beginTotpEnrolment: {
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: SESSION_ONLY },
  },
  confirmTotpEnrolment: {
    request: async (t, caller) => ({ payload: { code: await t.totpCode(caller) }, cleanup: () => t.disableTotp(caller) }),
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: SESSION_ONLY },
  },
  disableTotp: {
    request: (t, caller) => ({ payload: { password: passwordOf(t, caller) } }),
    expect: { anonymous: 401, admin: 204, coordinator: 204, analyst: 204, auditor: 204, viewer: 204, org_admin: 204, org_member: 204, foreign_admin: 204, foreign_member: 204, admin_token: SESSION_ONLY },
  },
  listApiTokens: {
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  createApiToken: {
    request: (t) => ({ payload: { name: t.unique('token'), expiresInDays: 7 } }),
    expect: { anonymous: 401, admin: 201, coordinator: 201, analyst: 201, auditor: 201, viewer: 201, org_admin: 201, org_member: 201, foreign_admin: 201, foreign_member: 201, admin_token: SESSION_ONLY },
  },
  revokeApiToken: {
    // A token is its owner's alone: anyone else, an administrator included, is told it does not exist.
    request: async (t) => ({ params: { id: await t.orgMemberTokenId() } }),
    expect: { anonymous: 401, admin: 404, coordinator: 404, analyst: 404, auditor: 404, viewer: 404, org_admin: 404, org_member: 204, foreign_admin: 404, foreign_member: 404, admin_token: SESSION_ONLY },
  },
  listUsers: {
    request: (t) => ({ query: `organizationId=${t.world.orgA.id}` }),
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 403, foreign_admin: 200, foreign_member: 403, admin_token: 200 },
  },
  getUser: {
    request: (t) => ({ params: { id: t.world.users.org_member.id } }),
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 403, foreign_admin: 404, foreign_member: 403, admin_token: 200 },
  },
  createUser: {
    request: (t) => ({ payload: { email: `${t.unique('user')}@casebook.test`, name: 'Matrix User', role: 'org_member', organizationId: t.world.orgA.id } }),
    expect: { anonymous: 401, admin: 201, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 201, org_member: 403, foreign_admin: 404, foreign_member: 403, admin_token: 201 },
  },
  updateUser: {
    request: async (t) => ({ params: { id: t.spareUserId }, payload: { version: await t.userVersion(t.spareUserId), name: t.unique('Renamed') } }),
    expect: { anonymous: 401, admin: 200, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 200, org_member: 403, foreign_admin: 404, foreign_member: 403, admin_token: 200 },
  },
  createPasswordSetupLink: {
    request: (t) => ({ params: { id: t.spareUserId } }),
    expect: { anonymous: 401, admin: 200, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 200, org_member: 403, foreign_admin: 404, foreign_member: 403, admin_token: 200 },
  },
  listOrganizations: {
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  getOrganization: {
    request: (t) => ({ params: { id: t.world.orgA.id } }),
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 404, foreign_member: 404, admin_token: 200 },
  },
  createOrganization: {
    request: (t) => ({ payload: { name: t.unique('Organization'), kind: 'vendor', jurisdiction: 'IL', sectors: ['surveillance'] } }),
    expect: { anonymous: 401, admin: 201, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 201 },
  },
  updateOrganization: {
    request: async (t) => ({ params: { id: t.world.orgA.id }, payload: { version: await t.organizationVersion(t.world.orgA.id), shortName: t.unique('A').slice(0, 40) } }),
    expect: ADMIN_ONLY(200),
  },
  listAuditEvents: {
    expect: { anonymous: 401, admin: 200, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 200 },
  },
  listFailedJobs: {
    expect: { anonymous: 401, admin: 200, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 200 },
  },
  listMailMessages: {
    expect: { anonymous: 401, admin: 200, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 200 },
  },
  listIncidents: {
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  createIncident: {
    request: () => ({ payload: { title: 'Matrix incident', severity: 'medium', tlp: 'GREEN' } }),
    expect: { anonymous: 401, admin: 201, coordinator: 201, analyst: 201, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 201 },
  },
  getIncident: {
    request: async (t) => ({ params: { id: (await t.incident(false)).id } }),
    expect: READS_INCIDENT,
  },
  updateIncident: {
    request: async (t, caller) => {
      const incident = await incidentFor(t, caller);
      return { params: { id: incident.id }, payload: { version: incident.version, title: t.unique('Renamed incident') } };
    },
    expect: changesIncident(200),
  },
  changeIncidentStatus: {
    request: async (t, caller) => {
      const incident = await incidentFor(t, caller);
      return { params: { id: incident.id }, payload: { version: incident.version, status: 'triage' } };
    },
    expect: changesIncident(200),
  },
  setAffectedCount: {
    request: async (t, caller) => ({ params: { id: (await incidentFor(t, caller)).id }, payload: { country: 'IN', count: 121, asOf: '2019-11-18', source: 'Platform response' } }),
    expect: changesIncident(200),
  },
  linkIncidents: {
    request: async (t, caller) => ({ params: { id: (await incidentFor(t, caller)).id }, payload: { otherIncidentId: (await incidentFor(t, caller)).id } }),
    expect: changesIncident(200),
  },
  listIncidentCategories: {
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  listParticipants: {
    request: async (t) => ({ params: { id: (await t.incident(false)).id } }),
    expect: READS_INCIDENT,
  },
  addParticipant: {
    request: async (t, caller) => ({ params: { id: (await incidentFor(t, caller)).id }, payload: { organizationId: t.world.orgB.id, role: 'suspected_vendor' } }),
    expect: changesIncident(201),
  },
  updateParticipant: {
    request: async (t, caller) => {
      const incident = await incidentFor(t, caller);
      return { params: { id: incident.id, participantId: incident.participantId }, payload: { version: 1, note: 'Updated by the matrix' } };
    },
    expect: changesIncident(200),
  },
  removeParticipant: {
    request: async (t, caller) => {
      const incident = await incidentFor(t, caller);
      return { params: { id: incident.id, participantId: incident.participantId } };
    },
    expect: changesIncident(204),
  },
  listTimeline: {
    request: async (t) => ({ params: { id: (await t.incident(false)).id } }),
    expect: READS_INCIDENT,
  },
  addTimelineEntry: {
    request: async (t, caller) => ({
      params: { id: (await incidentFor(t, caller)).id },
      payload: { occurredAt: '2019-09-11T05:30:00Z', precision: 'day', timeZone: 'Asia/Kolkata', text: 'Second meeting with the platform', source: { kind: 'meeting', title: 'Minutes' }, tlp: 'AMBER' },
    }),
    expect: changesIncident(201),
  },
  updateTimelineEntry: {
    request: async (t, caller) => {
      const incident = await incidentFor(t, caller);
      return { params: { id: incident.id, entryId: incident.entryIds[0] }, payload: { revision: 1, reason: 'Date corrected from the minutes', text: 'Corrected text' } };
    },
    expect: changesIncident(200),
  },
  listTimelineRevisions: {
    // Correction history is internal: a participant sees the entry shared with it, never its earlier wording.
    request: async (t) => {
      const incident = await t.incident(false);
      return { params: { id: incident.id, entryId: incident.entryIds[0] } };
    },
    expect: { ...READS_INCIDENT, org_admin: 404, org_member: 404 },
  },
  markConflict: {
    request: async (t, caller) => {
      const incident = await incidentFor(t, caller);
      return { params: { id: incident.id }, payload: { entryA: incident.entryIds[0], entryB: incident.entryIds[1], note: 'Dates differ' } };
    },
    expect: changesIncident(201),
  },
  exportTimeline: {
    request: async (t) => ({ params: { id: (await t.incident(false)).id }, query: 'format=markdown' }),
    expect: READS_INCIDENT,
  },
  listIncidentMembers: {
    // Who works on an incident is the CERT's business: outside organizations are told it does not exist.
    request: async (t) => ({ params: { id: (await t.incident(false)).id } }),
    expect: { ...READS_INCIDENT, org_admin: 404, org_member: 404 },
  },
  setIncidentMember: {
    request: async (t, caller) => ({ params: { id: (await incidentFor(t, caller)).id, userId: t.world.users.auditor.id }, payload: { access: 'read' } }),
    expect: changesIncident(200),
  },
  removeIncidentMember: {
    request: async (t, caller) => ({ params: { id: (await incidentFor(t, caller)).id, userId: t.world.users.viewer.id } }),
    expect: changesIncident(204),
  },
  createIncidentCategory: {
    request: (t) => ({ payload: { code: t.unique('cat').toLowerCase().replace(/[^a-z0-9-]/g, '-'), label: 'Matrix category', rsitClass: 'fraud', rsitType: 'phishing' } }),
    expect: { anonymous: 401, admin: 201, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 201 },
  },
  updateIncidentCategory: {
    request: async (t) => ({ params: { id: await t.categoryId() }, payload: { description: 'Described by the matrix' } }),
    expect: { anonymous: 401, admin: 200, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 200 },
  },
  listSavedFilters: {
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 },
  },
  saveFilter: {
    request: (t) => ({ payload: { name: t.unique('Open critical'), filter: { status: ['triage', 'investigating'], severity: ['critical'] } } }),
    expect: { anonymous: 401, admin: 201, coordinator: 201, analyst: 201, auditor: 201, viewer: 201, org_admin: 201, org_member: 201, foreign_admin: 201, foreign_member: 201, admin_token: 201 },
  },
  deleteSavedFilter: {
    // A saved filter is its owner's alone, like an API token.
    request: async (t) => ({ params: { id: await t.orgMemberSavedFilterId() } }),
    expect: { anonymous: 401, admin: 404, coordinator: 404, analyst: 404, auditor: 404, viewer: 404, org_admin: 404, org_member: 204, foreign_admin: 404, foreign_member: 404, admin_token: 404 },
  },
  listTeams: {
    expect: { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 200 },
  },
  createTeam: {
    request: (t) => ({ payload: { name: t.unique('Team'), memberIds: [t.world.users.analyst.id] } }),
    expect: { anonymous: 401, admin: 201, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 201 },
  },
  updateTeam: {
    request: async (t) => ({ params: { id: await t.teamId() }, payload: { memberIds: [t.world.users.coordinator.id] } }),
    expect: { anonymous: 401, admin: 200, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 200 },
  },
  // Engagements are the CERT's own record: outside organizations lack the permission, and staff outside the incident get 404.
  listEngagements: {
    request: async (t) => ({ params: { id: (await t.incident(false)).id }, query: 'kind=meeting' }),
    expect: { ...READS_INCIDENT, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403 },
  },
  createEngagement: {
    request: async (t, caller) => ({
      params: { id: (await incidentFor(t, caller)).id },
      payload: {
        kind: 'meeting', title: 'Meeting with the platform', occurredAt: '2019-07-25T18:30:00Z', precision: 'day', timeZone: 'Asia/Kolkata', tlp: 'AMBER',
        attendees: [{ organizationId: t.world.orgA.id, name: 'Platform representative', role: 'vice-president for policy' }],
        disclosures: [{ topic: 'vulnerability', organizationId: t.world.orgA.id, state: 'not_asked' }],
      },
    }),
    expect: changesIncident(201),
  },
  getEngagement: {
    request: async (t) => ({ params: { id: (await t.engagement(false)).id } }),
    expect: { ...READS_INCIDENT, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403 },
  },
  updateEngagement: {
    request: async (t, caller) => {
      const engagement = await t.engagement(WRITERS.has(caller));
      return { params: { id: engagement.id }, payload: { version: engagement.version, minutes: 'Minutes agreed by both sides.' } };
    },
    expect: changesIncident(200),
  },
  listDisclosures: {
    request: async (t) => ({ params: { id: (await t.incident(false)).id }, query: 'topic=vulnerability' }),
    expect: { ...READS_INCIDENT, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403 },
  },
  listObligations: { expect: EVERYONE_READS },
  getComplianceSummary: { expect: EVERYONE_READS },
  exportObligations: { expect: EVERYONE_READS },
  explainObligation: {
    request: async (t) => ({ params: { obligationId: await t.obligationId() } }),
    expect: READS_INCIDENT,
  },
  listObligationFacts: {
    request: async (t) => ({ params: { id: (await t.incident(false)).id } }),
    expect: READS_INCIDENT,
  },
  setObligationFacts: {
    request: async (t, caller) => ({
      params: { id: (await incidentFor(t, caller)).id, organizationId: t.world.orgA.id },
      payload: { facts: [{ fact: 'aware_at', at: '2025-03-03T04:30:00Z', timeZone: 'Asia/Kolkata' }] },
    }),
    expect: changesIncident(200),
  },
  linkObligationEntry: {
    request: async (t, caller) => {
      const incident = await incidentFor(t, caller);
      return { params: { id: incident.id }, payload: { organizationId: t.world.orgA.id, ruleCode: 'in-certin-r12-2013', timelineEntryId: incident.entryIds[0] } };
    },
    expect: changesIncident(200),
  },
  listRules: { expect: EVERYONE_READS },
  createRule: {
    request: (t) => ({ payload: { definition: t.ruleDefinition() } }),
    expect: ADMIN_ONLY(201),
  },
  updateRule: {
    // Only the note changes: no new version, no confirmation needed.
    request: async (t) => ({ params: { ruleId: await t.ruleId('in-certin-r12-2013') }, payload: { disabledNote: null, changeReason: 'Reviewed' } }),
    expect: ADMIN_ONLY(200),
  },
  submitIncidentReport: {
    request: async (t) => ({
      payload: { ruleCode: 'eu-nis2-ew', externalReference: t.unique('matrix-report'), incidentId: (await t.incident(false)).id, answers: { suspected_malicious: 'No', cross_border: 'No' } },
    }),
    // Organization A's users file on the incident it takes part in; organization B is told the incident does not exist; staff file nothing.
    expect: { anonymous: 401, admin: 403, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 201, org_member: 201, foreign_admin: 404, foreign_member: 404, admin_token: 403 },
  },
  listIncidentReports: { expect: EVERYONE_READS },
  getIncidentReport: {
    request: async (t) => ({ params: { reportId: (await t.incidentReport()).id } }),
    expect: READS_INCIDENT,
  },
  reviewIncidentReport: {
    request: async (t) => {
      const report = await t.incidentReport();
      return { params: { reportId: report.id, version: String(report.version) }, payload: { verdict: 'accepted' } };
    },
    expect: approvesNotice(200),
  },
  listNotices: { expect: EVERYONE_READS },
  createNotice: {
    request: async (t) => ({ params: { id: (await t.incident(false)).id }, payload: noticePayload(t, await t.notices.basisId()) }),
    expect: changesIncident(201),
  },
  getNotice: {
    request: async (t) => ({ params: { noticeId: (await noticeFor('issued', false, async () => t.notices.issued(await onIncident(t)))).id } }),
    expect: READS_INCIDENT,
  },
  updateNotice: {
    request: async (t, caller) => {
      const notice = await noticeFor('draft', WRITERS.has(caller), async () => t.notices.draft(await onIncident(t)));
      return { params: { noticeId: notice.id }, payload: { version: notice.version, subject: t.unique('Revised subject') } };
    },
    expect: changesIncident(200),
  },
  approveNotice: {
    request: async (t, caller) => {
      const notice = await noticeFor('draft', APPROVERS.has(caller), async () => t.notices.draft(await onIncident(t)));
      return { params: { noticeId: notice.id }, payload: { version: notice.version } };
    },
    expect: approvesNotice(200),
  },
  issueNotice: {
    request: async (t, caller) => {
      const notice = await noticeFor('approved', APPROVERS.has(caller), async () => t.notices.approved(await onIncident(t)));
      return { params: { noticeId: notice.id }, payload: { version: notice.version } };
    },
    expect: approvesNotice(200),
  },
  withdrawNotice: {
    request: async (t, caller) => {
      const notice = await noticeFor('issued-to-withdraw', APPROVERS.has(caller), async () => t.notices.issued(await onIncident(t)));
      return { params: { noticeId: notice.id }, payload: { version: notice.version, reason: 'Sent in error' } };
    },
    expect: approvesNotice(200),
  },
  closeNotice: {
    request: async (t, caller) => {
      const notice = await noticeFor('responded', APPROVERS.has(caller), async () => t.notices.responded(await onIncident(t)));
      return { params: { noticeId: notice.id }, payload: { version: notice.version } };
    },
    expect: approvesNotice(200),
  },
  getNoticePdf: {
    request: async (t) => ({ params: { noticeId: (await noticeFor('issued', false, async () => t.notices.issued(await onIncident(t)))).id } }),
    expect: READS_INCIDENT,
  },
  listNoticeMail: {
    request: async (t) => ({ params: { noticeId: (await noticeFor('issued', false, async () => t.notices.issued(await onIncident(t)))).id } }),
    // Delivery records are the CERT's: the addressed organization's own users get 404 too.
    expect: { ...READS_INCIDENT, org_admin: 404, org_member: 404 },
  },
  previewNoticeDue: {
    request: () => ({ payload: { dueMode: 'from_basis', dueAmount: 3, dueUnit: 'calendar_days', timeZone: 'Asia/Kolkata' } }),
    expect: changesIncident(200),
  },
  saveResponseDraft: {
    request: async (t, caller) => {
      const notice = await noticeFor('issued-to-answer', RESPONDERS.has(caller), async () => t.notices.issued(await onIncident(t)));
      return { params: { noticeId: notice.id }, payload: { version: 0, answers: [{ questionId: notice.questions[0].id, text: 'About 121 users.' }] } };
    },
    expect: respondsToNotice(200),
  },
  submitResponse: {
    request: async (t, caller) => {
      const { notice } = await noticeFor('answered', RESPONDERS.has(caller), async () => t.notices.answered(await onIncident(t)));
      return { params: { noticeId: notice.id }, payload: { version: 1 } };
    },
    expect: respondsToNotice(200),
  },
  uploadAttachment: {
    request: async (t) => {
      const notice = await noticeFor('issued-to-attach', false, async () => t.notices.issued(await onIncident(t)));
      return { params: { noticeId: notice.id, questionId: notice.questions[0].id }, query: 'filename=iocs.txt', headers: { 'content-type': 'text/plain' }, payload: SAMPLE_FILES.text() };
    },
    expect: respondsToNotice(201),
  },
  getAttachment: {
    request: async (t) => ({ params: { attachmentId: (await noticeFor('submitted-attachment', false, () => t.notices.submittedAttachment())).attachmentId } }),
    expect: READS_INCIDENT,
  },
  deleteAttachment: {
    request: async (t, caller) => ({ params: { attachmentId: (await noticeFor('draft-attachment', RESPONDERS.has(caller), () => t.notices.draftAttachment())).attachmentId } }),
    expect: respondsToNotice(204),
  },
  assessAnswer: {
    request: async (t) => {
      const notice = await noticeFor('responded-to-assess', false, async () => t.notices.responded(await onIncident(t)));
      return { params: { noticeId: notice.id, questionId: notice.questions[0].id }, payload: { verdict: 'partial', comment: 'Numbers missing' } };
    },
    expect: changesIncident(201),
  },
  createClarification: {
    request: async (t) => ({ params: { noticeId: (await noticeFor('assessed-partial', false, () => t.notices.assessedPartial())).id } }),
    expect: changesIncident(201),
  },
  requestExtension: {
    request: async (t, caller) => {
      const notice = await noticeFor('issued-for-time', RESPONDERS.has(caller), async () => t.notices.issued(await onIncident(t)));
      return { params: { noticeId: notice.id }, payload: { reason: 'Logs are archived offline.', requestedDueAt: '2099-01-01T00:00:00Z' } };
    },
    expect: respondsToNotice(201),
  },
  decideExtension: {
    request: async (t, caller) => ({
      params: { extensionId: (await noticeFor('pending-extension', APPROVERS.has(caller), () => t.notices.pendingExtension())).extensionId },
      payload: { decision: 'grant', note: 'Granted as asked' },
    }),
    expect: approvesNotice(200),
  },
  escalateNotice: {
    request: async (t, caller) => ({ params: { noticeId: (await noticeFor('overdue', APPROVERS.has(caller), async () => t.notices.overdue(await onIncident(t)))).id }, payload: { note: 'No reply' } }),
    expect: approvesNotice(200),
  },
  getOrganizationCompliance: {
    request: (t) => ({ params: { id: t.world.orgA.id } }),
    expect: { ...EVERYONE_READS, foreign_admin: 404, foreign_member: 404 },
  },
  listLegalBases: { expect: EVERYONE_READS },
  createLegalBase: {
    request: (t) => ({ payload: { code: t.unique('basis').toLowerCase().replace(/[^a-z0-9-]/g, '-'), instrument: 'Matrix Act', clause: 's.1', summary: 'A provision for the matrix.' } }),
    expect: ADMIN_ONLY(201),
  },
  updateLegalBase: {
    request: async (t) => ({ params: { legalBasisId: await t.notices.basisId('in-certin-directions-2022-ii') }, payload: { active: true } }),
    expect: ADMIN_ONLY(200),
  },
  listHolidayCalendars: { expect: EVERYONE_READS },
  createHolidayCalendar: {
    request: (t) => ({ payload: { code: t.unique('CAL').toUpperCase(), name: 'Matrix calendar', timeZone: 'Europe/Paris', weekendDays: [0, 6], holidays: [{ day: '2027-07-14', name: 'Fête nationale' }] } }),
    expect: ADMIN_ONLY(201),
  },
  updateHolidayCalendar: {
    request: async (t) => ({ params: { calendarId: await t.notices.calendarId('IN') }, payload: { weekendDays: [0, 6] } }),
    expect: ADMIN_ONLY(200),
  },
  // The register of affected persons (access-matrix-register.ts).
  ...REGISTER_ROWS,
  retryJob: {
    request: async (t) => ({ params: await t.failedJob() }),
    expect: { anonymous: 401, admin: 204, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: 204 },
  },
};

export { ACCESS_MATRIX_VARIANTS } from './access-matrix-register.ts';
