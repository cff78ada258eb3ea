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

/** The fields the content hash covers, in the shape the verifier rebuilds from a row. */
export interface AuditContent {
  id: string;
  occurredAt: string;
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

export function contentHash(content: AuditContent): string {
  return sha256Hex(canonicalJson(content));
}

export async function writeAuditEvent(
  trx: Transaction<DB> | Kysely<DB>,
  actor: Actor,
  event: AuditEventInput,
  now: Date = new Date(),
): Promise<string> {
  const content: AuditContent = {
    id: randomUUID(),
    occurredAt: now.toISOString(),
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
  const digest = contentHash(content);
  const chain = randomInt(AUDIT_CHAINS);
  const inserted = await sql<{ id: string }>`
    with head as (
      update audit_chain_heads
         set seq = seq + 1,
             prev_hash = hash,
             hash = encode(sha256(convert_to(chain::text || ':' || (seq + 1)::text || ':' || hash || ':' || ${digest}, 'UTF8')), 'hex')
       where chain = ${chain}
   returning chain, seq, hash, prev_hash
    )
    insert into audit_events (chain, seq, id, occurred_at, actor_user_id, actor_organization_id, actor_via, action,
                              target_type, target_ids, before, after, request_id, client_address,
                              content_hash, prev_hash, hash)
    select head.chain, head.seq, ${content.id}, ${content.occurredAt}, ${content.actorUserId}, ${content.actorOrganizationId},
           ${content.actorVia}, ${content.action}, ${content.targetType}, ${content.targetIds}::text[],
           ${jsonParam(content.before)}::jsonb, ${jsonParam(content.after)}::jsonb, ${content.requestId}, ${content.clientAddress},
           ${digest}, head.prev_hash, head.hash
      from head
    returning id`.execute(trx);
  // Without its chain head the insert selects nothing; the change must not commit unaudited.
  if (inserted.rows.length !== 1) throw new Error(`Audit chain ${chain} has no head row; the audit event could not be written.`);
  return content.id;
}

function jsonParam(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}
