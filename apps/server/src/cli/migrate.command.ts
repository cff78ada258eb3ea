import type { Config } from '../config/config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { withDatabase } from './open.ts';

export async function runMigrate(config: Config): Promise<number> {
  const { applied } = await withDatabase(config, (database) => migrateToLatest(database.db), { migrate: false });
  process.stdout.write(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'The database is up to date.\n');
  return 0;
}
