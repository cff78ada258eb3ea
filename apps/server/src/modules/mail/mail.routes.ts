/**
 * The outbox, for administrators: every message Casebook composed, newest first, with
 * how its delivery went. Without an SMTP server this is where mail stays (outbox_only).
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { ListMailMessagesQuery, MailMessagePage } from '#shared/contracts/mail';
import type { DB } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { defineRoute } from '../../http/route.ts';
import { listOutbox } from './mail.repository.ts';
import { toMailMessage } from './mail-views.ts';

export function registerMailRoutes(app: FastifyInstance, { db, publicUrl }: { db: Kysely<DB>; publicUrl: string }) {
  defineRoute(app, {
    method: 'GET',
    url: '/mail',
    operationId: 'listMailMessages',
    tags: ['Mail'],
    permission: 'mail.read',
    summary: 'Mail messages (the outbox), newest first, optionally of one notice or in one state.',
    querystring: ListMailMessagesQuery,
    response: { 200: MailMessagePage },
    handler: async (request) => {
      const { noticeId, state, cursor } = request.query;
      const limit = request.query.limit ?? 50;
      const before = decodeCursor<{ at: string; id: string }>(cursor, { at: 'instant', id: 'uuid' });
      const rows = await listOutbox(db, { noticeId, state, before, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => toMailMessage(row, publicUrl)),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.created_key, id: last.id }) : null,
      };
    },
  });
}
