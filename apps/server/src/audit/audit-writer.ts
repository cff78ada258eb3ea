/**
 * Appends audit rows inside the caller's transaction. Each row is linked into one of
 * AUDIT_CHAINS hash chains: the chain head row is locked by the UPDATE for the rest of
 * the transaction, so rows in one chain get consecutive sequence numbers in commit
 * order while other transactions use the other chains (docs/adr/0004-audit-hash-chain.md).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { type Kysely, type Transaction, sql } from 'kysely';
import { sha256Hex } from '../crypto/tokens.ts';
import type { DB } from '../db/schema.ts';
import type { Actor, AuditEventInput } from './audit-event.ts';
import { canonicalJson } from './canonical-json.ts';

export const AUDIT_CHAINS = 8;

/** Keys whose values never enter the audit log, at any depth. */
const SECRET_KEYS = /pass(word)?|secret|token|hash|recovery|totp|cookie|authorization|key$/i;

export function redactSecrets(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redactSecrets);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[k] = SECRET_KEYS.test(k) ? '[omitted]' : redactSecrets(v);
  }
  return out;
}

/**
 * The fields the content hash covers. Stored as the canonical JSON text itself, from
 * which the database generates the columns it filters on (migration 0001).
 */
export interface AuditContent {
  id: string;
  /** Milliseconds since the Unix epoch, UTC. */
  at: number;
  actorUserId: string | null;
  actorOrganizationId: string | null;
  actorVia: string | null;
  action: string;
  targetType: string | null;
  targetIds: string[];
  before: unknown;
  after: unknown;
  requestId: string | null;
  clientAddress: string | null;
}

export function auditContentText(content: AuditContent): string {
  return canonicalJson(content);
}

/**
 * Appends one record. The chain is the first whose head no other transaction holds
 * (`skip locked`), so concurrent writers spread over the chains instead of queueing on
 * one; only when all are held does a writer wait, on a random one.
 */
export async function writeAuditEvent(
  trx: Transaction<DB> | Kysely<DB>,
  actor: Actor,
  event: AuditEventInput,
  now: Date = new Date(),
): Promise<string> {
  const content: AuditContent = {
    id: randomUUID(),
    at: now.getTime(),
    actorUserId: actor.userId,
    actorOrganizationId: actor.organizationId,
    actorVia: actor.via === 'token' && actor.tokenId ? `token:${actor.tokenId}` : actor.via,
    action: event.action,
    targetType: event.targetType ?? null,
    targetIds: event.targetIds ?? [],
    before: event.before === undefined ? null : redactSecrets(event.before),
    after: event.after === undefined ? null : redactSecrets(event.after),
    requestId: actor.requestId,
    clientAddress: actor.clientAddress,
  };
  const text = auditContentText(content);
  const digest = sha256Hex(text);
  const inserted = await sql<{ id: string }>`
    with free as (
      select chain from audit_chain_heads order by chain limit 1 for update skip locked
    ), head as (
      update audit_chain_heads h
         set seq = h.seq + 1,
             prev_hash = h.hash,
             hash = encode(sha256(convert_to(h.chain::text || ':' || (h.seq + 1)::text || ':' || h.hash || ':' || ${digest}, 'UTF8')), 'hex')
       where h.chain = coalesce((select chain from free), ${randomInt(AUDIT_CHAINS)})
   returning h.chain, h.seq, h.hash, h.prev_hash
    )
    insert into audit_records (chain, seq, content, content_hash, prev_hash, hash)
    select head.chain, head.seq, ${text}, ${digest}, head.prev_hash, head.hash from head
    returning id`.execute(trx);
  // Without its chain head the insert selects nothing; the change must not commit unaudited.
  if (inserted.rows.length !== 1) throw new Error('No audit chain head could be locked; the audit event could not be written.');
  return content.id;
}
