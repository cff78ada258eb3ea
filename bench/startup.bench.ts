/**
 * Start-up time of the embedded mode: from spawning `node bin/casebook.mjs start` on a
 * fresh, empty data directory until GET /api/v1/health answers 200 (first start: initdb
 * of PGlite, migrations, bootstrap), then later starts on the same directory. Also
 * reports what `npm start` adds in front: the web build when apps/web is not built yet.
 *
 *   npm run bench:startup                 (BENCH_STARTUP_RUNS=3 later starts by default)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { machineLine, table, verdict } from './lib/report.ts';
import { ROOT, startServerProcess } from './lib/server-process.ts';

const FIRST_TARGET_MS = 15_000;
const LATER_TARGET_MS = 3_000;
const LATER_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);

const scratch = mkdtempSync(path.join(tmpdir(), 'casebook-bench-startup-'));
const rows: Array<Record<string, string | number>> = [];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One start: spawn, wait for health 200, read the "ready in" the server printed, stop. */
async function timeStart(label: string, dataDir: string, extraEnv: Record<string, string> = {}): Promise<number> {
  const server = await startServerProcess({
    env: { CASEBOOK_DATA_DIR: dataDir, CASEBOOK_LOG_LEVEL: 'warn', ...extraEnv },
    timeoutMs: 90_000,
    pollMs: 10,
  });
  const printed = /ready in ([\d.]+) s/.exec(server.output())?.[1];
  await server.stop();
  rows.push({ start: label, 'spawn → health 200 (ms)': Math.round(server.readyMs), 'server says ready in (s)': printed ?? '?' });
  return server.readyMs;
}

async function main() {
  console.log('Casebook start-up (embedded PGlite)');
  console.log(machineLine());

  // A fresh TMPDIR empties tsx's transpile cache: what the very first `casebook start` after install costs.
  const coldTmp = path.join(scratch, 'tmp');
  spawnSync('mkdir', ['-p', coldTmp]);
  const coldCache = await timeStart('first start, empty data dir, cold tsx cache', path.join(scratch, 'data-cold'), { TMPDIR: coldTmp });

  const dataDir = path.join(scratch, 'data');
  const first = await timeStart('first start, empty data dir', dataDir);
  const later: number[] = [];
  for (let i = 1; i <= LATER_RUNS; i++) later.push(await timeStart(`later start #${i}, same data dir`, dataDir));

  // What `npm start` adds before the server: the web build when there is none yet.
  const web = measureWebBuild();

  console.log('');
  console.log(table(rows));
  console.log('');
  for (const line of web) console.log(line);
  console.log('');
  console.log(
    `first start (warm tsx cache): ${(first / 1000).toFixed(2)} s; cold tsx cache: ${(coldCache / 1000).toFixed(2)} s — target < ${FIRST_TARGET_MS / 1000} s: ${verdict(Math.max(first, coldCache) < FIRST_TARGET_MS)}`,
  );
  const laterMedian = median(later);
  console.log(
    `later start (median of ${later.length}): ${(laterMedian / 1000).toFixed(2)} s — target < ${LATER_TARGET_MS / 1000} s: ${verdict(laterMedian < LATER_TARGET_MS)}`,
  );
}

function measureWebBuild(): string[] {
  const out: string[] = [];
  const webDir = path.join(ROOT, 'apps/web');
  const viteConfig = ['vite.config.ts', 'vite.config.mts', 'vite.config.js'].map((f) => path.join(webDir, f)).find((f) => existsSync(f));
  const built = existsSync(path.join(webDir, 'dist/index.html'));
  if (!viteConfig) {
    out.push('web build: apps/web has no vite config yet — nothing to build.');
    return out;
  }
  // Build into a scratch directory so the benchmark never touches apps/web/dist.
  const outDir = path.join(scratch, 'web-dist');
  const t0 = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      viteConfig,
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: 300_000,
    },
  );
  const ms = Math.round(performance.now() - t0);
  if (result.status === 0) {
    out.push(
      `web build (vite build, what npm start runs when apps/web/dist is missing): ${(ms / 1000).toFixed(1)} s${built ? ' (apps/web/dist exists; npm start rebuilds only when the web sources are newer)' : ' — paid on the first npm start'}`,
    );
  } else {
    out.push(
      `web build failed after ${(ms / 1000).toFixed(1)} s (exit ${result.status}): ${String(result.stderr).trim().split('\n').slice(-5).join(' | ')}`,
    );
  }
  return out;
}

try {
  await main();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
