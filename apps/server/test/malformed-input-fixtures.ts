/**
 * What the malformed-input suite starts from: the records its requests point at, a valid
 * body and valid path ids per route (each fault then spoils one place), and the incident and
 * register those records live in.
 */
import assert from 'node:assert/strict';
import type { NoticeTargets } from '../src/modules/notices/notice-test-fixtures.ts';
import type { SeedWorld } from './seed.ts';
import type { Session, TestApp } from './test-app.ts';

export interface Fixtures {
  world: SeedWorld;
  adminTokenId: string;
  failedJobId: string;
  incidentId: string;
  otherIncidentId: string;
  participantId: string;
  entryIds: [string, string];
  savedFilterId: string;
  teamId: string;
  categoryId: string;
  engagementId: string;
  /** A report organization A filed on the incident, at version 1. */
  reportId: string;
  /** Notices in the states their routes act on (modules/notices/notice-test-fixtures.ts). */
  notices: NoticeTargets;
  /** A person in the incident's register, at version 1; the admin holds a live grant for it. */
  affectedPersonId: string;
  /** The analyst's live grant for the incident's register. */
  registerGrantId: string;
}

/** A valid body per route, the starting point that each body fault spoils in one place. */
export const VALID_BODIES: Record<string, (f: Fixtures) => Record<string, unknown>> = {
  login: (f) => ({ email: f.world.users.admin.email, password: f.world.users.admin.password }),
  logout: () => ({ everywhere: true }),
  completePasswordSetup: () => ({ token: 'A'.repeat(43), password: 'Lantern-Rivet-Orchard-42' }),
  changePassword: (f) => ({ currentPassword: f.world.users.admin.password, newPassword: f.world.users.admin.password }),
  confirmTotpEnrolment: () => ({ code: '123456' }),
  disableTotp: (f) => ({ password: f.world.users.admin.password }),
  createApiToken: () => ({ name: 'fuzz', expiresInDays: 30 }),
  createUser: (f) => ({ email: 'fuzz-user@casebook.test', name: 'Fuzz User', role: 'org_member', organizationId: f.world.orgA.id }),
  updateUser: () => ({ version: 1, name: 'Fuzz Rename' }),
  createOrganization: () => ({ name: 'Fuzz Organization', kind: 'vendor', shortName: 'FZ', jurisdiction: 'DE', sectors: ['telecom'] }),
  setObligationFacts: () => ({
    facts: [{ fact: 'aware_at', at: '2025-03-03T04:30:00Z', timeZone: 'Asia/Kolkata', source: 'Platform statement' }],
  }),
  linkObligationEntry: (f) => ({ organizationId: f.world.orgA.id, ruleCode: 'in-certin-r12-2013', timelineEntryId: f.entryIds[0] }),
  createRule: () => ({ pack: 'local', definition: { code: 'fuzz-rule' }, enabled: true }),
  submitIncidentReport: (f) => ({
    ruleCode: 'in-certin-6h',
    externalReference: 'FUZZ-REPORT-2',
    incidentId: f.incidentId,
    answers: { description: 'Fuzz report' },
    facts: [{ fact: 'noticed_at', at: '2025-03-03T04:30:00Z', timeZone: 'Asia/Kolkata' }],
  }),
  reviewIncidentReport: () => ({ verdict: 'revision_required', comment: 'Fuzz comment' }),
  updateRule: () => ({ enabled: true, disabledNote: 'Reviewed', changeReason: 'Fuzz', confirm: false }),
  updateOrganization: () => ({
    version: 1,
    name: 'Fuzz Rename',
    shortName: 'FR',
    jurisdiction: 'DE',
    sectors: ['telecom'],
    regulatedAs: ['controller'],
    operatesIn: ['US-TX'],
  }),
  createIncident: () => ({
    title: 'Fuzz incident',
    severity: 'high',
    tlp: 'AMBER',
    cves: ['CVE-2019-3568'],
    keyTimes: { occurred: { at: '2019-05-01T00:00:00Z', timeZone: 'Asia/Kolkata' } },
  }),
  updateIncident: () => ({ version: 99, title: 'Fuzz rename' }),
  changeIncidentStatus: () => ({ version: 99, status: 'triage' }),
  setAffectedCount: () => ({ country: 'IN', count: 5, asOf: '2019-11-18', source: 'Fuzz source' }),
  linkIncidents: (f) => ({ otherIncidentId: f.otherIncidentId }),
  addParticipant: (f) => ({ organizationId: f.world.orgB.id, role: 'other' }),
  updateParticipant: () => ({ version: 99, note: 'Fuzz note' }),
  addTimelineEntry: () => ({
    occurredAt: '2019-07-26T00:00:00Z',
    precision: 'day',
    timeZone: 'Asia/Kolkata',
    text: 'Fuzz entry',
    source: { kind: 'meeting', title: 'Fuzz minutes' },
    tlp: 'AMBER',
  }),
  updateTimelineEntry: () => ({ revision: 99, reason: 'Fuzz correction', text: 'Fuzz text' }),
  markConflict: (f) => ({ entryA: f.entryIds[0], entryB: f.entryIds[1], note: 'Fuzz conflict' }),
  setIncidentMember: () => ({ access: 'write' }),
  createIncidentCategory: () => ({ code: 'fuzz-category', label: 'Fuzz category', rsitClass: 'fraud', rsitType: 'phishing' }),
  updateIncidentCategory: () => ({ label: 'Fuzz relabel', active: false }),
  saveFilter: () => ({ name: 'Fuzz filter', filter: { status: ['triage'], q: 'spyware' } }),
  createTeam: (f) => ({ name: 'Fuzz team', memberIds: [f.world.users.analyst.id] }),
  updateTeam: (f) => ({ name: 'Fuzz team renamed', memberIds: [f.world.users.analyst.id] }),
  createEngagement: (f) => ({
    kind: 'meeting',
    title: 'Fuzz meeting',
    occurredAt: '2019-07-25T18:30:00Z',
    precision: 'day',
    timeZone: 'Asia/Kolkata',
    location: 'New Delhi',
    agenda: 'Agenda',
    minutes: 'Minutes',
    tlp: 'AMBER',
    attendees: [{ organizationId: f.world.orgA.id, name: 'Fuzz attendee', role: 'chief executive' }],
    actions: [{ text: 'Fuzz action', ownerOrganizationId: f.world.orgA.id, dueOn: '2019-08-01' }],
    disclosures: [{ topic: 'vulnerability', organizationId: f.world.orgA.id, state: 'not_asked', detail: 'Not raised' }],
  }),
  updateEngagement: () => ({ version: 99, title: 'Fuzz correction', reason: 'Fuzz reason' }),
  createNotice: (f) => ({
    organizationId: f.world.orgA.id,
    kind: 'call_for_information',
    legalBasisId: f.notices.basisId,
    subject: 'Fuzz notice',
    body: 'Fuzz body',
    tlp: 'AMBER',
    dueMode: 'from_basis',
    dueAmount: 3,
    dueUnit: 'business_days',
    calendarId: f.notices.calendarId,
    timeZone: 'Asia/Kolkata',
    questions: [{ text: 'Fuzz question', requiresAttachment: true }],
    recipientIds: [f.world.users.org_admin.id],
  }),
  updateNotice: () => ({ version: 99, subject: 'Fuzz subject', dueMode: 'fixed', dueAt: '2099-01-01T00:00:00Z' }),
  approveNotice: () => ({ version: 99 }),
  issueNotice: () => ({ version: 99 }),
  withdrawNotice: () => ({ version: 99, reason: 'Fuzz reason' }),
  closeNotice: () => ({ version: 99 }),
  previewNoticeDue: (f) => ({
    from: '2019-11-26T10:00:00Z',
    dueMode: 'from_basis',
    dueAmount: 3,
    dueUnit: 'business_days',
    calendarId: f.notices.calendarId,
    timeZone: 'Asia/Kolkata',
  }),
  saveResponseDraft: (f) => ({ version: 0, answers: [{ questionId: f.notices.issued.questionId, text: 'Fuzz answer' }] }),
  submitResponse: () => ({ version: 1 }),
  assessAnswer: () => ({ verdict: 'partial', comment: 'Fuzz comment' }),
  requestExtension: () => ({ reason: 'Fuzz reason', requestedDueAt: '2099-01-01T00:00:00Z' }),
  decideExtension: () => ({ decision: 'grant', grantedDueAt: '2099-01-01T00:00:00Z', note: 'Fuzz note' }),
  escalateNotice: () => ({ provision: 'Fuzz provision', note: 'Fuzz note' }),
  createLegalBase: (f) => ({
    code: 'fuzz-basis',
    instrument: 'Fuzz Act',
    clause: 's.1',
    summary: 'Fuzz summary',
    dueAmount: 3,
    dueUnit: 'hours',
    penaltyProvision: 'Fuzz penalty',
    calendarId: f.notices.calendarId,
  }),
  updateLegalBase: (f) => ({
    summary: 'Fuzz summary',
    dueAmount: 5,
    dueUnit: 'calendar_days',
    calendarId: f.notices.calendarId,
    active: false,
  }),
  revealAffectedPersons: (f) => ({ purpose: 'other', purposeText: 'Fuzz purpose', personIds: [f.affectedPersonId] }),
  // Identifiers other than the registered person's, so that a request gone through would add a person rather than be a duplicate.
  addAffectedPerson: (f) => ({
    name: 'Fuzz Person',
    phone: '+919800000999',
    email: 'fuzz-person@example.org',
    account: '@fuzz_person',
    notes: 'Fuzz notes',
    country: 'IN',
    category: 'journalist',
    affectedHow: 'targeted',
    sourceOrganizationId: f.world.orgA.id,
    sourceReference: 'FUZZ-REF-2',
  }),
  updateAffectedPerson: () => ({
    version: 1,
    name: 'Fuzz Rename',
    country: 'IN',
    category: 'lawyer',
    notificationStatus: 'notified',
    notifiedOn: '2019-11-20',
    notifiedChannel: 'phone',
  }),
  lookupIdentifier: () => ({ kind: 'phone', value: '+919800000101', purpose: 'other', purposeText: 'Fuzz purpose' }),
  importAffectedPersons: () => ({
    csv: 'Name,Mobile\nFuzz Import,+919800000888\n',
    mapping: { name: 'Name', phone: 'Mobile' },
    defaults: { country: 'IN', category: 'other', affectedHow: 'targeted' },
    dryRun: true,
  }),
  exportAffectedPersons: () => ({ purpose: 'other', purposeText: 'Fuzz purpose', status: 'not_notified', country: 'IN' }),
  updateRegisterSettings: () => ({ version: 1, retainUntil: '2099-12-31' }),
  grantRegisterAccess: (f) => ({
    userId: f.world.users.coordinator.id,
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    reason: 'Fuzz reason',
  }),
  createHolidayCalendar: () => ({
    code: 'FUZZ',
    name: 'Fuzz calendar',
    timeZone: 'Europe/Paris',
    weekendDays: [0, 6],
    holidays: [{ day: '2027-07-14', name: 'Fuzz holiday' }],
  }),
  updateHolidayCalendar: () => ({
    name: 'Fuzz calendar',
    timeZone: 'Asia/Kolkata',
    weekendDays: [0, 6],
    holidays: [{ day: '2027-01-26', name: 'Fuzz holiday' }],
  }),
};

/** Real path ids per route, so that only the fault under test stands between a request and a change. */
export const VALID_PARAMS: Record<string, (f: Fixtures) => Record<string, string>> = {
  revokeApiToken: (f) => ({ id: f.adminTokenId }),
  getUser: (f) => ({ id: f.world.users.org_member.id }),
  updateUser: (f) => ({ id: f.world.users.org_member.id }),
  createPasswordSetupLink: (f) => ({ id: f.world.users.org_member.id }),
  getOrganization: (f) => ({ id: f.world.orgA.id }),
  updateOrganization: (f) => ({ id: f.world.orgA.id }),
  retryJob: (f) => ({ name: 'auth.purge_expired', id: f.failedJobId }),
  getIncident: (f) => ({ id: f.incidentId }),
  updateIncident: (f) => ({ id: f.incidentId }),
  changeIncidentStatus: (f) => ({ id: f.incidentId }),
  setAffectedCount: (f) => ({ id: f.incidentId }),
  linkIncidents: (f) => ({ id: f.incidentId }),
  listParticipants: (f) => ({ id: f.incidentId }),
  addParticipant: (f) => ({ id: f.incidentId }),
  updateParticipant: (f) => ({ id: f.incidentId, participantId: f.participantId }),
  removeParticipant: (f) => ({ id: f.incidentId, participantId: f.participantId }),
  listTimeline: (f) => ({ id: f.incidentId }),
  addTimelineEntry: (f) => ({ id: f.incidentId }),
  updateTimelineEntry: (f) => ({ id: f.incidentId, entryId: f.entryIds[0] }),
  listTimelineRevisions: (f) => ({ id: f.incidentId, entryId: f.entryIds[0] }),
  markConflict: (f) => ({ id: f.incidentId }),
  exportTimeline: (f) => ({ id: f.incidentId }),
  listIncidentMembers: (f) => ({ id: f.incidentId }),
  setIncidentMember: (f) => ({ id: f.incidentId, userId: f.world.users.analyst.id }),
  removeIncidentMember: (f) => ({ id: f.incidentId, userId: f.world.users.analyst.id }),
  deleteSavedFilter: (f) => ({ id: f.savedFilterId }),
  updateTeam: (f) => ({ id: f.teamId }),
  updateIncidentCategory: (f) => ({ id: f.categoryId }),
  listEngagements: (f) => ({ id: f.incidentId }),
  createEngagement: (f) => ({ id: f.incidentId }),
  getEngagement: (f) => ({ id: f.engagementId }),
  updateEngagement: (f) => ({ id: f.engagementId }),
  listDisclosures: (f) => ({ id: f.incidentId }),
  createNotice: (f) => ({ id: f.notices.incidentId }),
  getNotice: (f) => ({ noticeId: f.notices.issued.id }),
  updateNotice: (f) => ({ noticeId: f.notices.draftId }),
  approveNotice: (f) => ({ noticeId: f.notices.draftId }),
  issueNotice: (f) => ({ noticeId: f.notices.approvedId }),
  withdrawNotice: (f) => ({ noticeId: f.notices.issued.id }),
  closeNotice: (f) => ({ noticeId: f.notices.respondedId }),
  getNoticePdf: (f) => ({ noticeId: f.notices.issued.id }),
  listNoticeMail: (f) => ({ noticeId: f.notices.issued.id }),
  explainObligation: () => ({ obligationId: '00000000-0000-4000-8000-000000000001' }),
  listObligationFacts: (f) => ({ id: f.incidentId }),
  linkObligationEntry: (f) => ({ id: f.incidentId }),
  setObligationFacts: (f) => ({ id: f.incidentId, organizationId: f.world.orgA.id }),
  updateRule: () => ({ ruleId: '00000000-0000-4000-8000-000000000002' }),
  getIncidentReport: (f) => ({ reportId: f.reportId }),
  reviewIncidentReport: (f) => ({ reportId: f.reportId, version: '1' }),
  saveResponseDraft: (f) => ({ noticeId: f.notices.issued.id }),
  submitResponse: (f) => ({ noticeId: f.notices.issued.id }),
  uploadAttachment: (f) => ({ noticeId: f.notices.issued.id, questionId: f.notices.issued.questionId }),
  // A draft's attachment: an administrator reading it would be an audited download, so the target is one staff may not read yet.
  getAttachment: (f) => ({ attachmentId: f.notices.draftAttachmentId }),
  deleteAttachment: (f) => ({ attachmentId: f.notices.draftAttachmentId }),
  assessAnswer: (f) => ({ noticeId: f.notices.respondedId, questionId: f.notices.respondedQuestionId }),
  createClarification: (f) => ({ noticeId: f.notices.assessedPartialId }),
  requestExtension: (f) => ({ noticeId: f.notices.issued.id }),
  decideExtension: (f) => ({ extensionId: f.notices.extensionId }),
  escalateNotice: (f) => ({ noticeId: f.notices.overdueId }),
  getOrganizationCompliance: (f) => ({ id: f.world.orgA.id }),
  updateLegalBase: (f) => ({ legalBasisId: f.notices.basisId }),
  updateHolidayCalendar: (f) => ({ calendarId: f.notices.calendarId }),
  getAffectedCounts: (f) => ({ id: f.incidentId }),
  listAffectedPersons: (f) => ({ id: f.incidentId }),
  revealAffectedPersons: (f) => ({ id: f.incidentId }),
  addAffectedPerson: (f) => ({ id: f.incidentId }),
  updateAffectedPerson: (f) => ({ id: f.incidentId, personId: f.affectedPersonId }),
  listRegisterGrants: (f) => ({ id: f.incidentId }),
  grantRegisterAccess: (f) => ({ id: f.incidentId }),
  revokeRegisterAccess: (f) => ({ id: f.incidentId, grantId: f.registerGrantId }),
  listSuppliedPersons: (f) => ({ id: f.incidentId }),
  importAffectedPersons: (f) => ({ id: f.incidentId }),
  exportAffectedPersons: (f) => ({ id: f.incidentId }),
  getRegisterSettings: (f) => ({ id: f.incidentId }),
  updateRegisterSettings: (f) => ({ id: f.incidentId }),
};

/** An incident with a participant (org A), two chronology entries and a second incident to link to. */
export async function createIncidentFixture(t: TestApp, admin: Session) {
  const make = async (title: string) => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/incidents',
      as: admin,
      payload: { title, severity: 'high', tlp: 'AMBER' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  };
  const incidentId = await make('Fuzz target');
  const otherIncidentId = await make('Fuzz link target');
  const participant = await t.request({
    method: 'POST',
    url: `/api/v1/incidents/${incidentId}/participants`,
    as: admin,
    payload: { organizationId: t.world.orgA.id, role: 'affected_platform' },
  });
  assert.equal(participant.statusCode, 201, participant.body);
  const entry = async (text: string) => {
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/timeline`,
      as: admin,
      payload: {
        occurredAt: '2019-07-26T00:00:00Z',
        precision: 'day',
        timeZone: 'Asia/Kolkata',
        text,
        source: { kind: 'statement' },
        tlp: 'AMBER',
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  };
  return {
    incidentId,
    otherIncidentId,
    participantId: participant.json().id as string,
    entryIds: [await entry('First account'), await entry('Second account')] as [string, string],
  };
}

/**
 * The incident's register with one person in it, added by the admin under a grant of their
 * own (kept, so that a refusal for want of one, which is audited, cannot pass for a write),
 * and a grant of the analyst's to revoke.
 */
export async function createRegisterFixture(t: TestApp, admin: Session, incidentId: string) {
  const grant = async (userId: string) => {
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/register-grants`,
      as: admin,
      payload: { userId, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: 'Fuzz target grant' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  };
  await grant(t.world.users.admin.id);
  const person = await t.request({
    method: 'POST',
    url: `/api/v1/incidents/${incidentId}/affected-persons`,
    as: admin,
    payload: {
      name: 'Fuzz Target Person',
      phone: '+919800000101',
      country: 'IN',
      category: 'journalist',
      affectedHow: 'targeted',
      sourceOrganizationId: t.world.orgA.id,
      sourceReference: 'FUZZ-REF-1',
    },
  });
  assert.equal(person.statusCode, 201, person.body);
  // The analyst's grant to revoke, written directly: the analyst need not see this incident for the fuzz to revoke it.
  const analystGrant = await t.testDb.database.db
    .insertInto('register_grants')
    .values({
      incident_id: incidentId,
      user_id: t.world.users.analyst.id,
      granted_by: t.world.users.admin.id,
      expires_at: new Date(Date.now() + 30 * 86_400_000),
      reason: 'Fuzz grant to revoke',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { affectedPersonId: person.json().id as string, registerGrantId: analystGrant.id };
}
