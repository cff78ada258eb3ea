/** The audit log, for administrators: browse and filter. Verification is `casebook audit verify`. */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AuditEventPage, ListAuditEventsQuery } from '#shared/contracts/audit';
import type { DB } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { defineRoute } from '../../http/route.ts';
import { listAuditEvents } from './audit-log.repository.ts';

export function registerAuditLogRoutes(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  defineRoute(app, {
    method: 'GET', url: '/audit-events', operationId: 'listAuditEvents', tags: ['Audit log'], permission: 'audit.read',
    summary: 'Audit events, newest first, filtered by action (or action prefix ending in "."), actor, target and time.',
    querystring: ListAuditEventsQuery, response: { 200: AuditEventPage },
    handler: async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const before = decodeCursor<{ at: string; id: string }>(q.cursor, { at: 'timestamp', id: 'uuid' });
      const rows = await listAuditEvents(db, {
        ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, before, limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          id: r.id,
          occurredAt: r.occurred_at.toISOString(),
          action: r.action,
          actor: { userId: r.actor_user_id, name: r.actor_name, email: r.actor_email, organizationId: r.actor_organization_id, via: r.actor_via },
          targetType: r.target_type,
          targetIds: r.target_ids,
          before: r.before,
          after: r.after,
          requestId: r.request_id,
          clientAddress: r.client_address,
          chain: r.chain,
          seq: r.seq,
          hash: r.hash,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.occurred_at.toISOString(), id: last.id }) : null,
      };
    },
  });
}
