/**
 * Runs the numbered, forward-only migrations in apps/server/migrations. Kysely's
 * migrator takes a lock in the database, so two instances starting at once are safe.
 * Then the rule packs shipped with the code are installed (rules not in the database yet).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { installRulePacks } from '../modules/obligations/rule-pack-install.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');
const NAME = /^\d{4}-[a-z0-9-]+\.ts$/;

class NumberedMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => NAME.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
    }
    return migrations;
  }
}

export interface MigrateResult {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrateResult> {
  const migrator = new Migrator({ db, provider: new NumberedMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message ?? error}`);
  }
  // Reference data shipped with the code (the obligation rule packs) follows the schema.
  await installRulePacks({ db });
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
