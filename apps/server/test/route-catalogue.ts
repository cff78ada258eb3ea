/**
 * The API routes of a running app, for suites that must cover every route (the access
 * matrix, the malformed-input test).
 *
 * Two sources, joined and checked against each other:
 * - the router itself (`printRoutes`) is the list of record: it is exactly what will
 *   answer a request, including a route that is hidden from the OpenAPI document
 *   (`schema.hide`) or registered outside `defineRoute`;
 * - the OpenAPI document (`app.swagger()`), which @fastify/swagger builds from the same
 *   route registrations, gives each route its operationId and input schemas.
 * A route in one but not the other fails the catalogue, since the published API
 * description would then be wrong. An onRoute hook would see the registrations too,
 * but it can only be added before the routes are, that is inside buildApp, and src/
 * has no test-only branches.
 */
import type { FastifyInstance } from 'fastify';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  maxLength?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  items?: JsonSchema;
  [key: string]: unknown;
}

export interface CataloguedRoute {
  method: HttpMethod;
  /** In the router's form, `/api/v1/users/:id`. */
  url: string;
  operationId: string;
  pathParams: string[];
  /** JSON schema of the body, when the route takes one. */
  body: JsonSchema | null;
  /** Query parameters the route declares, by name. */
  query: Record<string, JsonSchema>;
  isPublic: boolean;
}

const NODE = /^((?:[│ ] {3})*)[├└]── (\S+?)(?: \(([A-Z, ]+)\))?$/u;

/** Every method and path the router dispatches, from its own printout of the route tree. */
export function routerRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const lines = app.printRoutes({ commonPrefix: false }).split('\n').filter((line) => line.trim() !== '');
  const stack: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of lines) {
    const match = NODE.exec(line);
    if (!match) throw new Error(`Cannot read the route tree line "${line}"; the catalogue needs updating.`);
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    const url = stack.join('').replace(/^\/?/, '/');
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  return routes;
}

interface OpenApiOperation {
  operationId?: string;
  security?: unknown[];
  parameters?: { in: string; name: string; schema: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
}

/** The API routes of `app`; throws when the router and the OpenAPI document disagree. */
export function catalogueRoutes(app: FastifyInstance, prefix = '/api/'): CataloguedRoute[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> };
  const documented = new Map<string, CataloguedRoute>();
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!path.startsWith(prefix)) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const url = path.replace(/\{([^}]+)\}/g, ':$1');
      const parameters = operation.parameters ?? [];
      documented.set(`${method.toUpperCase()} ${url}`, {
        method: method.toUpperCase() as HttpMethod,
        url,
        operationId: operation.operationId ?? '',
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
        isPublic: Array.isArray(operation.security) && operation.security.length === 0,
      });
    }
  }
  const routed = routerRoutes(app).filter((r) => r.url.startsWith(prefix)).map((r) => `${r.method} ${r.url}`);
  const problems = [
    ...routed.filter((key) => !documented.has(key)).map((key) => `${key} answers requests but is not in the OpenAPI document`),
    ...[...documented.keys()].filter((key) => !routed.includes(key)).map((key) => `${key} is documented but the router has no such route`),
    ...[...documented.values()].filter((r) => !r.operationId).map((r) => `${r.method} ${r.url} has no operationId`),
  ];
  if (problems.length > 0) throw new Error(`The route catalogue is inconsistent:\n${problems.join('\n')}`);
  return [...documented.values()].sort((a, b) => a.operationId.localeCompare(b.operationId));
}

/** Puts parameter values into a route URL; values are percent-encoded unless `raw`. */
export function fillPath(url: string, params: Record<string, string>, options: { raw?: boolean } = {}): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for path parameter ${name} of ${url}`);
    return options.raw ? value : encodeURIComponent(value);
  });
}
