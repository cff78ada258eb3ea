/** A job: one name, one payload schema, exactly one handler. */
import type { Static, TSchema } from '@sinclair/typebox';

export interface JobContext {
  jobId: string;
  attempt: number;
}

export interface JobDefinition<S extends TSchema = TSchema> {
  name: string;
  payload: S;
  handler: (payload: Static<S>, context: JobContext) => Promise<void>;
  /** Retries after the first failure, with exponential back-off from retryDelaySeconds. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Run on a schedule (cron, UTC) in addition to being enqueued by changes. */
  cron?: string;
}

export function defineJob<S extends TSchema>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
