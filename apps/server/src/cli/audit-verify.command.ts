import { verifyAuditLog } from '../audit/audit-verifier.ts';
import type { Config } from '../config/config.ts';
import { withDatabase } from './open.ts';

export async function runAuditVerify(config: Config): Promise<number> {
  const started = Date.now();
  const result = await withDatabase(config, (database) => verifyAuditLog(database.db), { migrate: false });
  const seconds = (Date.now() - started) / 1000;
  if (result.ok) {
    process.stdout.write(`Audit log intact: ${result.rowsChecked} rows verified in ${seconds.toFixed(2)} s (${Math.round(result.rowsChecked / Math.max(seconds, 0.001))} rows/s).\n`);
    return 0;
  }
  const p = result.problem;
  process.stderr.write(`Audit log BROKEN at chain ${p?.chain} seq ${p?.seq}${p?.id ? ` (row ${p.id})` : ''}: ${p?.reason}. ${result.rowsChecked} rows verified before it.\n`);
  return 1;
}
