/** Writes the messages of the reminders the due-time sweep took, and enqueues their sending. */
import { Type } from '@sinclair/typebox';
import { MAIL_JOBS } from '../../modules/mail/mail-job-names.ts';
import { deliverPendingReminders, type ReminderDeliveryDeps } from '../../modules/mail/reminder-delivery.ts';
import { defineJob } from '../job-definition.ts';

export function deliverRemindersJob(deps: ReminderDeliveryDeps) {
  return defineJob({
    name: MAIL_JOBS.deliverReminders,
    payload: Type.Object({}, { additionalProperties: false }),
    retryLimit: 5,
    retryDelaySeconds: 10,
    async handler() {
      await deliverPendingReminders(deps);
    },
  });
}
