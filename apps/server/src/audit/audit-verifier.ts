/**
 * Walks every audit chain from its first row, recomputing each row's content hash and
 * link. Any edited, deleted or reordered row breaks the chain at that row; a removed
 * tail shows as a head that no longer matches the last row.
 *
 * Speed (bench/audit-verify.bench.ts, docs/performance.md): a chain is read in batches,
 * each batch one JSON text built by the database, and the next batch is fetched while
 * the current one is checked. A batch can be checked on its own — it needs only the
 * seq it starts at and the stored hash of the row before it — so on a large log the
 * batches are checked by worker threads, on every core. What is checked, and the result,
 * do not depend on that: the problem reported is the first one in chain order and
 * rowsChecked counts the rows before it, exactly as a sequential walk would.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AUDIT_CHAINS, contentHash } from './audit-writer.ts';

const GENESIS = '0'.repeat(64);
/** Rows per query. */
const BATCH = 5_000;
/** Chains read at once. */
const CONCURRENT_CHAINS = 2;
/** Batches of one chain read ahead of their check (bounds memory when the checks lag). */
const MAX_IN_FLIGHT = 4;
/** Below this many rows, starting worker threads costs more than it saves. */
const WORKERS_FROM_ROWS = 100_000;
const WORKER_MARK = 'casebook-audit-verifier';

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
  return createHash('sha256').update(`${chain}:${seq}:${prev}:${content}`).digest('hex');
}

/** One batch as the database sends it: rows in seq order, each a JSON array in this column order. */
interface Batch {
  n: number;
  last_seq: number | null;
  last_hash: string | null;
  rows: string | null;
}
type Row = [
  chain: number,
  seq: number,
  id: string,
  occurredAt: string,
  actorUserId: string | null,
  actorOrganizationId: string | null,
  actorVia: string | null,
  action: string,
  targetType: string | null,
  targetIds: string[],
  before: unknown,
  after: unknown,
  requestId: string | null,
  clientAddress: string | null,
  contentHash: string,
  prevHash: string,
  hash: string,
];

/**
 * occurred_at is rendered exactly as Date#toISOString() writes it (milliseconds,
 * truncated as when a Date is parsed from the column). Outside the years 1–9999, which
 * no writer produces, it becomes a text no ISO time equals, so such a row fails its
 * content hash. jsonb and text values keep their exact value through JSON.
 */
function fetchBatch(db: Kysely<DB>, chain: number, fromSeq: number): Promise<Batch> {
  return sql<Batch>`
    select count(*)::int as n, max(seq) as last_seq, (array_agg(hash order by seq desc))[1] as last_hash,
           json_agg(json_build_array(
             chain, seq, id,
             case when occurred_at >= '0001-01-01T00:00:00Z' and occurred_at < '10000-01-01T00:00:00Z'
                  then to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                  else 'outside 0001-9999: ' || occurred_at::text end,
             actor_user_id, actor_organization_id, actor_via, action, target_type, to_json(target_ids), before, after,
             request_id, client_address, content_hash, prev_hash, hash) order by seq)::text as rows
      from (select * from audit_events where chain = ${chain} and seq >= ${fromSeq} order by seq limit ${BATCH}) as batch`
    .execute(db)
    .then((result) => result.rows[0]);
}

interface BatchCheck {
  chain: number;
  firstSeq: number;
  prevHash: string;
  rows: string;
}
interface BatchOutcome {
  checked: number;
  problem: VerifyProblem | null;
}

/** Checks one batch: consecutive seq from firstSeq, content hashes, links from prevHash. */
function checkBatch({ chain, firstSeq, prevHash, rows }: BatchCheck): BatchOutcome {
  let expectedSeq = firstSeq;
  let prev = prevHash;
  let checked = 0;
  const fail = (seq: number, id: string | null, reason: string): BatchOutcome => ({ checked, problem: { chain, seq, id, reason } });
  for (const row of JSON.parse(rows) as Row[]) {
    const [
      rowChain,
      seq,
      id,
      occurredAt,
      actorUserId,
      actorOrganizationId,
      actorVia,
      action,
      targetType,
      targetIds,
      before,
      after,
      requestId,
      clientAddress,
      storedContentHash,
      storedPrev,
      storedHash,
    ] = row;
    if (seq !== expectedSeq) return fail(expectedSeq, null, `row is missing (next row present is seq ${seq}, id ${id})`);
    const recomputed = contentHash({
      id,
      occurredAt,
      actorUserId,
      actorOrganizationId,
      actorVia,
      action,
      targetType,
      targetIds,
      before,
      after,
      requestId,
      clientAddress,
    });
    if (recomputed !== storedContentHash) return fail(seq, id, 'content does not match its hash (row was edited)');
    if (storedPrev !== prev) return fail(seq, id, 'does not link to the previous row (a row before it was changed or removed)');
    if (linkHash(rowChain, seq, storedPrev, storedContentHash) !== storedHash) return fail(seq, id, 'chain hash does not match');
    prev = storedHash;
    expectedSeq++;
    checked++;
  }
  return { checked, problem: null };
}

type Checker = (batch: BatchCheck) => Promise<BatchOutcome>;

/** Worker threads running checkBatch; they load this same module. */
function startWorkers(count: number): { check: Checker; stop(): Promise<void> } {
  // The sources are TypeScript: a worker first registers tsx, as bin/casebook.mjs does,
  // then loads this module, which answers checkBatch requests (bottom of this file).
  const entry = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(import.meta.url)});`;
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), { workerData: { [WORKER_MARK]: true }, execArgv: [] }),
  );
  const waiting = new Map<number, { resolve(o: BatchOutcome): void; reject(e: unknown): void }>();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  let nextId = 0;
  for (const worker of workers) {
    worker.on('message', ({ id, outcome }: { id: number; outcome: BatchOutcome }) => {
      waiting.get(id)?.resolve(outcome);
      waiting.delete(id);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (waiting.size > 0) fail(new Error(`An audit verification worker stopped (exit code ${code}).`));
    });
  }
  return {
    check(batch) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        workers[id % workers.length].postMessage({ id, batch });
      });
    },
    async stop() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

if (!isMainThread && workerData?.[WORKER_MARK]) {
  parentPort?.on('message', ({ id, batch }: { id: number; batch: BatchCheck }) => {
    parentPort?.postMessage({ id, outcome: checkBatch(batch) });
  });
}

interface ChainOutcome {
  rowsChecked: number;
  problem: VerifyProblem | null;
}

async function verifyChain(
  db: Kysely<DB>,
  head: { chain: number; seq: number; hash: string },
  check: Checker,
  stopped: () => boolean,
): Promise<ChainOutcome> {
  let rowsChecked = 0;
  let fromSeq = 1;
  let prev = GENESIS;
  const inFlight: Array<Promise<BatchOutcome>> = [];
  // Settles the oldest batch; a problem there is the chain's first.
  const settleOldest = async (): Promise<ChainOutcome | null> => {
    const outcome = await (inFlight.shift() as Promise<BatchOutcome>);
    rowsChecked += outcome.checked;
    return outcome.problem ? { rowsChecked, problem: outcome.problem } : null;
  };
  let pending: Promise<Batch> | null = fetchBatch(db, head.chain, fromSeq);
  while (pending) {
    const batch: Batch = await pending;
    pending = null;
    if (batch.n === 0 || batch.rows === null) break;
    const current: BatchCheck = { chain: head.chain, firstSeq: fromSeq, prevHash: prev, rows: batch.rows };
    // The next batch continues from this one's last stored row; if this one does not
    // check out, its problem is reported before anything that follows. Fetch it first,
    // so that the database works while this batch is checked.
    fromSeq = Number(batch.last_seq) + 1;
    prev = batch.last_hash as string;
    if (batch.n === BATCH && !stopped()) {
      pending = fetchBatch(db, head.chain, fromSeq);
      pending.catch(() => {}); // awaited above on the next turn; an early return must not leave it unhandled
    }
    const checking = check(current);
    checking.catch(() => {});
    inFlight.push(checking);
    while (inFlight.length >= (pending ? MAX_IN_FLIGHT : 1)) {
      const failed = await settleOldest();
      if (failed) return failed;
    }
  }
  while (inFlight.length > 0) {
    const failed = await settleOldest();
    if (failed) return failed;
  }
  if (stopped()) return { rowsChecked, problem: null }; // a lower chain is broken: not reported
  if (head.seq !== fromSeq - 1 || head.hash !== prev) {
    return {
      rowsChecked,
      problem: {
        chain: head.chain,
        seq: fromSeq,
        id: null,
        reason: `chain head says ${head.seq} rows but ${fromSeq - 1} were found (rows were removed from the end)`,
      },
    };
  }
  return { rowsChecked, problem: null };
}

export async function verifyAuditLog(db: Kysely<DB>): Promise<VerifyResult> {
  const heads = await db.selectFrom('audit_chain_heads').select(['chain', 'seq', 'hash']).orderBy('chain').execute();
  const chains = new Set(heads.map((h) => h.chain));
  for (let c = 0; c < AUDIT_CHAINS; c++) {
    if (!chains.has(c)) return { ok: false, rowsChecked: 0, problem: { chain: c, seq: 0, id: null, reason: 'chain head row is missing' } };
  }

  const claimedRows = heads.reduce((n, h) => n + Number(h.seq), 0);
  const cores = availableParallelism();
  const workers = claimedRows >= WORKERS_FROM_ROWS && cores > 1 ? startWorkers(Math.min(cores, 8)) : null;
  const check: Checker = workers ? workers.check : async (batch) => checkBatch(batch);
  try {
    // Heads are in chain order and the lowest broken chain is reported, so once chain i
    // is found broken the chains after it may stop early.
    const outcomes: ChainOutcome[] = new Array(heads.length);
    let firstBroken = heads.length;
    let next = 0;
    const walker = async () => {
      while (next < heads.length) {
        const i = next++;
        if (i > firstBroken) continue;
        const outcome = await verifyChain(db, heads[i], check, () => i > firstBroken);
        outcomes[i] = outcome;
        if (outcome.problem && i < firstBroken) firstBroken = i;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_CHAINS, heads.length) }, walker));

    let rowsChecked = 0;
    for (const outcome of outcomes) {
      rowsChecked += outcome.rowsChecked;
      if (outcome.problem) return { ok: false, rowsChecked, problem: outcome.problem };
    }
    return { ok: true, rowsChecked, problem: null };
  } finally {
    await workers?.stop();
  }
}
