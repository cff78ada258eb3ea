/**
 * The job queue: pg-boss in the same database (embedded or server), so a job is
 * enqueued in the very transaction that causes it and is claimed with SKIP LOCKED by
 * exactly one worker across all instances.
 */
import { Value } from '@sinclair/typebox/value';
import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { ExecuteSql } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../http/app-error.ts';
import type { JobDefinition } from './job-definition.ts';

export interface JobSender {
  sendWithin(trx: Transaction<DB>, name: string, payload: unknown, options?: { startAfter?: Date; singletonKey?: string }): Promise<void>;
}

export interface FailedJob {
  id: string;
  name: string;
  retryCount: number;
  retryLimit: number;
  createdAt: Date;
  failedAt: Date | null;
  error: string | null;
}

export interface JobQueue extends JobSender {
  /** Create the queue tables and queues; with `work`, also start the workers and schedules. */
  start(options: { work: boolean }): Promise<void>;
  stop(): Promise<void>;
  listFailed(limit: number): Promise<FailedJob[]>;
  /** False when no failed job has this name and id, so there was nothing to retry. Runs in `trx` so it is audited with it. */
  retryWithin(trx: Transaction<DB>, name: string, id: string): Promise<boolean>;
  definitions(): ReadonlyMap<string, JobDefinition>;
}

const NAME = /^[a-z][a-z0-9_.-]{2,99}$/;

/** pg-boss statements run on the caller's transaction, so they commit or roll back with it. */
function within(trx: Transaction<DB>): PgBoss.Db {
  return { executeSql: async (text: string, values: unknown[]) => trx.executeQuery(CompiledQuery.raw(text, values)) } as PgBoss.Db;
}

export function createJobQueue(options: {
  executeSql: ExecuteSql;
  definitions: JobDefinition<any>[];
  logger: FastifyBaseLogger;
}): JobQueue {
  const registry = new Map<string, JobDefinition>();
  for (const definition of options.definitions) {
    if (!NAME.test(definition.name)) throw new Error(`Job name "${definition.name}" is not valid.`);
    if (registry.has(definition.name)) throw new Error(`Job "${definition.name}" is defined twice.`);
    registry.set(definition.name, definition);
  }
  const db = { executeSql: options.executeSql } as PgBoss.Db;
  let boss: PgBoss | null = null;

  function definitionOf(name: string): JobDefinition {
    const definition = registry.get(name);
    if (!definition) throw new Error(`No job named "${name}" is registered.`);
    return definition;
  }

  return {
    definitions: () => registry,

    async start({ work }) {
      boss = new PgBoss({ db, schema: 'pgboss', supervise: work, schedule: work, migrate: true });
      boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
      await boss.start();
      for (const definition of registry.values()) {
        await boss.createQueue(definition.name, {
          name: definition.name,
          retryLimit: definition.retryLimit ?? 5,
          retryDelay: definition.retryDelaySeconds ?? 10,
          retryBackoff: true,
        });
      }
      if (!work) return;
      for (const definition of registry.values()) {
        const name = definition.name;
        await boss.work(name, { batchSize: 20, pollingIntervalSeconds: 1, includeMetadata: true }, async (jobs) => {
          // Each job is completed or failed on its own: pg-boss would otherwise fail the
          // whole batch when one job throws, re-running jobs that had already succeeded.
          for (const job of jobs) {
            try {
              if (!Value.Check(definition.payload, job.data)) {
                throw new Error(`Job ${name} ${job.id} has a payload that does not match its schema.`);
              }
              await definition.handler(job.data as never, { jobId: job.id, attempt: job.retryCount });
              await boss?.complete(name, job.id);
            } catch (error) {
              options.logger.warn({ err: error, job: job.id, name }, 'job failed');
              await boss?.fail(name, job.id, { message: (error as Error).message ?? String(error) });
            }
          }
        });
        if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
      }
    },

    async stop() {
      if (!boss) return;
      const stopping = boss;
      boss = null;
      await stopping.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
    },

    async sendWithin(trx, name, payload, sendOptions = {}) {
      const definition = definitionOf(name);
      if (!Value.Check(definition.payload, payload)) {
        throw new AppError('jobs.invalid', `The payload for job ${name} does not match its schema.`, { status: 500 });
      }
      if (!boss) throw new Error('The job queue has not been started.');
      await boss.send(name, payload as object, { db: within(trx), ...sendOptions });
    },

    async listFailed(limit) {
      const { rows } = await options.executeSql(
        `select id, name, retry_count, retry_limit, created_on, completed_on, output
           from (select id, name, retry_count, retry_limit, created_on, completed_on, output, state from pgboss.job
                 union all
                 select id, name, retry_count, retry_limit, created_on, completed_on, output, state from pgboss.archive) j
          where state = 'failed'
          order by completed_on desc nulls last
          limit $1`,
        [limit],
      );
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        retryCount: Number(r.retry_count),
        retryLimit: Number(r.retry_limit),
        createdAt: new Date(r.created_on),
        failedAt: r.completed_on ? new Date(r.completed_on) : null,
        error: typeof r.output?.message === 'string' ? r.output.message.slice(0, 500) : null,
      }));
    },

    async retryWithin(trx, name, id) {
      definitionOf(name);
      if (!boss) throw new Error('The job queue has not been started.');
      // The v10 typings say void, but retry answers { jobs, requested, affected }.
      const result = (await boss.retry(name, id, { db: within(trx) } as never)) as unknown as { affected?: number } | undefined;
      return (result?.affected ?? 0) > 0;
    },
  };
}
