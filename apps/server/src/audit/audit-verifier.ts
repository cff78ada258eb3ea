/**
 * Walks every audit chain from its first row, recomputing each row's content hash and
 * link. Any edited, deleted or reordered row breaks the chain at that row; a removed
 * tail shows as a head that no longer matches the last row.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AUDIT_CHAINS, contentHash } from './audit-writer.ts';

const GENESIS = '0'.repeat(64);
const BATCH = 20_000;

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

export async function verifyAuditLog(db: Kysely<DB>): Promise<VerifyResult> {
  const heads = await db.selectFrom('audit_chain_heads').select(['chain', 'seq', 'hash']).orderBy('chain').execute();
  let rowsChecked = 0;
  const chains = new Set(heads.map((h) => h.chain));
  for (let c = 0; c < AUDIT_CHAINS; c++) {
    if (!chains.has(c)) return { ok: false, rowsChecked, problem: { chain: c, seq: 0, id: null, reason: 'chain head row is missing' } };
  }
  for (const head of heads) {
    let prev = GENESIS;
    let expectedSeq = 1;
    for (;;) {
      const rows = await db
        .selectFrom('audit_events')
        .select([
          'chain', 'seq', 'id', 'occurred_at', 'actor_user_id', 'actor_organization_id', 'actor_via', 'action',
          'target_type', 'target_ids', 'before', 'after', 'request_id', 'client_address', 'content_hash', 'prev_hash', 'hash',
        ])
        .where('chain', '=', head.chain)
        .where('seq', '>=', expectedSeq)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      for (const row of rows) {
        const at = (reason: string): VerifyResult => ({
          ok: false,
          rowsChecked,
          problem: { chain: row.chain, seq: row.seq, id: row.id, reason },
        });
        if (row.seq !== expectedSeq) {
          return { ok: false, rowsChecked, problem: { chain: head.chain, seq: expectedSeq, id: null, reason: `row is missing (next row present is seq ${row.seq}, id ${row.id})` } };
        }
        const recomputed = contentHash({
          id: row.id,
          occurredAt: row.occurred_at.toISOString(),
          actorUserId: row.actor_user_id,
          actorOrganizationId: row.actor_organization_id,
          actorVia: row.actor_via,
          action: row.action,
          targetType: row.target_type,
          targetIds: row.target_ids,
          before: row.before,
          after: row.after,
          requestId: row.request_id,
          clientAddress: row.client_address,
        });
        if (recomputed !== row.content_hash) return at('content does not match its hash (row was edited)');
        if (row.prev_hash !== prev) return at('does not link to the previous row (a row before it was changed or removed)');
        if (linkHash(row.chain, row.seq, row.prev_hash, row.content_hash) !== row.hash) return at('chain hash does not match');
        prev = row.hash;
        expectedSeq++;
        rowsChecked++;
      }
      if (rows.length < BATCH) break;
    }
    if (head.seq !== expectedSeq - 1 || head.hash !== prev) {
      return {
        ok: false,
        rowsChecked,
        problem: { chain: head.chain, seq: expectedSeq, id: null, reason: `chain head says ${head.seq} rows but ${expectedSeq - 1} were found (rows were removed from the end)` },
      };
    }
  }
  return { ok: true, rowsChecked, problem: null };
}
