import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../http/app-error.ts';
import { type Database, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

const root = path.resolve(import.meta.dirname, '../../../..');
const template = process.env.CASEBOOK_TEST_TEMPLATE;

/** Opens (creating if need be) the embedded database in `dataDir`, from the test snapshot when there is one. */
async function openEmbedded(dataDir: string, fresh = false): Promise<Database> {
  const loadDataDir = fresh && template && existsSync(template) ? new Blob([readFileSync(template)]) : undefined;
  const database = await openDatabase({ databaseUrl: null, dataDir, loadDataDir });
  if (!loadDataDir) await migrateToLatest(database.db);
  return database;
}

const inUse = (error: unknown) => error instanceof AppError && error.code === 'database.data_dir_in_use';

describe('embedded database directory lock', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'casebook-lock-'));
  const dataDir = path.join(temp, 'data');
  let first: Database;
  before(async () => {
    first = await openEmbedded(dataDir, true);
    await first.db.insertInto('organizations').values({ name: 'Written By First', kind: 'vendor', sectors: [] }).execute();
  });
  after(async () => {
    await first?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('refuses a second open in the same process, also under another name for the directory', async () => {
    await assert.rejects(openDatabase({ databaseUrl: null, dataDir }), inUse);
    const relative = path.relative(process.cwd(), dataDir);
    await assert.rejects(openDatabase({ databaseUrl: null, dataDir: relative }), inUse);
    await assert.rejects(openDatabase({ databaseUrl: null, dataDir: `${temp}/./data/` }), inUse);
    // The first holder is unharmed.
    const row = await first.db.selectFrom('organizations').select('name').where('name', '=', 'Written By First').executeTakeFirst();
    assert.ok(row);
  });

  it('refuses another process, which exits with a clear message', async () => {
    const child = spawn(process.execPath, ['bin/casebook.mjs', 'migrate'], {
      cwd: root, env: { PATH: process.env.PATH, CASEBOOK_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`in use by another Casebook process \\(pid ${process.pid}\\)`));
    assert.equal(readFileSync(path.join(dataDir, 'casebook.lock'), 'utf8'), String(process.pid));
  });

  it('keeps every committed write after the refused opens, and frees the directory on close', async () => {
    await first.db.insertInto('organizations').values({ name: 'Written After Refusals', kind: 'vendor', sectors: [] }).execute();
    await first.close();
    assert.equal(existsSync(path.join(dataDir, 'casebook.lock')), false);
    first = await openEmbedded(dataDir);
    const names = (await first.db.selectFrom('organizations').select('name').execute()).map((r) => r.name);
    assert.ok(names.includes('Written By First'));
    assert.ok(names.includes('Written After Refusals'));
  });

  it('takes over a stale lock left by a process that is gone', async () => {
    await first.close();
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    writeFileSync(path.join(dataDir, 'casebook.lock'), String(gone));
    first = await openEmbedded(dataDir);
    assert.equal(readFileSync(path.join(dataDir, 'casebook.lock'), 'utf8'), String(process.pid));
    assert.ok(await first.db.selectFrom('organizations').select('id').where('name', '=', 'Written By First').executeTakeFirst());
  });
});
