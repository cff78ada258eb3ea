/** Failed background jobs, for administrators, with a retry. */
import type { FastifyInstance } from 'fastify';
import { FailedJobList, RetryJobParams } from '#shared/contracts/jobs';
import type { Kysely } from 'kysely';
import { actorOf } from '../../access/principal.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { notFound } from '../../http/app-error.ts';
import { defineRoute } from '../../http/route.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';

export function registerJobsRoutes(app: FastifyInstance, { jobs, db }: { jobs: JobQueue; db: Kysely<DB> }) {
  const tags = ['Jobs'];
  defineRoute(app, {
    method: 'GET', url: '/jobs/failed', operationId: 'listFailedJobs', tags, permission: 'jobs.read',
    summary: 'Jobs that failed after all their retries, newest first.', response: { 200: FailedJobList },
    handler: async () => ({ items: await jobs.listFailed(200) }),
  });

  defineRoute(app, {
    method: 'POST', url: '/jobs/:name/:id/retry', operationId: 'retryJob', tags, permission: 'jobs.manage',
    summary: 'Run a failed job again.', params: RetryJobParams, response: { 204: null },
    handler: async (request, reply) => {
      if (!jobs.definitions().has(request.params.name)) throw notFound('jobs', 'The job');
      const { name, id } = request.params;
      await inTransaction({ db, jobs }, actorOf(request.principal, request), async (uow) => {
        // pg-boss changes nothing for an unknown id or a job that has not failed; say so rather than 204.
        if (!(await jobs.retryWithin(uow.trx, name, id))) throw notFound('jobs', 'The failed job');
        uow.audit({ action: 'job.retried', targetType: 'job', targetIds: [id], after: { name } });
      });
      return reply.status(204).send();
    },
  });
}
