/** Names of the mail module's jobs (definitions in apps/server/src/jobs/definitions/). */
export const MAIL_JOBS = {
  /** Send one mail_messages row, or keep it in the outbox when no SMTP server is configured. */
  send: 'mail.send',
  /** Write the messages of reminders the sweep took, in batches. */
  deliverReminders: 'mail.deliver_reminders',
  /** Flag overdue notices and take due-soon and overdue reminders: every minute and once at start. */
  dueSweep: 'notices.due_sweep',
} as const;
