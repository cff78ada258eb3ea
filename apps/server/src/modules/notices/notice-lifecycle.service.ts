/**
 * A notice's steps after drafting: approve (four eyes), issue (reference, due time,
 * frozen text, the PDF), withdraw and close. Each locks the notice row and checks the
 * version the caller read, so of two coordinators acting at once one succeeds and the
 * other gets a 409 naming the newer version.
 */
import { createHash } from 'node:crypto';
import type { Notice } from '#shared/contracts/notices';
import type { Actor } from '../../audit/audit-event.ts';
import { type UnitOfWork, inTransaction } from '../../db/unit-of-work.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { AppError } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { notifyNoticeEvent } from '../mail/notice-mail.ts';
import { recordSystemEntry } from '../timeline/system-entries.ts';
import { localDate } from './due-time.ts';
import { assertStatus, assertVersion, assertWritable, lockNotice, noticeName } from './notice-access.ts';
import { contentSha256, noticeContent, renderNoticePdf } from './notice-document.ts';
import { resolveDue } from './notice-due.ts';
import { presentNotice } from './notice-view.ts';
import { isFourEyes } from './notices.policy.ts';
import { findNotice, nextReferenceSeq } from './notices.repository.ts';
import type { NoticesService, NoticesServiceDeps } from './notices.service.ts';
import { formatReference } from './reference-pattern.ts';
import { enqueueRecompute } from '../obligations/obligation-job-names.ts';

export function createNoticeLifecycleService(deps: NoticesServiceDeps & { notices: NoticesService }) {
  const { clock, config } = deps;

  /** Locks the notice and runs the common checks of a staff step on it. */
  async function begin(uow: UnitOfWork, principal: Principal, id: string, version: number) {
    const now = clock();
    const row = await lockNotice(uow.trx, principal, id, now);
    assertWritable(row);
    assertVersion(row, version);
    return { row, now };
  }

  async function issue(uow: UnitOfWork, principal: Principal, id: string, version: number) {
    const { row, now } = await begin(uow, principal, id, version);
    assertStatus(row, ['approved'], 'issued');
    const problems: string[] = [];
    if (!row.legal_basis_id) problems.push('cite a legal basis');
    const [questions, recipients, participant] = await Promise.all([
      uow.trx.selectFrom('notice_questions').select('id').where('notice_id', '=', id).execute(),
      uow.trx.selectFrom('notice_recipients as r').innerJoin('users as u', 'u.id', 'r.user_id')
        .select(['u.id', 'u.organization_id', 'u.disabled_at']).where('r.notice_id', '=', id).execute(),
      uow.trx.selectFrom('participants').select('sees_red').where('incident_id', '=', row.incident_id).where('organization_id', '=', row.organization_id).executeTakeFirst(),
    ]);
    if (questions.length === 0) problems.push('ask at least one question');
    if (recipients.length === 0) problems.push('address at least one recipient');
    if (recipients.some((r) => r.organization_id !== row.organization_id || r.disabled_at)) problems.push('address only active users of the organization');
    if (!participant) problems.push('address an organization that takes part in the incident');
    else if ((row.tlp === 'RED' || row.incident_tlp === 'RED') && !participant.sees_red) problems.push('not send TLP:RED material to an organization that is not named for it');
    if (problems.length) {
      throw new AppError('notices.not_ready', `Before it is issued the notice must ${problems.join(', ')}.`, { status: 422, details: { problems } });
    }
    const basis = await uow.trx.selectFrom('legal_bases').select('active').where('id', '=', row.legal_basis_id as string).executeTakeFirstOrThrow();
    if (!basis.active) throw new AppError('notices.not_ready', 'The legal basis the notice cites has been retired; cite another.', { status: 422 });
    const due = await resolveDue(uow.trx, {
      dueMode: row.due_mode, dueAt: row.due_at, dueAmount: row.due_amount, dueUnit: row.due_unit, calendarId: row.calendar_id, timeZone: row.time_zone, legalBasisId: row.legal_basis_id,
    }, now);
    // The year of issue where the notice is issued: 00:30 on 1 January in India is the new year.
    const year = Number(localDate(now, due.timeZone).slice(0, 4));
    const reference = formatReference(config.notices.referencePattern, { year, seq: await nextReferenceSeq(uow.trx, year) });
    await uow.trx.updateTable('notices').set({
      status: 'issued', reference, issued_by: principal.userId, issued_at: now, due_at: due.dueAt, due_amount: due.amount, due_unit: due.unit,
      calendar_id: due.calendarId, time_zone: due.timeZone, updated_at: now, version: row.version + 1,
    }).where('id', '=', id).execute().catch((error: unknown) => {
      if (isUniqueViolation(error, 'notices_reference_key')) {
        throw new AppError('notices.reference_taken', `The reference ${reference} is taken already; check the reference pattern.`, { status: 409 });
      }
      throw error;
    });

    const issued = await findNotice(uow.trx, incidentScope(principal), id, now);
    if (!issued) throw new Error('An issued notice vanished inside its transaction.');
    const view = await presentNotice(uow.trx, principal, incidentScope(principal), issued, now);
    const home = await uow.trx.selectFrom('organizations').select('name').where('is_home', '=', true).executeTakeFirst();
    const content = noticeContent(view, home?.name ?? 'CERT');
    const sha256 = contentSha256(content);
    const pdf = await renderNoticePdf(content, sha256);
    await uow.trx.insertInto('notice_documents').values({
      notice_id: id, content_sha256: sha256, pdf, pdf_sha256: createHash('sha256').update(pdf).digest('hex'), created_at: now,
    }).execute();

    await recordSystemEntry(uow.trx, {
      incidentId: row.incident_id, event: 'notice.issued',
      text: `Notice ${reference} issued to ${row.organization_name}: ${row.subject}. Reply by ${due.dueLocal}.`,
      at: now, tlp: row.tlp, actorId: principal.userId, sharedWith: [row.organization_id],
    });
    await notifyNoticeEvent(uow, { kind: 'issued', noticeId: id });
    enqueueRecompute(uow, row.incident_id);
    uow.audit({
      action: 'notice.issued', targetType: 'notice', targetIds: [id, row.incident_id, row.organization_id],
      before: { status: row.status }, after: { status: 'issued', reference, dueAt: due.dueAt, timeZone: due.timeZone, contentSha256: sha256 },
    });
  }

  return {
    async approve(principal: Principal, actor: Actor, id: string, version: number): Promise<Notice> {
      await inTransaction(deps, actor, async (uow) => {
        const { row, now } = await begin(uow, principal, id, version);
        assertStatus(row, ['draft'], 'approved');
        if (!isFourEyes(principal, { createdBy: row.created_by, updatedBy: row.updated_by })) {
          throw new AppError('notices.four_eyes', 'A notice is approved by someone who neither wrote it nor edited it last.', { status: 403 });
        }
        await uow.trx.updateTable('notices').set({ status: 'approved', approved_by: principal.userId, approved_at: now, version: row.version + 1 }).where('id', '=', id).execute();
        uow.audit({ action: 'notice.approved', targetType: 'notice', targetIds: [id, row.incident_id, row.organization_id], before: { status: row.status }, after: { status: 'approved' } });
      });
      return deps.notices.present(principal, id);
    },

    async issue(principal: Principal, actor: Actor, id: string, version: number): Promise<Notice> {
      await inTransaction(deps, actor, (uow) => issue(uow, principal, id, version));
      return deps.notices.present(principal, id);
    },

    async withdraw(principal: Principal, actor: Actor, id: string, version: number, reason: string): Promise<Notice> {
      await inTransaction(deps, actor, async (uow) => {
        const { row, now } = await begin(uow, principal, id, version);
        assertStatus(row, ['draft', 'approved', 'issued', 'acknowledged', 'responded'], 'withdrawn');
        await uow.trx.updateTable('notices').set({
          status: 'withdrawn', withdrawn_by: principal.userId, withdrawn_at: now, withdrawn_reason: reason.trim(), updated_at: now, version: row.version + 1,
        }).where('id', '=', id).execute();
        const wasOut = row.status !== 'draft' && row.status !== 'approved';
        await recordSystemEntry(uow.trx, {
          incidentId: row.incident_id, event: 'notice.withdrawn', text: `Notice ${noticeName(row)} to ${row.organization_name} withdrawn: ${reason.trim()}`,
          at: now, tlp: row.tlp, actorId: principal.userId, sharedWith: wasOut ? [row.organization_id] : [],
        });
        enqueueRecompute(uow, row.incident_id);
        uow.audit({ action: 'notice.withdrawn', targetType: 'notice', targetIds: [id, row.incident_id, row.organization_id], before: { status: row.status }, after: { status: 'withdrawn', reason } });
      });
      return deps.notices.present(principal, id);
    },

    async close(principal: Principal, actor: Actor, id: string, version: number): Promise<Notice> {
      await inTransaction(deps, actor, async (uow) => {
        const { row, now } = await begin(uow, principal, id, version);
        assertStatus(row, ['responded'], 'closed');
        await uow.trx.updateTable('notices').set({ status: 'closed', closed_by: principal.userId, closed_at: now, updated_at: now, version: row.version + 1 }).where('id', '=', id).execute();
        uow.audit({ action: 'notice.closed', targetType: 'notice', targetIds: [id, row.incident_id, row.organization_id], before: { status: row.status }, after: { status: 'closed' } });
      });
      return deps.notices.present(principal, id);
    },
  };
}

export type NoticeLifecycleService = ReturnType<typeof createNoticeLifecycleService>;
