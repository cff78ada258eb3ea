/**
 * The checks a change to a notice starts with, shared by the notices services: the
 * notice must be in the caller's scope (else 404), locked until COMMIT so that two
 * changes to it are serialised, changeable by the caller (else 403) and at the version
 * the caller last read (else 409 naming the newer version).
 */
import type { Transaction } from 'kysely';
import type { NoticeStatus } from '#shared/contracts/notices';
import type { DB } from '../../db/schema.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { type NoticeRow, findNotice } from './notices.repository.ts';

export const noticeNotFound = () => notFound('notices', 'The notice');

/** The notice, locked, as the caller may see it. */
export async function lockNotice(trx: Transaction<DB>, principal: Principal, id: string, now: Date): Promise<NoticeRow> {
  const row = await findNotice(trx, incidentScope(principal), id, now, { forUpdate: true });
  if (!row) throw noticeNotFound();
  return row;
}

/** A staff change: the caller may change the notice's incident. */
export function assertWritable(row: NoticeRow): void {
  if (!row.can_write) throw new AppError('notices.forbidden', 'You may read this notice but not change it.', { status: 403 });
}

export function assertVersion(row: { version: number }, version: number, what = 'notice'): void {
  if (row.version !== version) {
    throw new AppError('notices.version_conflict', `Someone changed this ${what} meanwhile (now version ${row.version}); reload and try again.`, { details: { currentVersion: row.version } });
  }
}

export function assertStatus(row: NoticeRow, allowed: readonly NoticeStatus[], action: string): void {
  if (!allowed.includes(row.status)) {
    throw new AppError('notices.invalid_state', `A notice that is ${row.status} cannot be ${action}; it must be ${allowed.join(' or ')}.`, { status: 409, details: { status: row.status } });
  }
}

/** An outside organization's change to a notice sent to it: locked, in scope, and still waiting for its answer. */
export async function lockOwnOpenNotice(trx: Transaction<DB>, principal: Principal, id: string, now: Date): Promise<NoticeRow> {
  if (principal.isStaff) throw noticeNotFound();
  const row = await lockNotice(trx, principal, id, now);
  if (row.status !== 'issued' && row.status !== 'acknowledged') {
    const why = row.status === 'withdrawn' ? 'was withdrawn' : row.status === 'closed' ? 'is closed' : 'has been answered';
    throw new AppError('notices.not_open', `This notice ${why}; it takes no more answers.`, { status: 409, details: { status: row.status } });
  }
  return row;
}

/** What the chronology and the audit log call a notice: its reference, or its subject while a draft. */
export function noticeName(row: { reference: string | null; subject: string }): string {
  return row.reference ?? `draft "${row.subject}"`;
}
