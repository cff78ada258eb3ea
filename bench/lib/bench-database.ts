/**
 * A throw-away database for one benchmark run on the local PostgreSQL server, named
 * `casebook_bench_<label>_<pid>_<random>`, migrated, dropped again on drop() or when
 * the process is interrupted.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';

export const BENCH_SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const live = new Set<BenchDatabase>();
let handlersInstalled = false;

function urlFor(name: string): string {
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const name = `casebook_bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = urlFor(name);
  const database = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 2 });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  let dropped: Promise<void> | null = null;
  const bench: BenchDatabase = {
    name,
    url,
    drop() {
      dropped ??= admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {
        live.delete(bench);
      });
      return dropped;
    },
  };
  live.add(bench);
  installHandlers();
  return bench;
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: dropping benchmark databases…\n`);
      Promise.allSettled([...live].map((d) => d.drop())).finally(() => process.exit(130));
    });
  }
}
