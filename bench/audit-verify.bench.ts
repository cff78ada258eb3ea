/**
 * How fast the audit log is verified: fills a fresh server database with BENCH_ROWS
 * (1,000,000) valid audit rows spread over the hash chains, then times verifyAuditLog
 * in this process and `casebook audit verify` as a user runs it. Finally edits one row
 * behind the append-only trigger's back and checks that verification names that row.
 *
 *   npm run bench:audit-verify      (BENCH_ROWS=1000000; BENCH_KEEP_DB=1 keeps the database for profiling)
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { verifyAuditLog } from '../apps/server/src/audit/audit-verifier.ts';
import { openDatabase } from '../apps/server/src/db/database.ts';
import { fillAuditLog } from './lib/audit-rows.ts';
import { createBenchDatabase } from './lib/bench-database.ts';
import { machineLine, table, verdict } from './lib/report.ts';
import { ROOT, serverEnv } from './lib/server-process.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TARGET_ROWS_PER_S = 200_000;

async function timeInProcess(url: string) {
  const database = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 4 });
  try {
    const t0 = performance.now();
    const result = await verifyAuditLog(database.db);
    return { result, ms: performance.now() - t0 };
  } finally {
    await database.close();
  }
}

function timeCli(url: string) {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['bin/casebook.mjs', 'audit', 'verify'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...serverEnv(url) },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { ms: performance.now() - t0, status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

async function tamperOneRow(url: string): Promise<{ chain: number; seq: number; id: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ chain: number; seq: string; id: string }>(
      `select chain, seq, id from audit_records where chain = 3 and seq = (select seq / 2 from audit_chain_heads where chain = 3)`,
    );
    const row = rows[0];
    await client.query('begin');
    await client.query('alter table audit_records disable trigger audit_records_no_update');
    await client.query(`update audit_records set content = jsonb_set(content::jsonb, '{after}', '{"role": "admin"}')::text where id = $1`, [row.id]);
    await client.query('alter table audit_records enable trigger audit_records_no_update');
    await client.query('commit');
    return { chain: row.chain, seq: Number(row.seq), id: row.id };
  } finally {
    await client.end();
  }
}

async function main() {
  console.log(`Audit log verification — ${ROWS.toLocaleString('en')} rows, PostgreSQL server`);
  console.log(machineLine());
  const bench = await createBenchDatabase('verify');
  try {
    const fill = await fillAuditLog(bench.url, ROWS);
    const size = await tableSize(bench.url);
    console.log(
      `filled ${fill.rows.toLocaleString('en')} rows in ${(fill.generateAndCopyMs / 1000).toFixed(1)} s (generate + COPY + vacuum analyze); audit_records is ${size}`,
    );

    const runs: Array<Record<string, string | number>> = [];
    const inProcess: number[] = [];
    for (let i = 1; i <= 2; i++) {
      const { result, ms } = await timeInProcess(bench.url);
      if (!result.ok || result.rowsChecked !== ROWS)
        throw new Error(`verifyAuditLog did not pass on valid data: ${JSON.stringify(result)}`);
      inProcess.push(ms);
      runs.push({
        run: `verifyAuditLog in process #${i}`,
        rows: result.rowsChecked,
        seconds: (ms / 1000).toFixed(2),
        'rows/s': Math.round((ROWS / ms) * 1000),
      });
    }
    const cli = timeCli(bench.url);
    if (cli.status !== 0) throw new Error(`casebook audit verify failed: ${cli.output}`);
    runs.push({
      run: 'casebook audit verify (whole command)',
      rows: ROWS,
      seconds: (cli.ms / 1000).toFixed(2),
      'rows/s': Math.round((ROWS / cli.ms) * 1000),
    });

    console.log('');
    console.log(table(runs));
    console.log(`  CLI said: ${cli.output}`);

    const tampered = await tamperOneRow(bench.url);
    const { result: broken } = await timeInProcess(bench.url);
    const caught = !broken.ok && broken.problem?.chain === tampered.chain && broken.problem?.seq === tampered.seq;
    console.log('');
    console.log(
      `edited row chain ${tampered.chain} seq ${tampered.seq}: verification ${caught ? 'names it' : 'DID NOT name it'} (${broken.problem?.reason ?? 'passed'})`,
    );

    const best = Math.min(...inProcess);
    const rate = (ROWS / best) * 1000;
    console.log('');
    console.log(
      `verifyAuditLog: ${Math.round(rate).toLocaleString('en')} rows/s (best of ${inProcess.length}) — target ≥ ${TARGET_ROWS_PER_S.toLocaleString('en')} rows/s: ${verdict(rate >= TARGET_ROWS_PER_S && caught)}`,
    );
    if (!caught) process.exitCode = 1;
  } finally {
    if (process.env.BENCH_KEEP_DB) console.log(`kept database: ${bench.url}`);
    else await bench.drop();
  }
}

async function tableSize(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`select pg_size_pretty(pg_total_relation_size('audit_records')) as size`);
    return `${rows[0].size} with its indexes`;
  } finally {
    await client.end();
  }
}

await main();
