/**
 * Mail about a notice, queued inside the caller's transaction (docs/modules/mail.md).
 * Callers: the notices module, at issue, response submitted and extension decided.
 */
import type { UnitOfWork } from '../../db/unit-of-work.ts';

export type NoticeMailEvent =
  | { kind: 'issued'; noticeId: string }
  | { kind: 'response_submitted'; noticeId: string }
  | { kind: 'extension_decided'; noticeId: string; extensionId: string };

export async function notifyNoticeEvent(_uow: UnitOfWork, _event: NoticeMailEvent): Promise<void> {
  // Composed and sent by the mail module; this file is owned by it.
}
