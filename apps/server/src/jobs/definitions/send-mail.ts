/** Sends one composed message through SMTP, or keeps it in the outbox when none is configured. */
import { Type } from '@sinclair/typebox';
import { deliverMailMessage, type MailDeliveryDeps } from '../../modules/mail/mail-delivery.ts';
import { MAIL_JOBS } from '../../modules/mail/mail-job-names.ts';
import { defineJob } from '../job-definition.ts';

export function sendMailJob(deps: MailDeliveryDeps) {
  return defineJob({
    name: MAIL_JOBS.send,
    // A pattern, not `format: uuid`: job payloads are checked with TypeBox's Value, which knows no formats.
    payload: Type.Object(
      { messageId: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }) },
      { additionalProperties: false },
    ),
    retryLimit: deps.config.mail.retries,
    retryDelaySeconds: deps.config.mail.retryDelaySeconds,
    async handler(payload, context) {
      await deliverMailMessage(deps, payload.messageId, context);
    },
  });
}
