/**
 * The organization's response to a notice: a draft of answers per question saved as
 * often as it likes (upsert, optimistic locking on the response's version), attachments
 * on a draft, and one submission, refused unless every question is answered and every
 * question that needs an attachment has one. A refused submission changes nothing, so
 * the draft stays as it was. Attachment downloads are audited.
 */
import { createHash } from 'node:crypto';
import type { Attachment, Notice, SaveResponseBody } from '#shared/contracts/notices';
import type { Actor } from '../../audit/audit-event.ts';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { notifyNoticeEvent } from '../mail/notice-mail.ts';
import { recordSystemEntry } from '../timeline/system-entries.ts';
import { bytesMatchType, filenameProblem, isAllowedType, mediaType } from './attachment-types.ts';
import { assertVersion, lockOwnOpenNotice, noticeName } from './notice-access.ts';
import { findNotice } from './notices.repository.ts';
import type { NoticesService, NoticesServiceDeps } from './notices.service.ts';
import { enqueueRecompute } from '../obligations/obligation-job-names.ts';

const attachmentNotFound = () => notFound('notices', 'The attachment');

export function createNoticeResponsesService(deps: NoticesServiceDeps & { notices: NoticesService }) {
  const { db, clock, config } = deps;

  async function draftResponse(trx: Transaction<DB>, noticeId: string) {
    const response = await trx.selectFrom('notice_responses').selectAll().where('notice_id', '=', noticeId).forUpdate().executeTakeFirst();
    if (response?.status === 'submitted') throw new AppError('notices.already_submitted', 'The response to this notice has been submitted; it cannot change.', { status: 409 });
    return response;
  }

  async function questionOf(trx: Transaction<DB>, noticeId: string, questionId: string) {
    const question = await trx.selectFrom('notice_questions').select(['id', 'position']).where('id', '=', questionId).where('notice_id', '=', noticeId).executeTakeFirst();
    if (!question) throw notFound('notices', 'The question');
    return question;
  }

  /** The response and the answer row for a question, made empty when there is none yet. */
  async function answerRow(trx: Transaction<DB>, principal: Principal, noticeId: string, questionId: string, now: Date) {
    let response = await draftResponse(trx, noticeId);
    response ??= await trx.insertInto('notice_responses').values({ notice_id: noticeId, updated_by: principal.userId, updated_at: now }).returningAll().executeTakeFirstOrThrow();
    const answer = await trx.insertInto('notice_answers').values({ response_id: response.id, question_id: questionId, text: '', updated_at: now })
      .onConflict((oc) => oc.columns(['response_id', 'question_id']).doUpdateSet({ response_id: response.id }))
      .returning('id').executeTakeFirstOrThrow();
    return { response, answerId: answer.id };
  }

  /** The attachment with its notice, as the caller may see it: staff only once the response is submitted. */
  async function findAttachment(trx: Transaction<DB> | typeof db, principal: Principal, attachmentId: string) {
    const row = await trx.selectFrom('notice_attachments as t')
      .innerJoin('notice_answers as a', 'a.id', 't.answer_id')
      .innerJoin('notice_responses as r', 'r.id', 'a.response_id')
      .select(['t.id', 't.filename', 't.content_type', 't.size', 't.sha256', 't.uploaded_at', 't.uploaded_by', 'a.question_id', 'r.notice_id', 'r.status as response_status'])
      .where('t.id', '=', attachmentId).executeTakeFirst();
    if (!row) throw attachmentNotFound();
    const notice = await findNotice(trx, incidentScope(principal), row.notice_id, clock());
    if (!notice || (principal.isStaff && row.response_status !== 'submitted')) throw attachmentNotFound();
    return { ...row, notice };
  }

  return {
    async saveDraft(principal: Principal, actor: Actor, noticeId: string, input: SaveResponseBody): Promise<Notice> {
      await inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const notice = await lockOwnOpenNotice(uow.trx, principal, noticeId, now);
        const existing = await draftResponse(uow.trx, noticeId);
        assertVersion(existing ?? { version: 0 }, input.version, 'response');
        const questionIds = input.answers.map((a) => a.questionId);
        if (new Set(questionIds).size !== questionIds.length) throw new AppError('notices.invalid_answer', 'Each question is answered at most once in a save.', { status: 422 });
        const questions = questionIds.length
          ? await uow.trx.selectFrom('notice_questions').select('id').where('notice_id', '=', noticeId).where('id', 'in', questionIds).execute()
          : [];
        if (questions.length !== questionIds.length) throw new AppError('notices.unknown_question', 'An answer names a question this notice does not ask.', { status: 422 });
        const response = existing
          ? await uow.trx.updateTable('notice_responses').set({ updated_by: principal.userId, updated_at: now, version: existing.version + 1 })
            .where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
          : await uow.trx.insertInto('notice_responses').values({ notice_id: noticeId, updated_by: principal.userId, updated_at: now }).returningAll().executeTakeFirstOrThrow();
        for (const answer of input.answers) {
          await uow.trx.insertInto('notice_answers').values({ response_id: response.id, question_id: answer.questionId, text: answer.text, updated_at: now })
            .onConflict((oc) => oc.columns(['response_id', 'question_id']).doUpdateSet({ text: answer.text, updated_at: now })).execute();
        }
        uow.audit({
          action: 'notice.response_saved', targetType: 'notice', targetIds: [noticeId, response.id, notice.incident_id, notice.organization_id],
          after: { version: response.version, answered: questionIds },
        });
      });
      return deps.notices.present(principal, noticeId);
    },

    async submit(principal: Principal, actor: Actor, noticeId: string, version: number): Promise<Notice> {
      await inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const notice = await lockOwnOpenNotice(uow.trx, principal, noticeId, now);
        const response = await draftResponse(uow.trx, noticeId);
        if (!response) throw new AppError('notices.no_response', 'There is no draft response to submit; save the answers first.', { status: 409 });
        assertVersion(response, version, 'response');
        const questions = await uow.trx.selectFrom('notice_questions as q')
          .leftJoin('notice_answers as a', (join) => join.onRef('a.question_id', '=', 'q.id').on('a.response_id', '=', response.id))
          .select((eb) => ['q.position', 'q.requires_attachment', 'a.text',
            eb.selectFrom('notice_attachments as t').select(eb.fn.countAll<number>().as('n')).whereRef('t.answer_id', '=', 'a.id').as('attachments')])
          .where('q.notice_id', '=', noticeId).orderBy('q.position').execute();
        const unanswered = questions.filter((q) => !q.text?.trim()).map((q) => q.position);
        if (unanswered.length) {
          throw new AppError('notices.unanswered_questions', `Answer every question before submitting: question${unanswered.length > 1 ? 's' : ''} ${unanswered.join(', ')} ${unanswered.length > 1 ? 'have' : 'has'} no answer.`, { status: 422, details: { questions: unanswered } });
        }
        const missing = questions.filter((q) => q.requires_attachment && Number(q.attachments ?? 0) === 0).map((q) => q.position);
        if (missing.length) {
          throw new AppError('notices.attachment_required', `Question${missing.length > 1 ? 's' : ''} ${missing.join(', ')} need${missing.length > 1 ? '' : 's'} an attachment with the answer.`, { status: 422, details: { questions: missing } });
        }
        await uow.trx.updateTable('notice_responses').set({ status: 'submitted', submitted_by: principal.userId, submitted_at: now, updated_at: now, version: response.version + 1 })
          .where('id', '=', response.id).execute();
        await uow.trx.updateTable('notices').set({ status: 'responded', responded_at: now, updated_at: now, version: notice.version + 1 }).where('id', '=', noticeId).execute();
        const late = notice.due_at !== null && now.getTime() > notice.due_at.getTime();
        await recordSystemEntry(uow.trx, {
          incidentId: notice.incident_id, event: 'notice.responded',
          text: `${notice.organization_name} responded to notice ${noticeName(notice)}${late ? ' after its due time' : ''}`,
          at: now, tlp: notice.tlp, actorId: principal.userId, sharedWith: [notice.organization_id],
        });
        await notifyNoticeEvent(uow, { kind: 'response_submitted', noticeId });
        enqueueRecompute(uow, notice.incident_id);
        uow.audit({
          action: 'notice.response_submitted', targetType: 'notice', targetIds: [noticeId, response.id, notice.incident_id, notice.organization_id],
          after: { submittedAt: now, late, questions: questions.length },
        });
      });
      return deps.notices.present(principal, noticeId);
    },

    async upload(principal: Principal, actor: Actor, noticeId: string, questionId: string, file: { filename: string; contentType: string | undefined; bytes: Buffer }): Promise<Attachment> {
      return inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const notice = await lockOwnOpenNotice(uow.trx, principal, noticeId, now);
        await questionOf(uow.trx, noticeId, questionId);
        const problem = filenameProblem(file.filename);
        if (problem) throw new AppError('notices.invalid_filename', `The file name ${problem}.`, { status: 400 });
        const type = mediaType(file.contentType);
        if (!isAllowedType(type)) {
          throw new AppError('notices.attachment_type_not_allowed', `Attachments may be PDF, PNG, JPEG, plain text, CSV, ZIP, Word (.docx) or Excel (.xlsx); not "${type || 'unknown'}".`, { status: 415 });
        }
        if (file.bytes.length === 0) throw new AppError('notices.empty_attachment', 'The file is empty.', { status: 400 });
        if (file.bytes.length > config.notices.attachmentMaxBytes) {
          throw new AppError('notices.attachment_too_large', `Attachments may be at most ${config.notices.attachmentMaxBytes} bytes.`, { status: 413 });
        }
        if (!bytesMatchType(file.bytes, type)) {
          throw new AppError('notices.attachment_type_mismatch', `The file's content is not ${type}, as its type says.`, { status: 422 });
        }
        const { answerId } = await answerRow(uow.trx, principal, noticeId, questionId, now);
        const sha256 = createHash('sha256').update(file.bytes).digest('hex');
        const row = await uow.trx.insertInto('notice_attachments').values({
          answer_id: answerId, filename: file.filename, content_type: type, size: file.bytes.length, sha256, content: file.bytes, uploaded_by: principal.userId, uploaded_at: now,
        }).returning(['id', 'uploaded_at']).executeTakeFirstOrThrow();
        uow.audit({
          action: 'notice.attachment_uploaded', targetType: 'notice_attachment', targetIds: [row.id, noticeId, notice.incident_id, notice.organization_id],
          after: { filename: file.filename, contentType: type, size: file.bytes.length, sha256, questionId },
        });
        return { id: row.id, filename: file.filename, contentType: type, size: file.bytes.length, sha256, uploadedAt: row.uploaded_at.toISOString(), uploadedBy: { id: principal.userId, name: principal.name } };
      });
    },

    /** The stored bytes, for staff who read the incident (once submitted) and the organization's own users; every download is audited. */
    async download(principal: Principal, actor: Actor, attachmentId: string): Promise<{ filename: string; contentType: string; bytes: Buffer; sha256: string }> {
      return inTransaction(deps, actor, async (uow) => {
        const row = await findAttachment(uow.trx, principal, attachmentId);
        const content = await uow.trx.selectFrom('notice_attachments').select('content').where('id', '=', attachmentId).executeTakeFirstOrThrow();
        uow.audit({
          action: 'notice.attachment_downloaded', targetType: 'notice_attachment', targetIds: [attachmentId, row.notice_id, row.notice.incident_id, row.notice.organization_id],
          after: { filename: row.filename, sha256: row.sha256 },
        });
        return { filename: row.filename, contentType: row.content_type, bytes: Buffer.from(content.content), sha256: row.sha256 };
      });
    },

    async remove(principal: Principal, actor: Actor, attachmentId: string): Promise<void> {
      await inTransaction(deps, actor, async (uow) => {
        if (principal.isStaff) throw attachmentNotFound();
        const row = await findAttachment(uow.trx, principal, attachmentId);
        const notice = await lockOwnOpenNotice(uow.trx, principal, row.notice_id, clock());
        await draftResponse(uow.trx, row.notice_id);
        await uow.trx.deleteFrom('notice_attachments').where('id', '=', attachmentId).execute();
        uow.audit({
          action: 'notice.attachment_deleted', targetType: 'notice_attachment', targetIds: [attachmentId, row.notice_id, notice.incident_id, notice.organization_id],
          before: { filename: row.filename, sha256: row.sha256, questionId: row.question_id },
        });
      });
    },
  };
}

export type NoticeResponsesService = ReturnType<typeof createNoticeResponsesService>;
