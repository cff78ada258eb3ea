/**
 * Runs the `casebook` command as a user would (a child process, no TTY) against a
 * database of its own: a temporary embedded data directory or, when TEST_DATABASE_URL
 * is set, a new database on that server.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/database.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliTarget {
  dataDir: string;
  env: Record<string, string>;
  run(args: string[], input?: string): Promise<CliResult>;
  /** Opens the target in this process; close it before the next `run` (the embedded directory is locked). */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** `prepared`: start an embedded target from the migrated test snapshot instead of an empty directory. */
export async function createCliTarget(options: { prepared?: boolean } = {}): Promise<CliTarget> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casebook-cli-'));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', CASEBOOK_DATA_DIR: dataDir, CASEBOOK_LOG_LEVEL: 'silent' };
  const serverUrl = process.env.TEST_DATABASE_URL;
  let dropServer = async () => {};
  if (serverUrl) {
    const name = `casebook_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.CASEBOOK_SESSION_SECRET = randomBytes(32).toString('base64');
    env.CASEBOOK_DATA_KEY = randomBytes(32).toString('base64');
    dropServer = async () => {
      const again = new pg.Client({ connectionString: serverUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    };
  } else if (options.prepared) {
    const template = process.env.CASEBOOK_TEST_TEMPLATE;
    if (template && existsSync(template)) {
      const database = await openDatabase({ databaseUrl: null, dataDir, loadDataDir: new Blob([readFileSync(template)]) });
      await database.close();
    }
  }
  return {
    dataDir,
    env,
    run(args, input) {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['bin/casebook.mjs', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => { stdout += chunk; });
        child.stderr.on('data', (chunk) => { stderr += chunk; });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(input ?? '');
      });
    },
    open: () => openDatabase({ databaseUrl: env.DATABASE_URL ?? null, dataDir, poolSize: 2 }),
    async drop() {
      await dropServer();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
