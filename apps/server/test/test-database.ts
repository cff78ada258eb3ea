/**
 * A fresh, migrated database for one test file: an in-memory PGlite started from a
 * snapshot (made once per run by scripts/run-tests.mjs), or, when TEST_DATABASE_URL is
 * set, a new database on that PostgreSQL server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

export interface TestDatabase {
  database: Database;
  /** The connection string, for a second app instance on the same server database. */
  url: string | null;
  drop(): Promise<void>;
}

function serverUrlFor(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `casebook_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = serverUrlFor(serverUrl, name);
    const database = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 12 });
    await migrateToLatest(database.db);
    return {
      database,
      url,
      async drop() {
        await database.close();
        const again = new pg.Client({ connectionString: serverUrl });
        await again.connect();
        await again.query(`drop database if exists ${name} with (force)`);
        await again.end();
      },
    };
  }
  const template = process.env.CASEBOOK_TEST_TEMPLATE;
  const loadDataDir = template && existsSync(template) ? new Blob([readFileSync(template)]) : undefined;
  const database = await openDatabase({ databaseUrl: null, dataDir: '/nonexistent', inMemory: true, loadDataDir });
  if (!loadDataDir) await migrateToLatest(database.db);
  return { database, url: null, drop: () => database.close() };
}
