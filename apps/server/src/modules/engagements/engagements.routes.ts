/** Meetings, calls and letters with outside organizations, and the disclosure ledger (docs/modules/engagements.md). */
import type { FastifyInstance } from 'fastify';
import { IdParams } from '#shared/contracts/common';
import {
  CreateEngagementBody,
  DisclosureLedger,
  Engagement,
  EngagementPage,
  ListDisclosuresQuery,
  ListEngagementsQuery,
  UpdateEngagementBody,
} from '#shared/contracts/engagements';
import { actorOf, principalOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { EngagementsService } from './engagements.service.ts';

export function registerEngagementsRoutes(app: FastifyInstance, { engagements }: { engagements: EngagementsService }) {
  const tags = ['Engagements'];
  const me = principalOf;

  // The incident's id is `:id` as on every other /incidents/:id/… route: the router keeps one
  // parameter per position, and differing names would show as `:id|:incidentId`.
  defineRoute(app, {
    method: 'GET',
    url: '/incidents/:id/engagements',
    operationId: 'listEngagements',
    tags,
    permission: 'engagements.read',
    summary: "The incident's meetings, calls and letters in date order, by kind, organization and date range.",
    params: IdParams,
    querystring: ListEngagementsQuery,
    response: { 200: EngagementPage },
    handler: async (request) => engagements.list(me(request), request.params.id, request.query),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/incidents/:id/engagements',
    operationId: 'createEngagement',
    tags,
    permission: 'engagements.write',
    summary: 'Record a meeting, call or letter with its attendees, actions and disclosure ledger; it enters the chronology at its date.',
    params: IdParams,
    body: CreateEngagementBody,
    response: { 201: Engagement },
    handler: async (request, reply) =>
      reply.status(201).send(await engagements.create(me(request), actorOf(request.principal, request), request.params.id, request.body)),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/engagements/:id',
    operationId: 'getEngagement',
    tags,
    permission: 'engagements.read',
    summary: 'One engagement with its attendees, agenda, minutes, actions and disclosure ledger.',
    params: IdParams,
    response: { 200: Engagement },
    handler: async (request) => engagements.get(me(request), request.params.id),
  });

  defineRoute(app, {
    method: 'PATCH',
    url: '/engagements/:id',
    operationId: 'updateEngagement',
    tags,
    permission: 'engagements.write',
    summary:
      'Correct an engagement (with `version`); lists given replace the current ones. Its chronology entry keeps the earlier date and title.',
    params: IdParams,
    body: UpdateEngagementBody,
    response: { 200: Engagement },
    handler: async (request) => engagements.update(me(request), actorOf(request.principal, request), request.params.id, request.body),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/incidents/:id/disclosures',
    operationId: 'listDisclosures',
    tags,
    permission: 'engagements.read',
    summary: "The disclosure ledger across the incident's engagements: per topic and organization, what happened in each engagement.",
    params: IdParams,
    querystring: ListDisclosuresQuery,
    response: { 200: DisclosureLedger },
    handler: async (request) => engagements.disclosures(me(request), request.params.id, request.query),
  });
}
