/**
 * Backup and restore as one .tar.gz: every table as NDJSON (read in one snapshot), the
 * files under the data directory, and a manifest with row counts and SHA-256 digests.
 * The format is the same for the embedded database and a server, so a backup also
 * moves an evaluation install onto PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type Kysely, type Transaction, sql } from 'kysely';
import * as tar from 'tar';
import { AppError } from '../http/app-error.ts';
import { quoteIdent, tablesInDependencyOrder } from './table-order.ts';

const FORMAT = 'casebook-backup';
const PAGE = 5_000;
const INSERT_BATCH = 1_000;

export interface BackupManifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: Array<{ name: string; rows: number; sha256: string }>;
  files: boolean;
}

async function appliedMigrations(db: Kysely<any> | Transaction<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

async function dumpTable(trx: Transaction<any>, table: { name: string; primaryKey: string[] }, file: string): Promise<{ rows: number; sha256: string }> {
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  const pk = table.primaryKey.map(quoteIdent).join(', ');
  let after: unknown[] | null = null;
  let rows = 0;
  for (;;) {
    const where: ReturnType<typeof sql> = after ? sql`where (${sql.raw(pk)}) > (${sql.join(after)})` : sql``;
    const page: { rows: Array<{ j: string; k: unknown[] }> } = await sql<{ j: string; k: unknown[] }>`
      select row_to_json(t)::text as j, json_build_array(${sql.raw(table.primaryKey.map((c) => `t.${quoteIdent(c)}`).join(', '))}) as k
        from ${sql.table(table.name)} t ${where} order by ${sql.raw(pk)} limit ${PAGE}`.execute(trx);
    for (const row of page.rows) {
      const line = `${row.j}\n`;
      hash.update(line);
      if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    rows += page.rows.length;
    if (page.rows.length < PAGE) break;
    after = page.rows[page.rows.length - 1].k;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { rows, sha256: hash.digest('hex') };
}

export async function createBackup(options: { db: Kysely<any>; dataDir: string; file: string }): Promise<BackupManifest> {
  const work = await mkdtemp(path.join(tmpdir(), 'casebook-backup-'));
  try {
    await mkdir(path.join(work, 'tables'));
    const manifest = await options.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      const tables = await tablesInDependencyOrder(trx);
      const entries: BackupManifest['tables'] = [];
      for (const table of tables) {
        entries.push({ name: table.name, ...(await dumpTable(trx, table, path.join(work, 'tables', `${table.name}.ndjson`))) });
      }
      return { format: FORMAT, version: 1, createdAt: new Date().toISOString(), migrations: await appliedMigrations(trx), tables: entries, files: false } as BackupManifest;
    });
    const filesDir = path.join(options.dataDir, 'files');
    if (existsSync(filesDir)) {
      await cp(filesDir, path.join(work, 'files'), { recursive: true });
      manifest.files = true;
    }
    await writeFile(path.join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await tar.create({ gzip: true, file: options.file, cwd: work, portable: true, mode: 0o600 } as tar.TarOptionsWithAliasesAsyncFile, ['manifest.json', 'tables', ...(manifest.files ? ['files'] : [])]);
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function restoreBackup(options: { db: Kysely<any>; dataDir: string; file: string }): Promise<BackupManifest> {
  const work = await mkdtemp(path.join(tmpdir(), 'casebook-restore-'));
  try {
    await tar.extract({ file: options.file, cwd: work, strict: true });
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(await readFile(path.join(work, 'manifest.json'), 'utf8')) as BackupManifest;
    } catch {
      throw new AppError('backup.invalid', 'This file is not a Casebook backup (no readable manifest).');
    }
    if (manifest.format !== FORMAT || manifest.version !== 1) throw new AppError('backup.invalid', 'This file is not a Casebook backup of a known version.');
    const here = await appliedMigrations(options.db);
    if (here.join(',') !== manifest.migrations.join(',')) {
      throw new AppError('backup.version_mismatch', `The backup was made at migration ${manifest.migrations.at(-1)}; this database is at ${here.at(-1)}. Restore with the matching Casebook version.`);
    }
    await options.db.transaction().execute(async (trx) => {
      const held = await sql<{ n: number }>`select (select count(*) from users) + (select count(*) from audit_events) as n`.execute(trx);
      if (Number(held.rows[0].n) > 0) throw new AppError('backup.target_not_empty', 'Restore needs an empty database (no users yet); create a new one or point DATABASE_URL at it.');
      const tables = await tablesInDependencyOrder(trx);
      // A fresh database still holds rows of its own (the chain heads, reference data the
      // migrations seed, a home organization); the backup's copies replace them.
      for (const table of [...tables].reverse()) await sql`delete from ${sql.table(table.name)}`.execute(trx);
      const known = new Set(tables.map((t) => t.name));
      for (const entry of manifest.tables) {
        if (!known.has(entry.name)) throw new AppError('backup.invalid', `The backup has a table ${entry.name} this version does not know.`);
        const loaded = await loadTable(trx, entry.name, path.join(work, 'tables', `${entry.name}.ndjson`));
        if (loaded.rows !== entry.rows || loaded.sha256 !== entry.sha256) {
          throw new AppError('backup.corrupt', `Table ${entry.name} in the backup does not match its manifest (rows or digest differ).`);
        }
      }
      await sql`select setval(pg_get_serial_sequence('auth_failures', 'id'), coalesce((select max(id) from auth_failures), 0) + 1, false)`.execute(trx);
    });
    if (manifest.files) await cp(path.join(work, 'files'), path.join(options.dataDir, 'files'), { recursive: true, force: false, errorOnExist: true });
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function loadTable(trx: Transaction<any>, table: string, file: string): Promise<{ rows: number; sha256: string }> {
  const hash = createHash('sha256');
  let rows = 0;
  let batch: string[] = [];
  // Generated columns (search vectors, the audit log's columns taken from its content) are
  // computed again by the database; inserting them is refused.
  const { rows: stored } = await sql<{ name: string }>`
    select attname as name from pg_attribute
     where attrelid = ${table}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
     order by attnum`.execute(trx);
  const columns = sql.join(stored.map((c) => sql.ref(c.name)));
  const flush = async () => {
    if (batch.length === 0) return;
    await sql`insert into ${sql.table(table)} (${columns}) overriding system value
              select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${`[${batch.join(',')}]`}::json)`.execute(trx);
    batch = [];
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line) continue;
    hash.update(`${line}\n`);
    batch.push(line);
    rows++;
    if (batch.length >= INSERT_BATCH) await flush();
  }
  await flush();
  return { rows, sha256: hash.digest('hex') };
}
