#!/usr/bin/env node
/**
 * Runs the test suite with Node's test runner. Node 20 does not expand globs and, given
 * no files, silently runs nothing, so the files are listed here. Without
 * TEST_DATABASE_URL the tests use embedded databases started from one migrated snapshot.
 *
 *   node scripts/run-tests.mjs            server, shared and CLI tests
 *   node scripts/run-tests.mjs e2e        browser tests (needs Chromium and a built web app)
 *   node scripts/run-tests.mjs FILE...    only these files
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const e2e = args[0] === 'e2e';

function walk(dir, match, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, match, out);
    else if (match(entry)) out.push(path.relative(root, full));
  }
  return out;
}

const isTest = (name) => /\.test\.tsx?$/.test(name);
const files = e2e
  ? walk(path.join(root, 'e2e'), isTest)
  : args.length > 0
    ? args
    : [...walk(path.join(root, 'apps/server'), isTest), ...walk(path.join(root, 'packages/shared'), isTest)];
files.sort();
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}

const env = { ...process.env };
if (!env.TEST_DATABASE_URL && !e2e) {
  const migrationsDir = path.join(root, 'apps/server/migrations');
  const digest = createHash('sha256');
  for (const f of readdirSync(migrationsDir).sort()) digest.update(f).update(readFileSync(path.join(migrationsDir, f)));
  // The rule packs are installed right after the migrations, so they are part of the snapshot too.
  const packsDir = path.join(root, 'apps/server/src/modules/obligations/packs');
  for (const f of readdirSync(packsDir).sort()) digest.update(f).update(readFileSync(path.join(packsDir, f)));
  digest.update(readFileSync(path.join(root, 'package-lock.json')));
  const cacheDir = path.join(root, 'node_modules/.cache/casebook');
  mkdirSync(cacheDir, { recursive: true });
  const template = path.join(cacheDir, `test-template-${digest.digest('hex').slice(0, 16)}.tgz`);
  if (!existsSync(template)) {
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/make-test-template.ts', template], { cwd: root, stdio: 'inherit' });
    if (made.status !== 0) process.exit(made.status ?? 1);
  }
  env.CASEBOOK_TEST_TEMPLATE = template;
}

if (e2e && !existsSync(path.join(root, 'apps/web/dist/index.html'))) {
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${e2e ? 1 : 2}`, '--test-timeout=600000', ...files],
  { cwd: root, stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
