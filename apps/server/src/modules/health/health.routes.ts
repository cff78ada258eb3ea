/** Liveness and readiness for load balancers: no sign-in, no data. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { defineRoute } from '../../http/route.ts';

export function registerHealthRoutes(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  defineRoute(app, {
    method: 'GET', url: '/health', operationId: 'getHealth', tags: ['Health'], permission: 'public',
    summary: 'Is the server up and its database reachable?',
    response: { 200: Type.Object({ status: Type.Literal('ok') }) },
    handler: async () => {
      try {
        await sql`select 1`.execute(db);
      } catch {
        throw new AppError('health.database_unavailable', 'The database cannot be reached.', { status: 503 });
      }
      return { status: 'ok' as const };
    },
  });
}
