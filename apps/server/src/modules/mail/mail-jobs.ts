/**
 * The mail module's jobs, built from the app's dependencies (registered in app.ts), and
 * the sweep each instance runs once when it starts, so that reminders that fell due while
 * no instance ran go out now rather than at the next minute.
 */
import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../audit/audit-event.ts';
import type { Config } from '../../config/config.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { deliverRemindersJob } from '../../jobs/definitions/deliver-reminders.ts';
import { noticeDueSweepJob } from '../../jobs/definitions/notice-due-sweep.ts';
import { sendMailJob } from '../../jobs/definitions/send-mail.ts';
import type { JobDefinition } from '../../jobs/job-definition.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { MAIL_JOBS } from './mail-job-names.ts';
import { createSmtpTransport } from './mail-transport.ts';

export function createMailJobs(deps: { db: Kysely<DB>; jobs: JobSender; config: Config; clock: () => Date }): JobDefinition<any>[] {
  const transport = deps.config.mail.smtp ? createSmtpTransport(deps.config.mail.smtp) : null;
  return [sendMailJob({ ...deps, transport }), deliverRemindersJob(deps), noticeDueSweepJob(deps)];
}

export async function enqueueStartupSweep(deps: { db: Kysely<DB>; jobs: JobSender }): Promise<void> {
  await inTransaction(deps, SYSTEM_ACTOR, async (uow) => uow.enqueue(MAIL_JOBS.dueSweep, {}));
}
