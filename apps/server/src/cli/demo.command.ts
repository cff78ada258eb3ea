/**
 * `casebook demo`: loads the demo case (docs/demo.md) into the configured database and
 * prints the demo users' passwords. Once per database: when the demo case is there
 * already it says so, changes nothing and exits with DEMO_ALREADY_LOADED.
 */
import { bootstrap } from '../bootstrap.ts';
import type { Config } from '../config/config.ts';
import { AppError } from '../http/app-error.ts';
import { type JobSender, createJobQueue } from '../jobs/job-queue.ts';
import { createMailJobs } from '../modules/mail/mail-jobs.ts';
import { createObligationJobs } from '../modules/obligations/obligation-jobs.ts';
import { demoCredentialLines } from '../modules/demo/demo-credentials.ts';
import { loadDemoCase } from '../modules/demo/load-demo.ts';
import { withDatabase } from './open.ts';

/** The exit code when nothing was done because the demo case is loaded already. */
export const DEMO_ALREADY_LOADED = 3;

const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {}, fatal: () => {}, child: () => silent, level: 'silent', silent: () => {} };

export async function runDemo(config: Config): Promise<number> {
  return withDatabase(config, async (database) => {
    // Issuing a notice queues its mail and every change its obligations' recomputation, so the queue knows those jobs; the server sends it, this process runs no job.
    const sender: JobSender = { sendWithin: (trx, name, payload, options) => jobs.sendWithin(trx, name, payload, options) };
    const jobs = createJobQueue({ executeSql: database.executeSql, definitions: [
      ...createMailJobs({ db: database.db, jobs: sender, config, clock: () => new Date() }),
      ...createObligationJobs({ db: database.db, jobs: sender, clock: () => new Date() }),
    ], logger: silent as never });
    await jobs.start({ work: false });
    try {
      // The CERT must exist; a first administrator is not made here (the demo brings its own).
      await bootstrap({ db: database.db, jobs, config, skipFirstAdmin: true });
      const demo = await loadDemoCase({ db: database.db, jobs, config, via: 'cli' });
      process.stdout.write(`${['', ...demoCredentialLines(demo, config.publicUrl), ''].join('\n')}\n`);
      if (!demo.register) {
        process.stdout.write('  The register of affected persons was left out: set CASEBOOK_REGISTER_KEYS (docs/configuration.md) to have it.\n\n');
      }
      return 0;
    } catch (error) {
      if (error instanceof AppError && error.code === 'demo.already_loaded') {
        process.stderr.write(`casebook: ${error.message}\n`);
        return DEMO_ALREADY_LOADED;
      }
      throw error;
    } finally {
      await jobs.stop();
    }
  });
}
