/**
 * Turns notice rows into what the caller may see: the list item, and the whole notice
 * with its questions, answers, attachments, assessments, extensions, escalations and
 * clarification chain. An outside organization never sees the CERT's assessments or
 * escalations; staff see the organization's answers only once they are submitted.
 */
import type { Notice, NoticeListItem, NoticeQuestion } from '#shared/contracts/notices';
import type { Principal } from '../../access/principal.ts';
import type { IncidentScope } from '../incidents/incidents.scope.ts';
import { formatInZone } from './due-time.ts';
import { noticeAbilities } from './notices.policy.ts';
import { type Executor, type NoticeRow, ancestorIds, noticeQuery, userNames } from './notices.repository.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const ref = (id: string | null, names: Map<string, string>) => (id ? { id, name: names.get(id) ?? '' } : null);

export function presentListItem(principal: Principal, row: NoticeRow): NoticeListItem {
  const staff = principal.isStaff;
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    status: row.status,
    subject: row.subject,
    tlp: row.tlp,
    incident: { id: row.incident_id, reference: row.incident_reference, title: row.incident_title },
    organization: { id: row.organization_id, name: row.organization_name },
    legalBasis: row.legal_basis_id
      ? { id: row.legal_basis_id, code: row.lb_code ?? '', instrument: row.lb_instrument ?? '', clause: row.lb_clause ?? '', summary: row.lb_summary ?? '', penaltyProvision: row.lb_penalty ?? null }
      : null,
    parentId: row.parent_id,
    dueAt: iso(row.due_at),
    timeZone: row.time_zone,
    dueLocal: row.due_at ? formatInZone(row.due_at, row.time_zone) : null,
    overdue: Boolean(row.is_overdue),
    overdueAt: iso(row.overdue_at),
    escalatedAt: staff ? iso(row.escalated_at) : null,
    issuedAt: iso(row.issued_at),
    acknowledgedAt: iso(row.acknowledged_at),
    respondedAt: iso(row.responded_at),
    createdAt: row.created_at.toISOString(),
    version: row.version,
    abilities: noticeAbilities(principal, {
      status: row.status,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
      canWrite: Boolean(row.can_write),
      responseStatus: row.response_status,
      pendingExtension: Boolean(row.pending_extension),
      overdue: Boolean(row.is_overdue),
      overdueFlagged: row.overdue_at !== null,
      escalated: row.escalated_at !== null,
      latestVerdicts: row.latest_verdicts ?? [],
    }),
  };
}

export async function presentNotice(db: Executor, principal: Principal, scope: IncidentScope, row: NoticeRow, now: Date): Promise<Notice> {
  const staff = principal.isStaff;
  const [questions, recipients, response, extensions, escalations, document, calendar, chain] = await Promise.all([
    db.selectFrom('notice_questions').selectAll().where('notice_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('notice_recipients as r').innerJoin('users as u', 'u.id', 'r.user_id').select(['u.id', 'u.name', 'u.email'])
      .where('r.notice_id', '=', row.id).orderBy('u.name').execute(),
    db.selectFrom('notice_responses').selectAll().where('notice_id', '=', row.id).executeTakeFirst(),
    db.selectFrom('extension_requests').selectAll().where('notice_id', '=', row.id).orderBy('requested_at').orderBy('id').execute(),
    staff ? db.selectFrom('notice_escalations').selectAll().where('notice_id', '=', row.id).orderBy('escalated_at').execute() : Promise.resolve([]),
    db.selectFrom('notice_documents').select(['content_sha256', 'pdf_sha256', 'created_at']).where('notice_id', '=', row.id).executeTakeFirst(),
    row.calendar_id ? db.selectFrom('holiday_calendars').select(['id', 'code', 'name', 'time_zone']).where('id', '=', row.calendar_id).executeTakeFirst() : Promise.resolve(undefined),
    chainOf(db, scope, row.id, now),
  ]);
  // Staff read the organization's answers once submitted; the organization reads its own draft.
  const answersVisible = response && (!staff || response.status === 'submitted');
  const answers = answersVisible
    ? await db.selectFrom('notice_answers').selectAll().where('response_id', '=', response.id).execute()
    : [];
  const answerIds = answers.map((a) => a.id);
  const [attachments, assessments] = answerIds.length
    ? await Promise.all([
      db.selectFrom('notice_attachments').select(['id', 'answer_id', 'filename', 'content_type', 'size', 'sha256', 'uploaded_at', 'uploaded_by'])
        .where('answer_id', 'in', answerIds).orderBy('uploaded_at').orderBy('id').execute(),
      staff ? db.selectFrom('answer_assessments').selectAll().where('answer_id', 'in', answerIds).orderBy('assessed_at', 'desc').orderBy('id', 'desc').execute() : Promise.resolve([]),
    ])
    : [[], []];
  const names = await userNames(db, [
    row.created_by, row.updated_by, row.approved_by, row.issued_by, row.acknowledged_by, row.closed_by, row.withdrawn_by,
    response?.submitted_by ?? null, ...attachments.map((a) => a.uploaded_by), ...assessments.map((a) => a.assessed_by),
    ...extensions.flatMap((e) => [e.requested_by, e.decided_by]), ...escalations.map((e) => e.escalated_by),
  ]);

  const questionViews: NoticeQuestion[] = questions.map((q) => {
    const answer = answers.find((a) => a.question_id === q.id);
    const own = answer ? assessments.filter((s) => s.answer_id === answer.id) : [];
    return {
      id: q.id,
      position: q.position,
      text: q.text,
      requiresAttachment: q.requires_attachment,
      clarifiesQuestionId: q.clarifies_question_id,
      answer: answer
        ? {
            id: answer.id,
            text: answer.text,
            updatedAt: answer.updated_at.toISOString(),
            attachments: attachments.filter((a) => a.answer_id === answer.id).map((a) => ({
              id: a.id, filename: a.filename, contentType: a.content_type, size: a.size, sha256: a.sha256,
              uploadedAt: a.uploaded_at.toISOString(), uploadedBy: ref(a.uploaded_by, names),
            })),
          }
        : null,
      assessments: own.map((s) => ({ id: s.id, verdict: s.verdict, comment: s.comment, assessedAt: s.assessed_at.toISOString(), assessedBy: ref(s.assessed_by, names) })),
      latestVerdict: own[0]?.verdict ?? null,
    };
  });

  return {
    ...presentListItem(principal, row),
    body: row.body,
    dueMode: row.due_mode,
    dueAmount: row.due_amount,
    dueUnit: row.due_unit,
    calendar: calendar ? { id: calendar.id, code: calendar.code, name: calendar.name, timeZone: calendar.time_zone } : null,
    questions: questionViews,
    recipients,
    response: response
      ? {
          id: response.id,
          status: response.status,
          version: response.version,
          updatedAt: response.updated_at.toISOString(),
          submittedAt: iso(response.submitted_at),
          submittedBy: staff || response.submitted_by ? ref(response.submitted_by, names) : null,
        }
      : null,
    extensions: extensions.map((e) => ({
      id: e.id, noticeId: e.notice_id, reason: e.reason, requestedDueAt: e.requested_due_at.toISOString(), requestedAt: e.requested_at.toISOString(),
      requestedBy: ref(e.requested_by, names), status: e.status, decidedAt: iso(e.decided_at),
      // Who decided stays inside the CERT; the organization learns the decision and its note.
      decidedBy: staff ? ref(e.decided_by, names) : null,
      decisionNote: e.decision_note, grantedDueAt: iso(e.granted_due_at), previousDueAt: iso(e.previous_due_at),
    })),
    escalations: escalations.map((e) => ({ id: e.id, provision: e.provision, note: e.note, escalatedAt: e.escalated_at.toISOString(), escalatedBy: ref(e.escalated_by, names) })),
    chain,
    document: document ? { contentSha256: document.content_sha256, pdfSha256: document.pdf_sha256, createdAt: document.created_at.toISOString() } : null,
    createdBy: staff ? ref(row.created_by, names) : null,
    updatedBy: staff ? ref(row.updated_by, names) : null,
    updatedAt: row.updated_at.toISOString(),
    approvedBy: staff ? ref(row.approved_by, names) : null,
    approvedAt: staff ? iso(row.approved_at) : null,
    issuedBy: ref(row.issued_by, names),
    acknowledgedBy: ref(row.acknowledged_by, names),
    closedBy: ref(row.closed_by, names),
    closedAt: iso(row.closed_at),
    withdrawnBy: ref(row.withdrawn_by, names),
    withdrawnAt: iso(row.withdrawn_at),
    withdrawnReason: row.withdrawn_reason,
  };
}

/** The notices this one follows up and those that follow it up, as far as the caller may see them. */
async function chainOf(db: Executor, scope: IncidentScope, id: string, now: Date): Promise<Notice['chain']> {
  const up = await ancestorIds(db, id);
  const link = (r: { id: string; reference: string | null; kind: Notice['kind']; status: Notice['status']; subject: string }) =>
    ({ id: r.id, reference: r.reference, kind: r.kind, status: r.status, subject: r.subject });
  const ancestors = up.length
    ? await noticeQuery(db, scope, now).where('n.id', 'in', up).execute()
    : [];
  const children = await noticeQuery(db, scope, now).where('n.parent_id', '=', id).orderBy('n.created_at').orderBy('n.id').execute();
  return {
    ancestors: up.map((ancestorId) => ancestors.find((a) => a.id === ancestorId)).filter((a) => a !== undefined).map(link),
    children: children.map(link),
  };
}
