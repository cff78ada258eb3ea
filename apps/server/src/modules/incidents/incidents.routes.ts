/** Incidents: list and search, create, read, change, status, affected counts, links. */
import type { FastifyInstance } from 'fastify';
import { IdParams } from '#shared/contracts/common';
import {
  ChangeStatusBody, CreateIncidentBody, Incident, IncidentPage, LinkIncidentsBody, ListIncidentsQuery, SetAffectedCountBody, UpdateIncidentBody,
} from '#shared/contracts/incidents';
import { actorOf, principalOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { IncidentsService } from './incidents.service.ts';
import type { IncidentListService } from './incident-list.service.ts';

export function registerIncidentsRoutes(app: FastifyInstance, deps: { incidents: IncidentsService; list: IncidentListService }) {
  const { incidents } = deps;
  const tags = ['Incidents'];
  const me = principalOf;

  defineRoute(app, {
    method: 'GET', url: '/incidents', operationId: 'listIncidents', tags, permission: 'incidents.read',
    summary: 'Incidents in the caller\'s scope, filtered and sorted; `q` searches titles, summaries and the chronology (web-search syntax).',
    querystring: ListIncidentsQuery, response: { 200: IncidentPage },
    handler: async (request) => deps.list.list(me(request), request.query),
  });

  defineRoute(app, {
    method: 'POST', url: '/incidents', operationId: 'createIncident', tags, permission: 'incidents.create',
    summary: 'Record a new incident; it gets the next reference of the year.', body: CreateIncidentBody, response: { 201: Incident },
    handler: async (request, reply) => reply.status(201).send(await incidents.create(me(request), actorOf(request.principal, request), request.body)),
  });

  defineRoute(app, {
    method: 'GET', url: '/incidents/:id', operationId: 'getIncident', tags, permission: 'incidents.read',
    summary: 'One incident, with what the caller may do on it.', params: IdParams, response: { 200: Incident },
    handler: async (request) => incidents.getAndRecordOpening(me(request), actorOf(request.principal, request), request.params.id),
  });

  defineRoute(app, {
    method: 'PATCH', url: '/incidents/:id', operationId: 'updateIncident', tags, permission: 'incidents.write',
    summary: 'Change an incident\'s facts (optimistic locking on `version`).', params: IdParams, body: UpdateIncidentBody, response: { 200: Incident },
    handler: async (request) => incidents.update(me(request), actorOf(request.principal, request), request.params.id, request.body),
  });

  defineRoute(app, {
    method: 'POST', url: '/incidents/:id/status', operationId: 'changeIncidentStatus', tags, permission: 'incidents.write',
    summary: 'Move an incident along its lifecycle; resolving, closing and reopening need a reason.', params: IdParams, body: ChangeStatusBody, response: { 200: Incident },
    handler: async (request) => incidents.changeStatus(me(request), actorOf(request.principal, request), request.params.id, request.body),
  });

  defineRoute(app, {
    method: 'POST', url: '/incidents/:id/affected-counts', operationId: 'setAffectedCount', tags, permission: 'incidents.write',
    summary: 'Record how many people are affected in a country (ZZ: worldwide), as of a date and per a source; earlier figures stay as history.',
    params: IdParams, body: SetAffectedCountBody, response: { 200: Incident },
    handler: async (request) => incidents.setAffectedCount(me(request), actorOf(request.principal, request), request.params.id, request.body),
  });

  defineRoute(app, {
    method: 'POST', url: '/incidents/:id/links', operationId: 'linkIncidents', tags, permission: 'incidents.write',
    summary: 'Link a related incident.', params: IdParams, body: LinkIncidentsBody, response: { 200: Incident },
    handler: async (request) => incidents.link(me(request), actorOf(request.principal, request), request.params.id, request.body),
  });
}
