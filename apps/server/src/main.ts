/**
 * `casebook start`: open the database, migrate, make sure the CERT and a first admin
 * exist (on a new embedded database, load the demo case too), then serve HTTP and run
 * the job workers until SIGINT or SIGTERM.
 */
import type { Config } from './config/config.ts';
import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { demoCredentialLines } from './modules/demo/demo-credentials.ts';
import { type LoadedDemo, loadDemoCase } from './modules/demo/load-demo.ts';
import { warmNoticeFonts } from './modules/notices/notice-fonts.ts';

export async function startServer(config: Config): Promise<{ stop(): Promise<void>; url: string }> {
  const startedAt = Date.now();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  try {
    await migrateToLatest(database.db);
    const built = await buildApp({ config, database, runJobs: config.jobs.enabled });
    const boot = await bootstrap({ db: database.db, jobs: built.jobs, config });
    // A new embedded database is for evaluation: it starts with the demo case (docs/demo.md). A server database never does.
    let demo: LoadedDemo | null = null;
    let demoProblem: string | null = null;
    if (database.kind === 'embedded' && boot.firstAdmin) {
      // Casebook runs without it: a demo that could not be loaded is reported, not fatal.
      demo = await loadDemoCase({ db: database.db, jobs: built.jobs, config, via: 'system' }).catch((error: unknown) => {
        built.app.log.error({ err: error }, 'the demo case could not be loaded');
        demoProblem = error instanceof Error ? error.message : String(error);
        return null;
      });
    }
    const address = await built.app.listen({ port: config.port, host: config.host });
    // Off the start's critical path: the first notice issued then costs what every later one does.
    setImmediate(() => warmNoticeFonts());
    const url = config.publicUrl;
    const lines = [
      '',
      `  Casebook is running at ${url}  (listening on ${address}, ${database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'}, ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
    ];
    if (boot.firstAdmin) {
      lines.push(
        '',
        `  First sign-in: open this one-time link to set the password of ${boot.firstAdmin.email}`,
        `  ${boot.firstAdmin.setupUrl}`,
        `  (valid until ${boot.firstAdmin.expiresAt}; a new one: npx casebook user setup-link ${boot.firstAdmin.email})`,
      );
    }
    if (demo) lines.push('', ...demoCredentialLines(demo, url));
    if (demoProblem) lines.push('', `  The demo case could not be loaded: ${demoProblem}`);
    process.stdout.write(`${lines.join('\n')}\n\n`);
    let stopping: Promise<void> | null = null;
    return {
      url,
      stop() {
        stopping ??= (async () => {
          await built.close();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
