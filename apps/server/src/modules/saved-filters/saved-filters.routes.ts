/** A user's named incident-list filters: private to them, saved again under the same name to replace. */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { IdParams } from '#shared/contracts/common';
import { SaveFilterBody, SavedFilter, SavedFilterList } from '#shared/contracts/incidents';
import type { DB } from '../../db/schema.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { defineRoute } from '../../http/route.ts';
import { actorOf, principalOf } from '../../access/principal.ts';

const MAX_PER_USER = 100;

export function registerSavedFiltersRoutes(app: FastifyInstance, deps: UnitOfWorkDeps & { db: Kysely<DB>; clock: () => Date }) {
  const tags = ['Incidents'];
  const me = principalOf;
  const view = (r: { id: string; name: string; filter: unknown; created_at: Date }) => ({ id: r.id, name: r.name, filter: r.filter, createdAt: r.created_at.toISOString() });

  defineRoute(app, {
    method: 'GET', url: '/saved-filters', operationId: 'listSavedFilters', tags, permission: 'incidents.read',
    summary: 'The caller\'s saved incident filters.', response: { 200: SavedFilterList },
    handler: async (request) => {
      const rows = await deps.db.selectFrom('saved_filters').selectAll().where('user_id', '=', me(request).userId).orderBy('name').execute();
      return { items: rows.map(view) };
    },
  });

  defineRoute(app, {
    method: 'POST', url: '/saved-filters', operationId: 'saveFilter', tags, permission: 'incidents.read',
    summary: 'Save the current incident filter under a name (replacing one of the same name).', body: SaveFilterBody, response: { 201: SavedFilter },
    handler: async (request, reply) => {
      const principal = me(request);
      const saved = await inTransaction(deps, actorOf(principal, request), async (uow) => {
        const count = await uow.trx.selectFrom('saved_filters').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', principal.userId).executeTakeFirstOrThrow();
        if (Number(count.n) >= MAX_PER_USER) throw new AppError('saved_filters.too_many', `Keep at most ${MAX_PER_USER} saved filters; delete one first.`, { status: 409 });
        const row = await uow.trx.insertInto('saved_filters')
          .values({ user_id: principal.userId, name: request.body.name.trim(), filter: JSON.stringify(request.body.filter), created_at: deps.clock() })
          .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet({ filter: JSON.stringify(request.body.filter), created_at: deps.clock() }))
          .returningAll().executeTakeFirstOrThrow();
        uow.audit({ action: 'saved_filter.saved', targetType: 'saved_filter', targetIds: [row.id], after: { name: row.name } });
        return row;
      });
      return reply.status(201).send(view(saved));
    },
  });

  defineRoute(app, {
    method: 'DELETE', url: '/saved-filters/:id', operationId: 'deleteSavedFilter', tags, permission: 'incidents.read',
    summary: 'Delete one of the caller\'s saved filters.', params: IdParams, response: { 204: null },
    handler: async (request, reply) => {
      const principal = me(request);
      await inTransaction(deps, actorOf(principal, request), async (uow) => {
        const row = await uow.trx.deleteFrom('saved_filters').where('id', '=', request.params.id).where('user_id', '=', principal.userId).returning('name').executeTakeFirst();
        if (!row) throw notFound('saved_filters', 'The saved filter');
        uow.audit({ action: 'saved_filter.deleted', targetType: 'saved_filter', targetIds: [request.params.id], before: { name: row.name } });
      });
      return reply.status(204).send();
    },
  });
}
