/**
 * A real Casebook server for one browser-test file: a fresh database, the seeded test
 * world, the built web app, listening on a free local port. Or, with startDemoServer, a
 * new database as the first `npm start` leaves it: the CERT, the first administrator and
 * the demo case, with the demo users' passwords as the start prints them.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuiltApp, buildApp } from '../../apps/server/src/app.ts';
import { bootstrap } from '../../apps/server/src/bootstrap.ts';
import type { Database } from '../../apps/server/src/db/database.ts';
import type { DemoCredential, DemoUserKey } from '../../apps/server/src/modules/demo/demo-people.ts';
import { type LoadedDemo, loadDemoCase } from '../../apps/server/src/modules/demo/load-demo.ts';
import { type SeedWorld, seedWorld } from '../../apps/server/test/seed.ts';
import { testConfig } from '../../apps/server/test/test-config.ts';
import { createTestDatabase } from '../../apps/server/test/test-database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface E2eServer {
  baseUrl: string;
  world: SeedWorld;
  built: BuiltApp;
  database: Database;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The server only registers files that exist when it starts, so the build must be current first. */
function ensureWebBuild(): void {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/ensure-web-build.mjs')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('The web app could not be built.');
}

export async function startServer(): Promise<E2eServer> {
  ensureWebBuild();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const testDb = await createTestDatabase();
  const config = testConfig({ webDir: path.join(root, 'apps/web/dist'), publicUrl: baseUrl, port });
  const built = await buildApp({ config, database: testDb.database });
  const world = await seedWorld(testDb.database.db);
  await built.app.listen({ port, host: '127.0.0.1' });
  return {
    baseUrl,
    world,
    built,
    database: testDb.database,
    async close() {
      await built.close();
      await testDb.drop();
    },
  };
}

export interface E2eDemoServer {
  baseUrl: string;
  demo: LoadedDemo;
  /** A demo user's e-mail address and the password generated for it when the demo was loaded. */
  credential(key: DemoUserKey): DemoCredential;
  built: BuiltApp;
  database: Database;
  close(): Promise<void>;
}

/**
 * What the first start of a new embedded database does (main.ts): the CERT and the first
 * administrator, then the demo case through the same loader, which returns the passwords
 * that the start prints once.
 */
export async function startDemoServer(): Promise<E2eDemoServer> {
  ensureWebBuild();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const testDb = await createTestDatabase();
  // The names a first start uses when nothing is configured.
  const config = testConfig({
    webDir: path.join(root, 'apps/web/dist'),
    publicUrl: baseUrl,
    port,
    homeOrganizationName: 'National CERT',
    firstAdminEmail: 'admin@casebook.local',
  });
  const built = await buildApp({ config, database: testDb.database });
  await bootstrap({ db: testDb.database.db, jobs: built.jobs, config });
  const demo = await loadDemoCase({ db: testDb.database.db, jobs: built.jobs, config, via: 'system' });
  await built.app.listen({ port, host: '127.0.0.1' });
  return {
    baseUrl,
    demo,
    credential(key) {
      const found = demo.credentials.find((c) => c.key === key);
      if (!found) throw new Error(`The demo has no user ${key}.`);
      return found;
    },
    built,
    database: testDb.database,
    async close() {
      await built.close();
      await testDb.drop();
    },
  };
}
