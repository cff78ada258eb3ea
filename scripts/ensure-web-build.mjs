#!/usr/bin/env node
/**
 * Builds the web app when apps/web/dist is missing or older than its sources (the app,
 * its index.html and config, and the shared contracts), so `npm start` always serves
 * the current UI without rebuilding on every start.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'apps/web/dist/index.html');
const sources = ['apps/web/src', 'apps/web/public', 'apps/web/index.html', 'apps/web/vite.config.ts', 'packages/shared/src'].map((p) =>
  path.join(root, p),
);

function newestChange(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestChange(path.join(target, entry)));
  return newest;
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestChange));

if (builtAt > 0 && builtAt >= sourcesAt) {
  console.log('Web app is up to date.');
  process.exit(0);
}

process.stdout.write(builtAt === 0 ? 'Building the web app… ' : 'Web app sources changed; rebuilding… ');
const viteBin = path.join(root, 'node_modules/vite/bin/vite.js');
const result = spawnSync(process.execPath, [viteBin, 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('\nThe web app build failed.');
  process.exit(result.status ?? 1);
}
console.log('done.');
