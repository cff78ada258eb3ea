import { SYSTEM_ACTOR } from '../audit/audit-event.ts';
import { writeAuditEvent } from '../audit/audit-writer.ts';
import { createBackup, restoreBackup } from '../backup/backup.ts';
import type { Config } from '../config/config.ts';
import { withDatabase } from './open.ts';

const CLI = { ...SYSTEM_ACTOR, via: 'cli' as const, clientAddress: 'cli' };

export async function runBackup(config: Config, file: string): Promise<number> {
  const manifest = await withDatabase(config, async (database) => {
    const made = await createBackup({ db: database.db, dataDir: config.dataDir, file });
    await database.db.transaction().execute((trx) =>
      writeAuditEvent(trx, CLI, { action: 'backup.created', after: { file, tables: made.tables.length, rows: made.tables.reduce((n, t) => n + t.rows, 0) } }),
    );
    return made;
  });
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  process.stdout.write(`Backup written to ${file}: ${manifest.tables.length} tables, ${rows} rows${manifest.files ? ', with files' : ''}.\n`);
  return 0;
}

export async function runRestore(config: Config, file: string): Promise<number> {
  const manifest = await withDatabase(config, async (database) => {
    const restored = await restoreBackup({ db: database.db, dataDir: config.dataDir, file });
    await database.db.transaction().execute((trx) =>
      writeAuditEvent(trx, CLI, { action: 'backup.restored', after: { file, createdAt: restored.createdAt } }),
    );
    return restored;
  });
  process.stdout.write(`Restored the backup of ${manifest.createdAt} from ${file}. Run \`casebook audit verify\` to check the audit log.\n`);
  return 0;
}
