/**
 * Opens the store of record: the embedded PGlite database in the data directory, or a
 * PostgreSQL server from DATABASE_URL. Both give the same Kysely instance and schema.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Mutex, PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { withPreparedStatements } from './prepared-statements.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

/** Runs raw SQL outside Kysely (the job queue, backups): same session rules as Kysely. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: any[] }>;

export interface Database {
  db: Kysely<DB>;
  kind: 'embedded' | 'server';
  executeSql: ExecuteSql;
  /** Embedded only: a gzip snapshot of the whole data directory, taken under the session mutex. */
  snapshot?: () => Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
  /** Start the embedded database from a snapshot made by `dumpDataDir` (tests). */
  loadDataDir?: Blob;
  /** Keep the embedded database in memory only (tests, one-off tools). */
  inMemory?: boolean;
}

const INT8 = 20;
const NUMERIC = 1700;

// Casebook's queries are short (docs/performance.md, "Incidents, search and chronology",
// "Staff scope"): JIT compilation costs up to a second on queries that run in a
// millisecond; starting parallel workers costs ~80 ms on a list that takes 14 ms alone;
// and a search's bitmap of a common word over a million incidents needs more than the
// default 4 MB to stay exact (226 ms → 65 ms). At most `max` connections × 16 MB per
// sort or bitmap node.
export const SERVER_CONNECTION_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=16MB';

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openServer(options.databaseUrl, options.poolSize ?? 10) : openEmbedded(options);
}

async function openServer(connectionString: string, max: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max,
    options: SERVER_CONNECTION_OPTIONS,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closes (a restart, a failover, an administrator) is
  // replaced on the next checkout; without a listener its error would end the process.
  pool.on('error', (error) => {
    process.stderr.write(`casebook: an idle database connection was closed by the server: ${error.message}\n`);
  });
  withPreparedStatements(pool);
  // Fail at start, with the server's own message, rather than on the first request.
  const client = await pool.connect();
  client.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'server',
    executeSql: (text, values) => pool.query(text, values as unknown[]),
    close: () => db.destroy(),
  };
}

async function openEmbedded(options: DatabaseOptions): Promise<Database> {
  const dir = path.join(options.dataDir, 'pgdata');
  const lock = options.inMemory ? null : (mkdirSync(dir, { recursive: true, mode: 0o700 }), lockDataDir(options.dataDir));
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(options.inMemory ? undefined : dir, {
      loadDataDir: options.loadDataDir,
      parsers: { [INT8]: Number, [NUMERIC]: String },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const mutex = new Mutex();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite, mutex) });
  const executeSql: ExecuteSql = (text, values) =>
    mutex.runExclusive(async () => {
      if (values && values.length > 0) return pglite.query(text, values);
      const results = await pglite.exec(text);
      return results[results.length - 1] ?? { rows: [] };
    });
  return {
    db,
    kind: 'embedded',
    executeSql,
    snapshot: () => mutex.runExclusive(() => pglite.dumpDataDir('gzip')),
    async close() {
      await db.destroy();
      await mutex.runExclusive(() => pglite.close());
      lock?.release();
    },
  };
}
