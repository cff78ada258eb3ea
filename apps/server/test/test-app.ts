/**
 * The in-process app for HTTP tests: a fresh database, the seeded world, and a client
 * that signs in through the real login route and sends the CSRF token like the web app.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type BuiltApp, buildApp } from '../src/app.ts';
import type { Config } from '../src/config/config.ts';
import type { JobDefinition } from '../src/jobs/job-definition.ts';
import { type SeedUserKey, type SeedWorld, seedWorld } from './seed.ts';
import { testConfig } from './test-config.ts';
import { type TestDatabase, createTestDatabase } from './test-database.ts';

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: string;
}

export interface TestApp {
  app: FastifyInstance;
  built: BuiltApp;
  testDb: TestDatabase;
  world: SeedWorld;
  config: Config;
  /** Signs in once per user and reuses the session; `fresh` always opens a new one. */
  login(user: SeedUserKey, options?: { fresh?: boolean }): Promise<Session>;
  request(options: InjectOptions & { as?: Session | { token: string } }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(options: { config?: Partial<Config>; extraJobs?: JobDefinition<any>[]; runJobs?: boolean; clock?: () => Date } = {}): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const config = testConfig(options.config);
  const built = await buildApp({ config, database: testDb.database, extraJobs: options.extraJobs, runJobs: options.runJobs, clock: options.clock });
  const world = await seedWorld(testDb.database.db);
  const sessions = new Map<SeedUserKey, Session>();

  const request: TestApp['request'] = async ({ as, headers, ...rest }) => {
    const extra: Record<string, string> = {};
    if (as && 'token' in as) extra.authorization = `Bearer ${as.token}`;
    else if (as) {
      extra.cookie = `casebook_session=${as.cookie}`;
      extra['x-csrf-token'] = as.csrfToken;
    }
    return built.app.inject({ ...rest, headers: { ...extra, ...(headers ?? {}) } } as InjectOptions);
  };

  return {
    app: built.app,
    built,
    testDb,
    world,
    config,
    request,
    async login(key, options = {}) {
      const cached = sessions.get(key);
      if (cached && !options.fresh) return cached;
      const user = world.users[key];
      const response = await built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
      if (response.statusCode !== 200) throw new Error(`login as ${key} failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'casebook_session')?.value;
      if (!cookie) throw new Error('no session cookie');
      const session = { cookie, csrfToken: response.json().csrfToken as string, userId: user.id };
      sessions.set(key, session);
      return session;
    },
    async close() {
      await built.close();
      await testDb.drop();
    },
  };
}
