/**
 * Builds the migrated embedded database (with the job queue's tables) that every test
 * file starts from, and writes it as a gzip snapshot: creating one takes seconds,
 * loading a snapshot a fraction of that.
 */
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../apps/server/src/db/database.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { createJobQueue } from '../apps/server/src/jobs/job-queue.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: make-test-template.ts OUT.tgz');
const database = await openDatabase({ databaseUrl: null, dataDir: '/nonexistent', inMemory: true });
await migrateToLatest(database.db);
const silent = { error() {}, warn() {}, info() {} } as never;
const jobs = createJobQueue({ executeSql: database.executeSql, definitions: [], logger: silent });
await jobs.start({ work: false });
await jobs.stop();
const snapshot = await database.snapshot?.();
if (!snapshot) throw new Error('no snapshot');
writeFileSync(out, Buffer.from(await snapshot.arrayBuffer()));
await database.close();
