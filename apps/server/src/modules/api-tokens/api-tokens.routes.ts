/** The signed-in user's personal API tokens. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiToken, CreateApiTokenBody, NewApiToken } from '#shared/contracts/auth';
import { IdParams } from '#shared/contracts/common';
import { actorOf, principalOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { ApiTokensService } from './api-tokens.service.ts';

export function registerApiTokensRoutes(app: FastifyInstance, { tokens }: { tokens: ApiTokensService }) {
  const tags = ['API tokens'];
  const me = principalOf;

  defineRoute(app, {
    method: 'GET', url: '/me/tokens', operationId: 'listApiTokens', tags, permission: 'self',
    summary: 'The caller\'s active API tokens (never the tokens themselves).',
    response: { 200: Type.Object({ items: Type.Array(ApiToken) }) },
    handler: async (request) => ({ items: await tokens.list(me(request)) }),
  });

  defineRoute(app, {
    method: 'POST', url: '/me/tokens', operationId: 'createApiToken', tags, permission: 'self', sessionOnly: true,
    summary: 'Create an API token that acts with the caller\'s rights; the token is in this answer only.',
    body: CreateApiTokenBody, response: { 201: NewApiToken },
    handler: async (request, reply) => reply.status(201).send(await tokens.create(me(request), actorOf(request.principal, request), request.body)),
  });

  defineRoute(app, {
    method: 'DELETE', url: '/me/tokens/:id', operationId: 'revokeApiToken', tags, permission: 'self', sessionOnly: true,
    summary: 'Revoke one of the caller\'s API tokens.', params: IdParams, response: { 204: null },
    handler: async (request, reply) => {
      await tokens.revoke(me(request), actorOf(request.principal, request), request.params.id);
      return reply.status(204).send();
    },
  });
}
