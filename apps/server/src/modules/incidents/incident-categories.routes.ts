/** The configurable list of incident categories: everyone reads it, admins add and retire. */
import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { IdParams } from '#shared/contracts/common';
import { CategoryList, CreateCategoryBody, IncidentCategory, UpdateCategoryBody } from '#shared/contracts/incidents';
import type { DB } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { defineRoute } from '../../http/route.ts';
import { actorOf } from '../../access/principal.ts';
import { isRsitType } from './rsit.ts';

type Row = Selectable<DB['incident_categories']>;

const view = (r: Row) => ({ id: r.id, code: r.code, label: r.label, rsitClass: r.rsit_class, rsitType: r.rsit_type, source: r.source, active: r.active });

export function registerIncidentCategoriesRoutes(app: FastifyInstance, deps: UnitOfWorkDeps) {
  const tags = ['Incidents'];

  defineRoute(app, {
    method: 'GET', url: '/incident-categories', operationId: 'listIncidentCategories', tags, permission: 'incidents.read',
    summary: 'The incident categories (CERT-In 2022 reportable types mapped to RSIT), retired ones included and marked.', response: { 200: CategoryList },
    handler: async () => ({ items: (await deps.db.selectFrom('incident_categories').selectAll().orderBy('position').orderBy('label').execute()).map(view) }),
  });

  defineRoute(app, {
    method: 'POST', url: '/incident-categories', operationId: 'createIncidentCategory', tags, permission: 'settings.manage',
    summary: 'Add an incident category mapped to an RSIT class and type.', body: CreateCategoryBody, response: { 201: IncidentCategory },
    handler: async (request, reply) => {
      const body = request.body;
      if (!isRsitType(body.rsitClass, body.rsitType)) {
        throw new AppError('incidents.unknown_rsit_type', `${body.rsitClass}/${body.rsitType} is not a class/type of the Reference Security Incident Taxonomy.`);
      }
      const row = await inTransaction(deps, actorOf(request.principal, request), async (uow) => {
        const max = await uow.trx.selectFrom('incident_categories').select((eb) => eb.fn.max('position').as('p')).executeTakeFirstOrThrow();
        const inserted = await uow.trx.insertInto('incident_categories').values({
          code: body.code, label: body.label.trim(), description: body.description ?? null, rsit_class: body.rsitClass, rsit_type: body.rsitType,
          source: body.source ?? null, position: Number(max.p ?? 0) + 1,
        }).returningAll().executeTakeFirstOrThrow().catch((error: unknown) => {
          if (isUniqueViolation(error, 'incident_categories_code_key')) throw new AppError('incidents.category_exists', `A category with the code ${body.code} exists already.`);
          throw error;
        });
        uow.audit({ action: 'incident_category.created', targetType: 'incident_category', targetIds: [inserted.id], after: body });
        return inserted;
      });
      return reply.status(201).send(view(row));
    },
  });

  defineRoute(app, {
    method: 'PATCH', url: '/incident-categories/:id', operationId: 'updateIncidentCategory', tags, permission: 'settings.manage',
    summary: 'Rename, describe, retire or bring back a category (incidents keep theirs).', params: IdParams, body: UpdateCategoryBody, response: { 200: IncidentCategory },
    handler: async (request) =>
      inTransaction(deps, actorOf(request.principal, request), async (uow) => {
        const before = await uow.trx.selectFrom('incident_categories').selectAll().where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (!before) throw notFound('incidents', 'The category');
        const after = await uow.trx.updateTable('incident_categories').set({
          ...(request.body.label !== undefined ? { label: request.body.label.trim() } : {}),
          ...(request.body.description !== undefined ? { description: request.body.description } : {}),
          ...(request.body.active !== undefined ? { active: request.body.active } : {}),
        }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
        uow.audit({ action: 'incident_category.updated', targetType: 'incident_category', targetIds: [before.id], before: view(before), after: view(after) });
        return view(after);
      }),
  });
}
