/** Organizations: list, read, create, update. */
import type { FastifyInstance } from 'fastify';
import { IdParams } from '#shared/contracts/common';
import { CreateOrganizationBody, ListOrganizationsQuery, Organization, OrganizationPage, UpdateOrganizationBody } from '#shared/contracts/organizations';
import { actorOf, principalOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { OrganizationsService } from './organizations.service.ts';

export function registerOrganizationsRoutes(app: FastifyInstance, { organizations }: { organizations: OrganizationsService }) {
  const tags = ['Organizations'];
  const me = principalOf;

  defineRoute(app, {
    method: 'GET', url: '/organizations', operationId: 'listOrganizations', tags, permission: 'organizations.read',
    summary: 'Organizations in the caller\'s scope (an outside user sees only their own).',
    querystring: ListOrganizationsQuery, response: { 200: OrganizationPage },
    handler: async (request) => organizations.list(me(request), request.query),
  });

  defineRoute(app, {
    method: 'GET', url: '/organizations/:id', operationId: 'getOrganization', tags, permission: 'organizations.read',
    summary: 'One organization.', params: IdParams, response: { 200: Organization },
    handler: async (request) => organizations.get(me(request), request.params.id),
  });

  defineRoute(app, {
    method: 'POST', url: '/organizations', operationId: 'createOrganization', tags, permission: 'organizations.manage',
    summary: 'Register an outside organization.', body: CreateOrganizationBody, response: { 201: Organization },
    handler: async (request, reply) => reply.status(201).send(await organizations.create(me(request), actorOf(request.principal, request), request.body)),
  });

  defineRoute(app, {
    method: 'PATCH', url: '/organizations/:id', operationId: 'updateOrganization', tags, permission: 'organizations.manage',
    summary: 'Change an organization\'s particulars, legal roles or jurisdictions (with the version read); its kind never changes.',
    params: IdParams, body: UpdateOrganizationBody, response: { 200: Organization },
    handler: async (request) => organizations.update(me(request), actorOf(request.principal, request), request.params.id, request.body),
  });
}
