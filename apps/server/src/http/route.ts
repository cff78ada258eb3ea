/**
 * Declares one API route: its operationId, the permission it needs, its input and
 * output schemas. The app refuses to start if an /api route lacks either of the first
 * two (see assertRouteDeclarations).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Permission } from '#shared/roles';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      requestId: Type.String(),
      details: Type.Optional(Type.Unknown()),
      retryAfterSeconds: Type.Optional(Type.Integer()),
    }),
  },
  { $id: 'ErrorResponse', title: 'Error' },
);

const ERROR_RESPONSES = {
  400: Type.Ref('ErrorResponse'),
  401: Type.Ref('ErrorResponse'),
  403: Type.Ref('ErrorResponse'),
  404: Type.Ref('ErrorResponse'),
  409: Type.Ref('ErrorResponse'),
  413: Type.Ref('ErrorResponse'),
  415: Type.Ref('ErrorResponse'),
  422: Type.Ref('ErrorResponse'),
  429: Type.Ref('ErrorResponse'),
};

type Maybe<T extends TSchema | undefined> = T extends TSchema ? Static<T> : undefined;

export interface RouteSpec<B extends TSchema | undefined, Q extends TSchema | undefined, P extends TSchema | undefined> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  operationId: string;
  summary: string;
  tags: string[];
  permission: Permission;
  sessionOnly?: boolean;
  body?: B;
  /** The body may be left out entirely; it is then validated as `{}`. */
  bodyOptional?: boolean;
  /** A larger body than the configured limit, for an upload (bytes). */
  bodyLimit?: number;
  querystring?: Q;
  params?: P;
  /** Status to schema; 204 takes no schema. */
  response: Record<number, TSchema | null>;
  handler: (request: FastifyRequest & { body: Maybe<B>; query: Maybe<Q>; params: Maybe<P> }, reply: FastifyReply) => Promise<unknown>;
}

export function defineRoute<
  B extends TSchema | undefined = undefined,
  Q extends TSchema | undefined = undefined,
  P extends TSchema | undefined = undefined,
>(app: FastifyInstance, spec: RouteSpec<B, Q, P>): void {
  const response: Record<number, unknown> = { ...ERROR_RESPONSES };
  for (const [status, schema] of Object.entries(spec.response)) {
    response[Number(status)] = schema ?? { type: 'null', description: 'No content' };
  }
  app.route({
    method: spec.method,
    url: spec.url,
    config: { permission: spec.permission, ...(spec.sessionOnly ? { sessionOnly: true } : {}) },
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    schema: {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.body ? { body: spec.body } : {}),
      ...(spec.querystring ? { querystring: spec.querystring } : {}),
      ...(spec.params ? { params: spec.params } : {}),
      response,
      ...(spec.permission === 'public' ? { security: [] } : {}),
    },
    ...(spec.bodyOptional
      ? // Only a body left out counts as `{}`; an explicit `null` is a body of the wrong type.
        {
          preValidation: async (request: FastifyRequest) => {
            if (request.body === undefined) request.body = {};
          },
        }
      : {}),
    handler: spec.handler as RouteOptions['handler'],
  });
}

/** Every API route must name its permission and operationId; a route without them stops the start. */
export function assertRouteDeclarations(app: FastifyInstance): void {
  const seen = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const permission = (route.config as { permission?: Permission } | undefined)?.permission;
    const operationId = (route.schema as { operationId?: string } | undefined)?.operationId;
    if (route.method === 'HEAD') return;
    if (!permission) throw new Error(`Route ${route.method} ${route.url} declares no permission.`);
    if (!operationId) throw new Error(`Route ${route.method} ${route.url} declares no operationId.`);
    if (seen.has(operationId)) throw new Error(`operationId ${operationId} is used twice.`);
    seen.add(operationId);
  });
}
