/**
 * Starts `node bin/casebook.mjs start` as a child process (so the load generator never
 * shares the server's event loop) and waits until GET /api/v1/health answers 200.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn until health answered 200. */
  readyMs: number;
  output(): string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface StartOptions {
  env: Record<string, string>;
  port?: number;
  timeoutMs?: number;
  pollMs?: number;
}

export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    ...options.env,
  };
  let log = '';
  const started = performance.now();
  // BENCH_CPU_PROF_DIR=dir writes a V8 CPU profile of each server process when it stops.
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, 'bin/casebook.mjs', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      children.delete(child);
      resolve();
    }),
  );

  const deadline = started + (options.timeoutMs ?? 60_000);
  const pollMs = options.pollMs ?? 20;
  for (;;) {
    if (exited) throw new Error(`The server exited before it was ready:\n${log}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server was not ready within ${options.timeoutMs ?? 60_000} ms:\n${log}`);
    }
    try {
      const response = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const readyMs = performance.now() - started;

  return {
    url,
    child,
    readyMs,
    output: () => log,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Environment for a server-mode child on a bench database. */
export function serverEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    CASEBOOK_SESSION_SECRET: secretFromSeed('session'),
    CASEBOOK_DATA_KEY: secretFromSeed('data'),
    CASEBOOK_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ...extra,
  };
}

const secrets = new Map<string, string>();
function secretFromSeed(name: string): string {
  let value = secrets.get(name);
  if (!value) {
    value = randomBytes(32).toString('base64');
    secrets.set(name, value);
  }
  return value;
}
