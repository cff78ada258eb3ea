/** Server-side sessions: the cookie carries a random token, the table only its keyed digest. */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Role } from '#shared/roles';
import type { OrganizationKind } from '#shared/organizations';
import type { DB } from '../../db/schema.ts';

export interface SessionPrincipalRow {
  id_hash: string;
  user_id: string;
  organization_id: string;
  role: Role;
  email: string;
  name: string;
  is_home: boolean;
  organization_name: string;
  organization_kind: OrganizationKind;
  totp_enabled_at: Date | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export async function insertSession(
  trx: Transaction<DB>,
  row: { idHash: string; userId: string; expiresAt: Date; clientAddress: string; userAgent: string | null; now: Date },
): Promise<void> {
  await trx
    .insertInto('sessions')
    .values({
      id_hash: row.idHash,
      user_id: row.userId,
      created_at: row.now,
      last_seen_at: row.now,
      expires_at: row.expiresAt,
      client_address: row.clientAddress,
      user_agent: row.userAgent?.slice(0, 400) ?? null,
    })
    .execute();
}

/**
 * The live session and its user; disabled users and expired sessions are not found.
 * Every signed-in request runs this, so it is a prepared statement on a server.
 */
export async function findSessionPrincipal(db: Kysely<DB>, idHash: string, now: Date): Promise<SessionPrincipalRow | undefined> {
  const { rows } = await sql<SessionPrincipalRow>`/* prepared:session_principal */
    select s.id_hash, s.created_at, s.last_seen_at, s.expires_at, u.id as user_id, u.organization_id, u.role, u.email, u.name, o.is_home,
           o.name as organization_name, o.kind as organization_kind, u.totp_enabled_at
      from sessions s
      join users u on u.id = s.user_id
      join organizations o on o.id = u.organization_id
     where s.id_hash = ${idHash} and s.expires_at > ${now} and u.disabled_at is null`.execute(db);
  return rows[0];
}

export async function touchSession(db: Kysely<DB>, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Kysely<DB> | Transaction<DB>, idHash: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteUserSessions(trx: Transaction<DB>, userId: string, exceptIdHash?: string): Promise<number> {
  let query = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) query = query.where('id_hash', '<>', exceptIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function purgeExpiredSessions(db: Kysely<DB>, now: Date, idleMinutes: number): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', sql<Date>`${now}::timestamptz - make_interval(mins => ${idleMinutes})`)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
