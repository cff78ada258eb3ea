/**
 * `casebook start`: open the database, migrate, make sure the CERT and a first admin
 * exist, then serve HTTP and run the job workers until SIGINT or SIGTERM.
 */
import type { Config } from './config/config.ts';
import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';

export async function startServer(config: Config): Promise<{ stop(): Promise<void>; url: string }> {
  const startedAt = Date.now();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  try {
    await migrateToLatest(database.db);
    const built = await buildApp({ config, database, runJobs: config.jobs.enabled });
    const boot = await bootstrap({ db: database.db, jobs: built.jobs, config });
    const address = await built.app.listen({ port: config.port, host: config.host });
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
