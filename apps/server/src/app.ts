/**
 * Builds the HTTP application from its configuration and database. Tests call this
 * directly and talk to it with `app.inject`; main.ts adds the listening socket and the
 * job workers.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuthentication } from './access/authenticate.ts';
import type { Config } from './config/config.ts';
import type { Database } from './db/database.ts';
import { registerErrorHandling, renderFrameworkError } from './http/error-handler.ts';
import { ErrorResponse, assertRouteDeclarations, defineRoute } from './http/route.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerValidation } from './http/validation.ts';
import type { JobDefinition } from './jobs/job-definition.ts';
import { type JobQueue, type JobSender, createJobQueue } from './jobs/job-queue.ts';
import { purgeExpiredCredentialsJob } from './jobs/definitions/purge-expired-credentials.ts';
import { createApiTokensService } from './modules/api-tokens/api-tokens.service.ts';
import { registerApiTokensRoutes } from './modules/api-tokens/api-tokens.routes.ts';
import { registerAuditLogRoutes } from './modules/audit-log/audit-log.routes.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { registerAuthRoutes } from './modules/auth/auth.routes.ts';
import { createLoadMe } from './modules/auth/load-me.ts';
import { registerHealthRoutes } from './modules/health/health.routes.ts';
import { registerJobsRoutes } from './modules/jobs/jobs.routes.ts';
import { createMailJobs, enqueueStartupSweep } from './modules/mail/mail-jobs.ts';
import { createObligationJobs } from './modules/obligations/obligation-jobs.ts';
import { createObligationRulesService } from './modules/obligations/obligation-rules.service.ts';
import { registerObligationsRoutes } from './modules/obligations/obligations.routes.ts';
import { registerIncidentReportsRoutes } from './modules/obligations/incident-reports.routes.ts';
import { registerAffectedPersonsRoutes } from './modules/affected-persons/affected-persons.routes.ts';
import { createRegisterJobs } from './modules/affected-persons/register-retention.ts';
import { createObligationsService } from './modules/obligations/obligations.service.ts';
import { registerMailRoutes } from './modules/mail/mail.routes.ts';
import { createOrganizationsService } from './modules/organizations/organizations.service.ts';
import { registerOrganizationsRoutes } from './modules/organizations/organizations.routes.ts';
import { createUsersService } from './modules/users/users.service.ts';
import { createIncidentListService } from './modules/incidents/incident-list.service.ts';
import { registerIncidentsRoutes } from './modules/incidents/incidents.routes.ts';
import { createIncidentsService } from './modules/incidents/incidents.service.ts';
import { createEngagementsService } from './modules/engagements/engagements.service.ts';
import { registerEngagementsRoutes } from './modules/engagements/engagements.routes.ts';
import { registerParticipantsRoutes } from './modules/participants/participants.routes.ts';
import { createParticipantsService } from './modules/participants/participants.service.ts';
import { createTimelineExport } from './modules/timeline/timeline-export.ts';
import { registerTimelineRoutes } from './modules/timeline/timeline.routes.ts';
import { registerIncidentMembersRoutes } from './modules/incidents/incident-members.routes.ts';
import { registerIncidentCategoriesRoutes } from './modules/incidents/incident-categories.routes.ts';
import { registerSavedFiltersRoutes } from './modules/saved-filters/saved-filters.routes.ts';
import { registerTeamsRoutes } from './modules/teams/teams.routes.ts';
import { registerNoticesModule } from './modules/notices/notices.routes.ts';
import { createTimelineService } from './modules/timeline/timeline.service.ts';
import { registerUsersRoutes } from './modules/users/users.routes.ts';
import { Type } from '@sinclair/typebox';

export const API_PREFIX = '/api/v1';

/** Log paths that may hold secrets; pino replaces their values. */
const REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.totpCode',
  '*.recoveryCode',
];

export interface BuildAppOptions {
  config: Config;
  database: Database;
  /** Extra job definitions (the product's own are always registered). */
  extraJobs?: JobDefinition<any>[];
  clock?: () => Date;
  /** Start the job workers and schedules (main.ts); without, jobs are only enqueued. */
  runJobs?: boolean;
}

export interface BuiltApp {
  app: FastifyInstance;
  jobs: JobQueue;
  close(): Promise<void>;
}

export async function buildApp(options: BuildAppOptions): Promise<BuiltApp> {
  const { config, database } = options;
  const clock = options.clock ?? (() => new Date());
  const secureCookies = config.publicUrl.startsWith('https://');

  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    exposeHeadRoutes: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: renderFrameworkError,
  });

  // Jobs that enqueue jobs reach the queue through this, as it is built from their definitions.
  const sender: JobSender = { sendWithin: (trx, name, payload, sendOptions) => jobs.sendWithin(trx, name, payload, sendOptions) };
  const jobs = createJobQueue({
    executeSql: database.executeSql,
    logger: app.log,
    definitions: [
      purgeExpiredCredentialsJob({ db: database.db, config, clock }),
      ...createMailJobs({ db: database.db, jobs: sender, config, clock }),
      ...createObligationJobs({ db: database.db, jobs: sender, clock }),
      ...createRegisterJobs({ db: database.db, jobs: sender, clock }),
      ...(options.extraJobs ?? []),
    ],
  });
  await jobs.start({ work: options.runJobs ?? false });
  if (options.runJobs) await enqueueStartupSweep({ db: database.db, jobs });

  const deps = { db: database.db, jobs, config, clock };
  const auth = createAuthService(deps);
  const tokens = createApiTokensService(deps);
  const users = createUsersService(deps);
  const organizations = createOrganizationsService(deps);
  const loadMe = createLoadMe({ db: database.db, auth });
  const incidents = createIncidentsService(deps);
  const incidentList = createIncidentListService(deps);
  const participants = createParticipantsService(deps);
  const timeline = createTimelineService(deps);
  const exportTimeline = createTimelineExport(deps);
  const engagements = createEngagementsService(deps);

  registerValidation(app);
  registerErrorHandling(app);
  registerSecurityHeaders(app, { https: secureCookies });
  assertRouteDeclarations(app);
  await app.register(fastifyCookie);
  registerAuthentication(app, { auth, tokens, secureCookies });
  app.addSchema(ErrorResponse);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Casebook API', version: '1', description: 'Run a security incident that involves outside organizations.' },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'casebook_session', description: 'Browser session; state-changing requests also need the x-csrf-token header.' },
          token: { type: 'http', scheme: 'bearer', description: 'Personal API token (cbt_…).' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string) || `def-${i}` },
  });

  await app.register(
    async (api) => {
      registerHealthRoutes(api, { db: database.db });
      registerAuthRoutes(api, { auth, secureCookies, loadMe });
      registerApiTokensRoutes(api, { tokens });
      registerUsersRoutes(api, { users });
      registerOrganizationsRoutes(api, { organizations });
      registerAuditLogRoutes(api, { db: database.db });
      registerJobsRoutes(api, { jobs, db: database.db });
      registerMailRoutes(api, { db: database.db, publicUrl: config.publicUrl });
      registerIncidentsRoutes(api, { incidents, list: incidentList });
      registerIncidentCategoriesRoutes(api, deps);
      registerParticipantsRoutes(api, { participants });
      registerTimelineRoutes(api, { timeline, exportTimeline });
      registerEngagementsRoutes(api, { engagements });
      registerIncidentMembersRoutes(api, deps);
      registerSavedFiltersRoutes(api, deps);
      registerTeamsRoutes(api, deps);
      registerNoticesModule(api, deps);
      registerObligationsRoutes(api, { obligations: createObligationsService(deps), rules: createObligationRulesService(deps) });
      registerIncidentReportsRoutes(api, deps);
      registerAffectedPersonsRoutes(api, { ...deps, registerKeys: config.registerKeys });
      defineRoute(api, {
        method: 'GET', url: '/openapi.json', operationId: 'getOpenApiDocument', tags: ['Health'], permission: 'public',
        summary: 'This API described as OpenAPI 3.1.', response: { 200: Type.Object({}, { additionalProperties: true }) },
        handler: async () => app.swagger(),
      });
    },
    { prefix: API_PREFIX },
  );

  await registerWebApp(app, config.webDir);
  await app.ready();

  return {
    app,
    jobs,
    async close() {
      await app.close();
      await jobs.stop();
    },
  };
}

/** The built single-page app at `/`; any non-API path that is not a file gets index.html. */
async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const index = path.join(webDir, 'index.html');
  if (!existsSync(index)) {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain').send('The web app has not been built. Run `npm run build` (npm start does it for you).'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false, maxAge: '1h', immutable: false });
  const sendIndex = (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/', sendIndex);
  app.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'route.not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.`, requestId: String(request.id) } });
    }
    if (request.url.startsWith('/assets/')) return reply.status(404).type('text/plain').send('Not found');
    return sendIndex(request, reply);
  });
}
