/**
 * What the CERT does with a notice once it is out: assess each answer (the history is
 * kept, the latest verdict counts), draft a clarification of the answers found partial
 * or needing clarification, decide the organization's requests for more time, escalate
 * non-compliance under the penalty provision; and what the organization may do besides
 * answering: ask for more time.
 */
import type { Static } from '@sinclair/typebox';
import type {
  AssessAnswerBody, Assessment, DecideExtensionBody, EscalateNoticeBody, Extension, Notice, RequestExtensionBody,
} from '#shared/contracts/notices';
import type { Selectable } from 'kysely';
import type { Actor } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { notifyNoticeEvent } from '../mail/notice-mail.ts';
import { recordSystemEntry } from '../timeline/system-entries.ts';
import { formatInZone } from './due-time.ts';
import { assertStatus, assertWritable, lockNotice, lockOwnOpenNotice, noticeName } from './notice-access.ts';
import { isEscalable } from './notices.policy.ts';
import { findNotice } from './notices.repository.ts';
import type { NoticesService, NoticesServiceDeps } from './notices.service.ts';
import { enqueueRecompute } from '../obligations/obligation-job-names.ts';

const extensionNotFound = () => notFound('notices', 'The extension request');

function extensionView(row: {
  id: string; notice_id: string; reason: string; requested_due_at: Date; requested_at: Date; requested_by: string | null; status: Extension['status'];
  decided_at: Date | null; decided_by: string | null; decision_note: string | null; granted_due_at: Date | null; previous_due_at: Date | null;
}, names: { requestedBy?: string; decidedBy?: string } = {}): Extension {
  return {
    id: row.id, noticeId: row.notice_id, reason: row.reason, requestedDueAt: row.requested_due_at.toISOString(), requestedAt: row.requested_at.toISOString(),
    requestedBy: row.requested_by ? { id: row.requested_by, name: names.requestedBy ?? '' } : null, status: row.status, decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by ? { id: row.decided_by, name: names.decidedBy ?? '' } : null, decisionNote: row.decision_note,
    grantedDueAt: row.granted_due_at?.toISOString() ?? null, previousDueAt: row.previous_due_at?.toISOString() ?? null,
  };
}

export function createNoticeReviewService(deps: NoticesServiceDeps & { notices: NoticesService }) {
  const { clock } = deps;

  return {
    async assess(principal: Principal, actor: Actor, noticeId: string, questionId: string, input: Static<typeof AssessAnswerBody>): Promise<Assessment> {
      return inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const notice = await lockNotice(uow.trx, principal, noticeId, now);
        assertWritable(notice);
        assertStatus(notice, ['responded'], 'assessed');
        const answer = await uow.trx.selectFrom('notice_answers as a').innerJoin('notice_responses as r', 'r.id', 'a.response_id')
          .innerJoin('notice_questions as q', 'q.id', 'a.question_id')
          .select(['a.id', 'q.position']).where('r.notice_id', '=', noticeId).where('r.status', '=', 'submitted').where('a.question_id', '=', questionId).executeTakeFirst();
        if (!answer) {
          const question = await uow.trx.selectFrom('notice_questions').select('id').where('id', '=', questionId).where('notice_id', '=', noticeId).executeTakeFirst();
          if (!question) throw notFound('notices', 'The question');
          throw new AppError('notices.no_answer', 'The question has no submitted answer to assess.', { status: 409 });
        }
        const row = await uow.trx.insertInto('answer_assessments').values({
          answer_id: answer.id, verdict: input.verdict, comment: input.comment ?? '', assessed_by: principal.userId, assessed_at: now,
        }).returningAll().executeTakeFirstOrThrow();
        uow.audit({
          action: 'notice.answer_assessed', targetType: 'notice', targetIds: [noticeId, answer.id, row.id, notice.incident_id, notice.organization_id],
          after: { question: answer.position, verdict: input.verdict, comment: input.comment ?? '' },
        });
        return { id: row.id, verdict: row.verdict, comment: row.comment, assessedAt: row.assessed_at.toISOString(), assessedBy: { id: principal.userId, name: principal.name } };
      });
    },

    /**
     * Drafts a clarification of a responded notice: same organization, incident,
     * recipients, legal basis and marking, asking again each question whose latest
     * verdict is partial or needs clarification, each linked to the question it follows up.
     */
    async clarify(principal: Principal, actor: Actor, noticeId: string): Promise<Notice> {
      const id = await inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const parent = await lockNotice(uow.trx, principal, noticeId, now);
        assertWritable(parent);
        assertStatus(parent, ['responded'], 'clarified');
        const flagged = await uow.trx.selectFrom('notice_questions as q')
          .innerJoin('notice_answers as a', 'a.question_id', 'q.id')
          .innerJoin('notice_responses as r', (join) => join.onRef('r.id', '=', 'a.response_id').on('r.status', '=', 'submitted'))
          .innerJoinLateral(
            (eb) => eb.selectFrom('answer_assessments as x').select(['x.verdict', 'x.comment']).whereRef('x.answer_id', '=', 'a.id')
              .orderBy('x.assessed_at', 'desc').orderBy('x.id', 'desc').limit(1).as('v'),
            (join) => join.onTrue(),
          )
          .select(['q.id', 'q.text', 'q.requires_attachment', 'v.verdict', 'v.comment'])
          .where('q.notice_id', '=', noticeId).where('v.verdict', 'in', ['partial', 'needs_clarification'])
          .orderBy('q.position').execute();
        if (flagged.length === 0) {
          throw new AppError('notices.nothing_to_clarify', 'No answer of this notice is assessed as partial or needing clarification.', { status: 409 });
        }
        const subject = `Clarification: ${parent.subject}`.slice(0, 300);
        const inserted = await uow.trx.insertInto('notices').values({
          incident_id: parent.incident_id, organization_id: parent.organization_id, parent_id: parent.id, kind: 'clarification', legal_basis_id: parent.legal_basis_id,
          subject, body: `Further to notice ${noticeName(parent)} and your response, please clarify the following.`, tlp: parent.tlp,
          due_mode: parent.due_mode === 'from_basis' ? 'from_basis' : 'fixed', due_at: null,
          due_amount: parent.due_mode === 'from_basis' ? parent.due_amount : null, due_unit: parent.due_mode === 'from_basis' ? parent.due_unit : null,
          calendar_id: parent.calendar_id, time_zone: parent.time_zone,
          created_by: principal.userId, created_at: now, updated_by: principal.userId, updated_at: now,
        }).returning('id').executeTakeFirstOrThrow();
        await uow.trx.insertInto('notice_questions').values(flagged.map((q, index) => ({
          notice_id: inserted.id, position: index + 1, text: q.text, requires_attachment: q.requires_attachment, clarifies_question_id: q.id,
        }))).execute();
        const recipients = await uow.trx.selectFrom('notice_recipients as r').innerJoin('users as u', 'u.id', 'r.user_id').select('r.user_id')
          .where('r.notice_id', '=', parent.id).where('u.disabled_at', 'is', null).execute();
        if (recipients.length) await uow.trx.insertInto('notice_recipients').values(recipients.map((r) => ({ notice_id: inserted.id, user_id: r.user_id }))).execute();
        uow.audit({
          action: 'notice.clarification_created', targetType: 'notice', targetIds: [inserted.id, parent.id, parent.incident_id, parent.organization_id],
          after: { parentId: parent.id, questions: flagged.map((q) => q.id) },
        });
        return inserted.id;
      });
      return deps.notices.present(principal, id);
    },

    async requestExtension(principal: Principal, actor: Actor, noticeId: string, input: Static<typeof RequestExtensionBody>): Promise<Extension> {
      return inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const notice = await lockOwnOpenNotice(uow.trx, principal, noticeId, now);
        const requested = new Date(input.requestedDueAt);
        if (notice.due_at && requested.getTime() <= notice.due_at.getTime()) {
          throw new AppError('notices.extension_not_later', `Ask for a due time later than the present one (${formatInZone(notice.due_at, notice.time_zone)}).`, { status: 422 });
        }
        if (requested.getTime() <= now.getTime()) throw new AppError('notices.extension_not_later', 'Ask for a due time in the future.', { status: 422 });
        const row = await uow.trx.insertInto('extension_requests').values({
          notice_id: noticeId, reason: input.reason.trim(), requested_due_at: requested, requested_by: principal.userId, requested_at: now,
        }).returningAll().executeTakeFirstOrThrow().catch((error: unknown) => {
          if (isUniqueViolation(error, 'extension_requests_one_pending')) throw pendingConflict();
          throw error;
        });
        uow.audit({
          action: 'notice.extension_requested', targetType: 'notice', targetIds: [noticeId, row.id, notice.incident_id, notice.organization_id],
          after: { reason: row.reason, requestedDueAt: requested, currentDueAt: notice.due_at },
        });
        await notifyNoticeEvent(uow, { kind: 'extension_requested', noticeId, extensionId: row.id });
        return extensionView(row, { requestedBy: principal.name });
      });
    },

    async decideExtension(principal: Principal, actor: Actor, extensionId: string, input: Static<typeof DecideExtensionBody>): Promise<Extension> {
      return inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const found = await uow.trx.selectFrom('extension_requests').select('notice_id').where('id', '=', extensionId).executeTakeFirst();
        if (!found || !(await findNotice(uow.trx, incidentScope(principal), found.notice_id, now))) throw extensionNotFound();
        const notice = await lockNotice(uow.trx, principal, found.notice_id, now);
        assertWritable(notice);
        const request = await uow.trx.selectFrom('extension_requests').selectAll().where('id', '=', extensionId).forUpdate().executeTakeFirstOrThrow();
        if (request.status !== 'pending') throw new AppError('notices.extension_decided', `This request was ${request.status} already.`, { status: 409 });
        assertStatus(notice, ['issued', 'acknowledged', 'responded'], 'given more time');
        const note = input.note?.trim() || null;
        let decided: Selectable<DB['extension_requests']>;
        if (input.decision === 'grant') {
          const granted = new Date(input.grantedDueAt ?? request.requested_due_at);
          if (notice.due_at && granted.getTime() <= notice.due_at.getTime()) {
            throw new AppError('notices.extension_not_later', 'The new due time must be later than the present one.', { status: 422 });
          }
          decided = await uow.trx.updateTable('extension_requests').set({
            status: 'granted', decided_by: principal.userId, decided_at: now, decision_note: note, granted_due_at: granted, previous_due_at: notice.due_at,
          }).where('id', '=', extensionId).returningAll().executeTakeFirstOrThrow();
          // A notice given more time is not overdue until the new time passes; the sweep flags it again then.
          await uow.trx.updateTable('notices').set({
            due_at: granted, ...(granted.getTime() > now.getTime() ? { overdue_at: null } : {}), updated_at: now, version: notice.version + 1,
          }).where('id', '=', notice.id).execute();
        } else {
          decided = await uow.trx.updateTable('extension_requests').set({ status: 'refused', decided_by: principal.userId, decided_at: now, decision_note: note })
            .where('id', '=', extensionId).returningAll().executeTakeFirstOrThrow();
        }
        const text = decided.status === 'granted'
          ? `More time granted on notice ${noticeName(notice)}: now due ${formatInZone(decided.granted_due_at as Date, notice.time_zone)}${notice.due_at ? ` (was ${formatInZone(notice.due_at, notice.time_zone)})` : ''}`
          : `More time refused on notice ${noticeName(notice)}${note ? `: ${note}` : ''}`;
        await recordSystemEntry(uow.trx, { incidentId: notice.incident_id, event: 'notice.extension_decided', text, at: now, tlp: notice.tlp, actorId: principal.userId, sharedWith: [notice.organization_id] });
        await notifyNoticeEvent(uow, { kind: 'extension_decided', noticeId: notice.id, extensionId });
        enqueueRecompute(uow, notice.incident_id);
        uow.audit({
          action: 'notice.extension_decided', targetType: 'notice', targetIds: [notice.id, extensionId, notice.incident_id, notice.organization_id],
          before: { dueAt: notice.due_at }, after: { decision: decided.status, dueAt: decided.granted_due_at ?? notice.due_at, note },
        });
        const requester = decided.requested_by ? await uow.trx.selectFrom('users').select('name').where('id', '=', decided.requested_by).executeTakeFirst() : undefined;
        return extensionView(decided, { requestedBy: requester?.name, decidedBy: principal.name });
      });
    },

    /** Records non-compliance under the penalty provision: only for a notice overdue (now or flagged) or with a refused answer. */
    async escalate(principal: Principal, actor: Actor, noticeId: string, input: Static<typeof EscalateNoticeBody>): Promise<Notice> {
      await inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const notice = await lockNotice(uow.trx, principal, noticeId, now);
        assertWritable(notice);
        if (notice.escalated_at) throw new AppError('notices.already_escalated', `Notice ${noticeName(notice)} was escalated already.`, { status: 409 });
        const facts = { status: notice.status, overdue: Boolean(notice.is_overdue), overdueFlagged: notice.overdue_at !== null, latestVerdicts: notice.latest_verdicts ?? [] };
        if (!isEscalable(facts)) {
          throw new AppError('notices.not_escalable', 'Only a notice that is overdue, or whose response has a refused answer, can be escalated.', { status: 409 });
        }
        const provision = input.provision?.trim() || notice.lb_penalty;
        if (!provision) throw new AppError('notices.provision_required', 'The legal basis names no penalty provision; give the provision the escalation is under.', { status: 422 });
        const row = await uow.trx.insertInto('notice_escalations').values({
          notice_id: noticeId, organization_id: notice.organization_id, provision, note: input.note?.trim() ?? '', escalated_by: principal.userId, escalated_at: now,
        }).returning('id').executeTakeFirstOrThrow();
        await uow.trx.updateTable('notices').set({ escalated_at: now, updated_at: now, version: notice.version + 1 }).where('id', '=', noticeId).execute();
        const why = facts.latestVerdicts.includes('refused') && !facts.overdue && !facts.overdueFlagged ? 'an answer was refused' : 'no response by the due time';
        await recordSystemEntry(uow.trx, {
          incidentId: notice.incident_id, event: 'notice.escalated',
          text: `Notice ${noticeName(notice)} to ${notice.organization_name} escalated (${why}) under ${provision.split(':')[0]}`,
          at: now, tlp: notice.tlp, actorId: principal.userId,
        });
        uow.audit({
          action: 'notice.escalated', targetType: 'notice', targetIds: [noticeId, row.id, notice.incident_id, notice.organization_id],
          after: { provision, note: input.note ?? '', reason: why },
        });
      });
      return deps.notices.present(principal, noticeId);
    },
  };
}

function pendingConflict() {
  return new AppError('notices.extension_pending', 'A request for more time is waiting for a decision already.', { status: 409 });
}

export type NoticeReviewService = ReturnType<typeof createNoticeReviewService>;
