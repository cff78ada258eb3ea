/**
 * Notices: drafting (create, edit with optimistic locking), reading (the list with keyset
 * cursors, one notice with its whole record, the acknowledgement on a recipient's first
 * read, the stored PDF) and the composer's due-time preview. The steps after drafting
 * (approve, issue, withdraw, close) are in notice-lifecycle.service.ts.
 */
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type {
  CreateNoticeBody, DuePreview, DuePreviewBody, ListNoticesQuery, Notice, NoticePage, UpdateNoticeBody,
} from '#shared/contracts/notices';
import type { Actor } from '../../audit/audit-event.ts';
import type { Config } from '../../config/config.ts';
import type { DB } from '../../db/schema.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import type { Principal } from '../../access/principal.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import { recordSystemEntry } from '../timeline/system-entries.ts';
import { assertVersion, assertWritable, lockNotice, noticeName, noticeNotFound } from './notice-access.ts';
import { assertDueSettingsConsistent, defaultTimeZone, resolveDue } from './notice-due.ts';
import { presentListItem, presentNotice } from './notice-view.ts';
import { findNotice, listNotices } from './notices.repository.ts';
import { listNoticeMail } from '../mail/notice-mail-status.ts';
import type { MailDelivery } from '#shared/contracts/mail';

export interface NoticesServiceDeps extends UnitOfWorkDeps {
  clock: () => Date;
  config: Config;
}

type QuestionInput = NonNullable<CreateNoticeBody['questions']>[number];

const nullable = <T>(value: T | null | undefined): T | null => value ?? null;

export function createNoticesService(deps: NoticesServiceDeps) {
  const { db, clock } = deps;

  async function present(principal: Principal, id: string, executor: Transaction<DB> | typeof db = db): Promise<Notice> {
    const scope = incidentScope(principal);
    const now = clock();
    const row = await findNotice(executor, scope, id, now);
    if (!row) throw noticeNotFound();
    return presentNotice(executor, principal, scope, row, now);
  }

  /** References a draft may hold: an active legal basis, a calendar, recipients who are active users of the addressed organization. */
  async function checkReferences(trx: Transaction<DB>, organizationId: string, input: { legalBasisId?: string | null; calendarId?: string | null; recipientIds?: string[] }) {
    if (input.legalBasisId) {
      const basis = await trx.selectFrom('legal_bases').select('active').where('id', '=', input.legalBasisId).executeTakeFirst();
      if (!basis?.active) throw new AppError('notices.unknown_legal_basis', 'The legal basis does not exist or is retired.', { status: 422 });
    }
    if (input.calendarId) {
      const calendar = await trx.selectFrom('holiday_calendars').select('id').where('id', '=', input.calendarId).executeTakeFirst();
      if (!calendar) throw new AppError('notices.unknown_calendar', 'The holiday calendar does not exist.', { status: 422 });
    }
    if (input.recipientIds?.length) {
      const users = await trx.selectFrom('users').select('id').where('id', 'in', input.recipientIds)
        .where('organization_id', '=', organizationId).where('disabled_at', 'is', null).execute();
      if (users.length !== input.recipientIds.length) {
        throw new AppError('notices.invalid_recipient', 'Recipients must be active users of the organization the notice is addressed to.', { status: 422 });
      }
    }
  }

  async function checkParticipant(trx: Transaction<DB>, incidentId: string, organizationId: string) {
    const participant = await trx.selectFrom('participants').select('id').where('incident_id', '=', incidentId).where('organization_id', '=', organizationId).executeTakeFirst();
    if (!participant) {
      throw new AppError('notices.not_a_participant', 'A notice can only be addressed to an organization that takes part in the incident.', { status: 422 });
    }
  }

  /** A clarification's questions may follow up only its parent's questions; other notices' follow up none. */
  async function checkQuestionLinks(trx: Transaction<DB>, parentId: string | null, questions: QuestionInput[]) {
    const links = questions.map((q) => q.clarifiesQuestionId).filter((id): id is string => !!id);
    if (links.length === 0) return;
    const found = parentId
      ? await trx.selectFrom('notice_questions').select('id').where('notice_id', '=', parentId).where('id', 'in', links).execute()
      : [];
    if (found.length !== new Set(links).size) {
      throw new AppError('notices.invalid_question', 'A question can only follow up a question of the notice this one clarifies.', { status: 422 });
    }
  }

  async function replaceQuestions(trx: Transaction<DB>, noticeId: string, questions: QuestionInput[]) {
    await trx.deleteFrom('notice_questions').where('notice_id', '=', noticeId).execute();
    if (questions.length === 0) return;
    await trx.insertInto('notice_questions').values(questions.map((q, index) => ({
      notice_id: noticeId, position: index + 1, text: q.text.trim(), requires_attachment: q.requiresAttachment ?? false, clarifies_question_id: q.clarifiesQuestionId ?? null,
    }))).execute();
  }

  async function replaceRecipients(trx: Transaction<DB>, noticeId: string, recipientIds: string[]) {
    await trx.deleteFrom('notice_recipients').where('notice_id', '=', noticeId).execute();
    if (recipientIds.length) await trx.insertInto('notice_recipients').values(recipientIds.map((user_id) => ({ notice_id: noticeId, user_id }))).execute();
  }

  return {
    present,

    async list(principal: Principal, query: ListNoticesQuery): Promise<Static<typeof NoticePage>> {
      const limit = query.limit ?? 50;
      const after = decodeCursor<{ at: string; id: string }>(query.cursor, { at: 'instant', id: 'uuid' });
      const rows = await listNotices(db, incidentScope(principal), { ...query, after, limit: limit + 1 }, clock());
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => presentListItem(principal, row)),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.sort_at, id: last.id }) : null,
      };
    },

    /** One notice; the first read by one of its recipients acknowledges it (recorded, audited, in the chronology). */
    async get(principal: Principal, actor: Actor, id: string): Promise<Notice> {
      const view = await present(principal, id);
      if (principal.isStaff || view.status !== 'issued' || !view.recipients.some((r) => r.id === principal.userId)) return view;
      const acknowledged = await inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const row = await uow.trx.updateTable('notices')
          .set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: principal.userId, version: view.version + 1 })
          .where('id', '=', id).where('status', '=', 'issued').where('version', '=', view.version)
          .returning(['id', 'incident_id', 'reference', 'subject', 'tlp', 'organization_id']).executeTakeFirst();
        if (!row) return false;
        await recordSystemEntry(uow.trx, {
          incidentId: row.incident_id, event: 'notice.acknowledged', text: `Notice ${noticeName(row)} opened by ${principal.name} of the addressed organization`,
          at: now, tlp: row.tlp, actorId: principal.userId, sharedWith: [row.organization_id],
        });
        uow.audit({ action: 'notice.acknowledged', targetType: 'notice', targetIds: [id, row.incident_id, row.organization_id], after: { acknowledgedAt: now, by: principal.userId } });
        return true;
      });
      return acknowledged ? present(principal, id) : view;
    },

    async create(principal: Principal, actor: Actor, incidentId: string, input: CreateNoticeBody): Promise<Notice> {
      const settings = {
        dueMode: input.dueMode, dueAt: input.dueAt ? new Date(input.dueAt) : null, dueAmount: nullable(input.dueAmount), dueUnit: nullable(input.dueUnit), timeZone: nullable(input.timeZone),
      };
      assertDueSettingsConsistent(settings);
      const id = await inTransaction(deps, actor, async (uow) => {
        const incident = await findWritableIncident(uow.trx, principal, incidentId, { lock: false });
        const org = await uow.trx.selectFrom('organizations').select(['id', 'is_home']).where('id', '=', input.organizationId).executeTakeFirst();
        if (!org) throw notFound('organizations', 'The organization');
        await checkParticipant(uow.trx, incidentId, org.id);
        const questions = input.questions ?? [];
        await checkReferences(uow.trx, org.id, input);
        await checkQuestionLinks(uow.trx, null, questions);
        const now = clock();
        const timeZone = settings.timeZone ?? await defaultTimeZone(uow.trx, nullable(input.calendarId), nullable(input.legalBasisId));
        const inserted = await uow.trx.insertInto('notices').values({
          incident_id: incidentId, organization_id: org.id, kind: input.kind, legal_basis_id: nullable(input.legalBasisId), subject: input.subject.trim(),
          body: input.body ?? '', tlp: input.tlp ?? incident.tlp, due_mode: settings.dueMode, due_at: settings.dueAt, due_amount: settings.dueAmount,
          due_unit: settings.dueUnit, calendar_id: nullable(input.calendarId), time_zone: timeZone,
          created_by: principal.userId, created_at: now, updated_by: principal.userId, updated_at: now,
        }).returning('id').executeTakeFirstOrThrow();
        await replaceQuestions(uow.trx, inserted.id, questions);
        await replaceRecipients(uow.trx, inserted.id, input.recipientIds ?? []);
        uow.audit({ action: 'notice.created', targetType: 'notice', targetIds: [inserted.id, incidentId, org.id], after: { kind: input.kind, subject: input.subject, questions: questions.length } });
        return inserted.id;
      });
      return present(principal, id);
    },

    /** Changes a draft or approved notice; changing an approved one returns it to draft (it needs approving again). */
    async update(principal: Principal, actor: Actor, id: string, input: UpdateNoticeBody): Promise<Notice> {
      await inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const before = await lockNotice(uow.trx, principal, id, now);
        assertWritable(before);
        assertVersion(before, input.version);
        if (before.status !== 'draft' && before.status !== 'approved') {
          throw new AppError('notices.frozen', `Notice ${noticeName(before)} has been ${before.status === 'withdrawn' ? 'withdrawn' : 'issued'}; its text can no longer change.`, { status: 409 });
        }
        if (input.kind !== undefined && before.kind === 'clarification') {
          throw new AppError('notices.invalid_kind', 'A clarification stays a clarification; create a new notice instead.', { status: 422 });
        }
        const settings = {
          dueMode: input.dueMode ?? before.due_mode,
          dueAt: input.dueAt !== undefined ? (input.dueAt ? new Date(input.dueAt) : null) : before.due_at,
          dueAmount: input.dueAmount !== undefined ? input.dueAmount : before.due_amount,
          dueUnit: input.dueUnit !== undefined ? input.dueUnit : before.due_unit,
          timeZone: input.timeZone ?? before.time_zone,
        };
        // Switching the mode drops the other mode's settings unless they are given again.
        if (input.dueMode === 'fixed' && input.dueAmount === undefined && input.dueUnit === undefined) Object.assign(settings, { dueAmount: null, dueUnit: null });
        if (input.dueMode === 'from_basis' && input.dueAt === undefined) settings.dueAt = null;
        assertDueSettingsConsistent(settings);
        await checkReferences(uow.trx, before.organization_id, input);
        if (input.questions) await checkQuestionLinks(uow.trx, before.parent_id, input.questions);
        await uow.trx.updateTable('notices').set({
          ...(input.kind !== undefined ? { kind: input.kind } : {}),
          ...(input.legalBasisId !== undefined ? { legal_basis_id: input.legalBasisId } : {}),
          ...(input.subject !== undefined ? { subject: input.subject.trim() } : {}),
          ...(input.body !== undefined ? { body: input.body } : {}),
          ...(input.tlp !== undefined ? { tlp: input.tlp } : {}),
          ...(input.calendarId !== undefined ? { calendar_id: input.calendarId } : {}),
          due_mode: settings.dueMode, due_at: settings.dueAt, due_amount: settings.dueAmount, due_unit: settings.dueUnit, time_zone: settings.timeZone,
          status: 'draft', approved_by: null, approved_at: null,
          updated_by: principal.userId, updated_at: now, version: before.version + 1,
        }).where('id', '=', id).execute();
        if (input.questions) await replaceQuestions(uow.trx, id, input.questions);
        if (input.recipientIds) await replaceRecipients(uow.trx, id, input.recipientIds);
        uow.audit({
          action: 'notice.updated', targetType: 'notice', targetIds: [id, before.incident_id, before.organization_id],
          before: { status: before.status, subject: before.subject, version: before.version },
          after: { status: 'draft', changed: Object.keys(input).filter((k) => k !== 'version'), version: before.version + 1 },
        });
      });
      return present(principal, id);
    },

    /** The PDF made at issue, exactly as stored. */
    async pdf(principal: Principal, id: string): Promise<{ filename: string; bytes: Buffer }> {
      const row = await findNotice(db, incidentScope(principal), id, clock());
      if (!row) throw noticeNotFound();
      const document = await db.selectFrom('notice_documents').select('pdf').where('notice_id', '=', id).executeTakeFirst();
      if (!document) throw notFound('notices', 'The PDF of this notice (it is made at issue)');
      return { filename: `${(row.reference ?? 'notice').replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`, bytes: Buffer.from(document.pdf) };
    },

    /** The mail sent about a notice and how each message fared: for staff only; an organization never sees delivery records (404). */
    async mail(principal: Principal, id: string): Promise<MailDelivery[]> {
      if (!principal.isStaff) throw noticeNotFound();
      const row = await findNotice(db, incidentScope(principal), id, clock());
      if (!row) throw noticeNotFound();
      return listNoticeMail(db, id);
    },

    async previewDue(_principal: Principal, input: DuePreviewBody): Promise<DuePreview> {
      if (input.dueMode === 'fixed' && !input.dueAt) throw new AppError('notices.invalid_due', 'Set the due time of the notice.', { status: 422 });
      const from = input.from ? new Date(input.from) : clock();
      const due = await resolveDue(db, {
        dueMode: input.dueMode, dueAt: input.dueAt ? new Date(input.dueAt) : null, dueAmount: nullable(input.dueAmount), dueUnit: nullable(input.dueUnit),
        calendarId: nullable(input.calendarId), timeZone: nullable(input.timeZone), legalBasisId: nullable(input.legalBasisId),
      }, from);
      return { dueAt: due.dueAt.toISOString(), timeZone: due.timeZone, dueLocal: due.dueLocal, explanation: due.explanation };
    },

    /** Used by the lifecycle service to check a notice is ready to go out. */
    checkParticipant,
  };
}

export type NoticesService = ReturnType<typeof createNoticesService>;
