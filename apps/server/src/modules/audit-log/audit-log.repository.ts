/** Reading the audit log, newest first, with filters and keyset pagination. */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  before?: { at: string; id: string };
  limit: number;
}

export async function listAuditEvents(db: Kysely<DB>, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select([
      'a.id', 'a.occurred_at', 'a.action', 'a.actor_user_id', 'a.actor_organization_id', 'a.actor_via', 'a.target_type', 'a.target_ids',
      'a.before', 'a.after', 'a.request_id', 'a.client_address', 'a.chain', 'a.seq', 'a.hash', 'u.name as actor_name', 'u.email as actor_email',
    ]);
  if (filter.action) query = filter.action.endsWith('.') ? query.where('a.action', 'like', `${filter.action}%`) : query.where('a.action', '=', filter.action);
  if (filter.actorId) query = query.where('a.actor_user_id', '=', filter.actorId);
  // A bare JS array would be compiled as a value list `($1)`, not as one text[] value.
  if (filter.targetId) query = query.where('a.target_ids', '@>', sql<string[]>`array[${filter.targetId}]::text[]`);
  if (filter.from) query = query.where('a.occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('a.occurred_at', '<', filter.to);
  if (filter.before) {
    const { at, id } = filter.before;
    query = query.where((eb) => eb.or([eb('a.occurred_at', '<', new Date(at)), eb.and([eb('a.occurred_at', '=', new Date(at)), eb('a.id', '<', id)])]));
  }
  return query.orderBy('a.occurred_at', 'desc').orderBy('a.id', 'desc').limit(filter.limit).execute();
}
