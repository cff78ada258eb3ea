/** Opens and migrates the configured database for a one-shot command. */
import type { Config } from '../config/config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

export async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}
