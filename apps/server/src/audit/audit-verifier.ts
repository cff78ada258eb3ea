/**
 * Walks every audit chain from its first row, recomputing each row's content hash and
 * link. Any edited, deleted or reordered row breaks the chain at that row; a removed
 * tail shows as a head that no longer matches the last row.
 *
 * Each record keeps the exact text its content hash was taken over, and every column
 * used to filter the log is generated from that text, so checking a row's content is
 * hashing one string — done by the database as it reads the row — and nothing is parsed
 * or re-serialised (docs/adr/0004-audit-hash-chain.md). The links are checked here.
 *
 * Speed (bench/audit-verify.bench.ts, docs/performance.md): two chains are walked at
 * once and each fetches its next batch while the current one is hashed, so the database
 * and the hashing overlap. The result does not depend on the concurrency: the problem
 * reported is the one in the lowest-numbered broken chain, and rowsChecked counts the
 * rows before it in chain order, as a sequential walk.
 */
import { hash as oneShotHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AUDIT_CHAINS } from './audit-writer.ts';

const GENESIS = '0'.repeat(64);
/** Rows per query: small enough that a batch's garbage dies young. */
const BATCH = 5_000;
/** Chains walked at once; each holds at most one connection (its prefetch) at a time. */
const CONCURRENT_CHAINS = 2;

export interface VerifyProblem {
  chain: number;
  seq: number;
  id: string | null;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  rowsChecked: number;
  problem: VerifyProblem | null;
}

function linkHash(chain: number, seq: number, prev: string, content: string): string {
  return oneShotHash('sha256', `${chain}:${seq}:${prev}:${content}`, 'hex');
}

function fetchBatch(db: Kysely<DB>, chain: number, fromSeq: number) {
  return db
    .selectFrom('audit_records')
    // The database hashes each content text (its built-in SHA-256, on its own core) and
    // sends the digest instead of the text; the chain links are checked here. The id is
    // fetched only for a row that fails, to name it.
    .select(['seq', sql<string>`encode(pg_catalog.sha256(convert_to(content, 'UTF8')), 'hex')`.as('content_digest'), 'content_hash', 'prev_hash', 'hash'])
    .where('chain', '=', chain)
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .limit(BATCH)
    .execute();
}

interface ChainResult {
  rowsChecked: number;
  problem: VerifyProblem | null;
}

async function verifyChain(
  db: Kysely<DB>,
  head: { chain: number; seq: number; hash: string },
  stopped: () => boolean,
): Promise<ChainResult> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let rowsChecked = 0;
  const fail = async (seq: number, reason: string): Promise<ChainResult> => {
    const row = await db.selectFrom('audit_records').select('id').where('chain', '=', head.chain).where('seq', '=', seq).executeTakeFirst();
    return { rowsChecked, problem: { chain: head.chain, seq, id: row?.id ?? null, reason } };
  };
  let pending = fetchBatch(db, head.chain, expectedSeq);
  for (;;) {
    const rows = await pending;
    // Fetch the next batch while this one is hashed. If this batch fails, that fetch is
    // abandoned; its rejection, if any, must not surface as unhandled.
    const more = rows.length === BATCH && !stopped();
    if (more) {
      pending = fetchBatch(db, head.chain, rows[rows.length - 1].seq + 1);
      pending.catch(() => {});
    }
    for (const row of rows) {
      if (row.seq !== expectedSeq) return fail(expectedSeq, `row is missing (next row present is seq ${row.seq})`);
      if (row.content_digest !== row.content_hash) return fail(row.seq, 'content does not match its hash (row was edited)');
      if (row.prev_hash !== prev) return fail(row.seq, 'does not link to the previous row (a row before it was changed or removed)');
      if (linkHash(head.chain, row.seq, row.prev_hash, row.content_hash) !== row.hash) return fail(row.seq, 'chain hash does not match');
      prev = row.hash;
      expectedSeq++;
      rowsChecked++;
    }
    if (!more) break;
  }
  if (stopped()) return { rowsChecked, problem: null }; // a lower chain is broken: this result is not reported
  if (head.seq !== expectedSeq - 1 || head.hash !== prev) {
    return fail(expectedSeq, `chain head says ${head.seq} rows but ${expectedSeq - 1} were found (rows were removed from the end)`);
  }
  return { rowsChecked, problem: null };
}

export async function verifyAuditLog(db: Kysely<DB>): Promise<VerifyResult> {
  const heads = await db.selectFrom('audit_chain_heads').select(['chain', 'seq', 'hash']).orderBy('chain').execute();
  const chains = new Set(heads.map((h) => h.chain));
  for (let c = 0; c < AUDIT_CHAINS; c++) {
    if (!chains.has(c)) return { ok: false, rowsChecked: 0, problem: { chain: c, seq: 0, id: null, reason: 'chain head row is missing' } };
  }

  // Heads are in chain order and the lowest broken chain is reported, so once chain i is
  // found broken the chains after it may stop early.
  const results: ChainResult[] = new Array(heads.length);
  let firstBroken = heads.length;
  let next = 0;
  const walker = async () => {
    while (next < heads.length) {
      const i = next++;
      if (i > firstBroken) continue;
      const result = await verifyChain(db, heads[i], () => i > firstBroken);
      results[i] = result;
      if (result.problem && i < firstBroken) firstBroken = i;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_CHAINS, heads.length) }, walker));

  let rowsChecked = 0;
  for (const result of results) {
    rowsChecked += result.rowsChecked;
    if (result.problem) return { ok: false, rowsChecked, problem: result.problem };
  }
  return { ok: true, rowsChecked, problem: null };
}
