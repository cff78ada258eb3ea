/** SQL for users. Every read takes a scope, so a caller cannot forget to filter. */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Role } from '#shared/roles';
import type { DB } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { AppError } from '../../http/app-error.ts';

export type UserScope = { kind: 'all' } | { kind: 'organization'; organizationId: string };

export interface UserRow {
  id: string;
  organization_id: string;
  organization_name: string;
  organization_is_home: boolean;
  email: string;
  name: string;
  role: Role;
  disabled_at: Date | null;
  totp_enabled_at: Date | null;
  has_password: boolean;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

type Executor = Kysely<DB> | Transaction<DB>;

function baseQuery(db: Executor, scope: UserScope) {
  let query = db
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select([
      'u.id', 'u.organization_id', 'o.name as organization_name', 'o.is_home as organization_is_home', 'u.email', 'u.name',
      'u.role', 'u.disabled_at', 'u.totp_enabled_at', 'u.last_login_at', 'u.created_at', 'u.updated_at', 'u.version',
      sql<boolean>`u.password_hash is not null`.as('has_password'),
    ]);
  if (scope.kind === 'organization') query = query.where('u.organization_id', '=', scope.organizationId);
  return query;
}

export async function findUser(db: Executor, scope: UserScope, id: string): Promise<UserRow | undefined> {
  return baseQuery(db, scope).where('u.id', '=', id).executeTakeFirst();
}

export interface ListUsersFilter {
  organizationId?: string;
  role?: Role;
  q?: string;
  includeDisabled?: boolean;
  after?: { name: string; id: string };
  limit: number;
}

export async function listUsers(db: Executor, scope: UserScope, filter: ListUsersFilter): Promise<UserRow[]> {
  let query = baseQuery(db, scope);
  if (filter.organizationId) query = query.where('u.organization_id', '=', filter.organizationId);
  if (filter.role) query = query.where('u.role', '=', filter.role);
  if (!filter.includeDisabled) query = query.where('u.disabled_at', 'is', null);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('u.name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]));
  }
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where((eb) => eb.or([eb('u.name', '>', name), eb.and([eb('u.name', '=', name), eb('u.id', '>', id)])]));
  }
  return query.orderBy('u.name').orderBy('u.id').limit(filter.limit).execute();
}

export interface LoginUserRow {
  id: string;
  organization_id: string;
  role: Role;
  email: string;
  name: string;
  password_hash: string | null;
  totp_secret_enc: string | null;
  totp_last_step: number | null;
  disabled_at: Date | null;
  is_home: boolean;
}

export async function findUserForLogin(db: Executor, by: { email: string } | { id: string }): Promise<LoginUserRow | undefined> {
  let query = db
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['u.id', 'u.organization_id', 'u.role', 'u.email', 'u.name', 'u.password_hash', 'u.totp_secret_enc', 'u.totp_last_step', 'u.disabled_at', 'o.is_home']);
  query = 'email' in by ? query.where(sql`lower(u.email)`, '=', by.email.toLowerCase()) : query.where('u.id', '=', by.id);
  return query.executeTakeFirst();
}

export async function emailTaken(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return !!row;
}

export async function insertUser(
  trx: Transaction<DB>,
  values: { organizationId: string; email: string; name: string; role: Role; passwordHash: string | null; now: Date },
): Promise<string> {
  const row = await trx
    .insertInto('users')
    .values({
      organization_id: values.organizationId,
      email: values.email,
      name: values.name,
      role: values.role,
      password_hash: values.passwordHash,
      password_changed_at: values.passwordHash ? values.now : null,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'users_email_key')) throw new AppError('users.already_exists', 'A user with this e-mail address exists already.');
      throw error;
    });
  return row.id;
}

/** Applies a change only if the row is still at `version`; returns false when it is not. */
export async function updateUserRow(
  trx: Transaction<DB>,
  id: string,
  version: number,
  changes: { name?: string; role?: Role; disabled_at?: Date | null },
  now: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('users')
    .set({ ...changes, updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Locks the active administrators' rows (in id order, so two callers cannot deadlock)
 * before one of them is demoted or disabled: otherwise two admins demoting each other at
 * once would each still count the other and both commit, leaving none.
 */
export async function lockActiveAdmins(trx: Transaction<DB>): Promise<void> {
  await trx.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).orderBy('id').forUpdate().execute();
}

export async function countActiveAdmins(trx: Transaction<DB>): Promise<number> {
  const row = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
