/** Every minute (and once at start): flag overdue notices, take due-soon and overdue reminders. */
import { Type } from '@sinclair/typebox';
import { type DueSweepDeps, runDueSweep } from '../../modules/mail/due-sweep.ts';
import { MAIL_JOBS } from '../../modules/mail/mail-job-names.ts';
import { defineJob } from '../job-definition.ts';

export function noticeDueSweepJob(deps: DueSweepDeps) {
  return defineJob({
    name: MAIL_JOBS.dueSweep,
    payload: Type.Object({}, { additionalProperties: false }),
    cron: '* * * * *',
    retryLimit: 2,
    retryDelaySeconds: 10,
    async handler() {
      await runDueSweep(deps);
    },
  });
}
