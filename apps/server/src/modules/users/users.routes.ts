/** Users: list, read, create (with a set-up link), change, new set-up link. */
import type { FastifyInstance } from 'fastify';
import { IdParams } from '#shared/contracts/common';
import { CreateUserBody, CreatedUser, ListUsersQuery, SetupLink, UpdateUserBody, User, UserPage } from '#shared/contracts/users';
import { actorOf, principalOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { UsersService } from './users.service.ts';

export function registerUsersRoutes(app: FastifyInstance, { users }: { users: UsersService }) {
  const tags = ['Users'];
  const me = principalOf;

  defineRoute(app, {
    method: 'GET', url: '/users', operationId: 'listUsers', tags, permission: 'users.read',
    summary: 'Users in the caller\'s scope, by name.', querystring: ListUsersQuery, response: { 200: UserPage },
    handler: async (request) => users.list(me(request), request.query),
  });

  defineRoute(app, {
    method: 'GET', url: '/users/:id', operationId: 'getUser', tags, permission: 'users.read',
    summary: 'One user.', params: IdParams, response: { 200: User },
    handler: async (request) => users.get(me(request), request.params.id),
  });

  defineRoute(app, {
    method: 'POST', url: '/users', operationId: 'createUser', tags, permission: 'users.manage',
    summary: 'Create a user; the answer holds a one-time link with which they set their password.',
    body: CreateUserBody, response: { 201: CreatedUser },
    handler: async (request, reply) => reply.status(201).send(await users.create(me(request), actorOf(request.principal, request), request.body)),
  });

  defineRoute(app, {
    method: 'PATCH', url: '/users/:id', operationId: 'updateUser', tags, permission: 'users.manage',
    summary: 'Change a user\'s name or role, or disable or enable them.',
    params: IdParams, body: UpdateUserBody, response: { 200: User },
    handler: async (request) => users.update(me(request), actorOf(request.principal, request), request.params.id, request.body),
  });

  defineRoute(app, {
    method: 'POST', url: '/users/:id/setup-link', operationId: 'createPasswordSetupLink', tags, permission: 'users.manage',
    summary: 'A new one-time link with which the user sets a password (replaces earlier ones).',
    params: IdParams, response: { 200: SetupLink },
    handler: async (request) => users.issueSetupLink(me(request), actorOf(request.principal, request), request.params.id),
  });
}
