/**
 * Users: the directory, creation with a one-time set-up link (nobody ever chooses
 * another person's password), changes with optimistic locking, and disabling.
 */
import type { CreateUserBody, UpdateUserBody, User } from '#shared/contracts/users';
import { isStaffRole } from '#shared/roles';
import type { Config } from '../../config/config.ts';
import type { Actor } from '../../audit/audit-event.ts';
import { keyedDigest, randomToken } from '../../crypto/tokens.ts';
import { type UnitOfWork, type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import type { Principal } from '../../access/principal.ts';
import { deleteUserSessions } from '../auth/sessions.repository.ts';
import { findOrganization } from '../organizations/organizations.repository.ts';
import { manageScope, mayAssignRole, mayManageUser, readScope } from './users.policy.ts';
import * as repo from './users.repository.ts';

const SETUP_LINK_HOURS = 72;

export interface UsersServiceDeps extends UnitOfWorkDeps {
  config: Config;
  clock: () => Date;
}

export function toUserView(row: repo.UserRow, principal: Principal | null): User {
  const manage = principal ? mayManageUser(principal, row) : false;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organization: { id: row.organization_id, name: row.organization_name, isHome: row.organization_is_home },
    disabled: row.disabled_at !== null,
    totpEnabled: row.totp_enabled_at !== null,
    hasPassword: row.has_password,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: { update: manage && row.id !== principal?.userId, issueSetupLink: manage && row.disabled_at === null },
  };
}

function auditView(row: repo.UserRow) {
  return { email: row.email, name: row.name, role: row.role, organizationId: row.organization_id, disabled: row.disabled_at !== null };
}

/** Issues a one-time link with which a user sets a password. Only its digest is kept. */
export async function issueSetupLink(
  uow: UnitOfWork,
  deps: { config: Config; clock: () => Date },
  userId: string,
): Promise<{ url: string; expiresAt: string }> {
  const token = randomToken(32);
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + SETUP_LINK_HOURS * 3_600_000);
  // A new link replaces any earlier unused one.
  await uow.trx.updateTable('password_setup_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  await uow.trx
    .insertInto('password_setup_tokens')
    .values({ token_hash: keyedDigest(deps.config.sessionSecret, `setup:${token}`), user_id: userId, created_at: now, expires_at: expiresAt })
    .execute();
  uow.audit({ action: 'user.setup_link_issued', targetType: 'user', targetIds: [userId], after: { expiresAt } });
  return { url: `${deps.config.publicUrl}/setup#token=${token}`, expiresAt: expiresAt.toISOString() };
}

export function createUsersService(deps: UsersServiceDeps) {
  const { db, clock } = deps;
  const issueLink = (uow: UnitOfWork, userId: string) => issueSetupLink(uow, deps, userId);

  return {
    async list(principal: Principal, query: { organizationId?: string; role?: User['role']; q?: string; includeDisabled?: boolean; cursor?: string; limit?: number }) {
      const limit = query.limit ?? 50;
      const after = decodeCursor<{ name: string; id: string }>(query.cursor, { name: 'string', id: 'uuid' });
      const rows = await repo.listUsers(db, readScope(principal), { ...query, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => toUserView(r, principal)),
        nextCursor: rows.length > limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
      };
    },

    async get(principal: Principal, id: string): Promise<User> {
      const row = await repo.findUser(db, readScope(principal), id);
      if (!row) throw notFound('users', 'The user');
      return toUserView(row, principal);
    },

    async create(principal: Principal, actor: Actor, input: CreateUserBody): Promise<{ user: User; setupLink: { url: string; expiresAt: string } }> {
      const scope = manageScope(principal);
      const organization = scope && (await findOrganization(db, scope.kind === 'all' ? { kind: 'all' } : { kind: 'own', organizationId: scope.organizationId }, input.organizationId));
      if (!organization) throw notFound('organizations', 'The organization');
      if (!mayAssignRole(principal, input.role)) throw new AppError('users.role_not_allowed', 'You may not give this role.', { status: 403 });
      if (isStaffRole(input.role) !== organization.is_home) {
        throw new AppError('users.role_mismatch', organization.is_home
          ? 'Users of the CERT take a staff role (admin, coordinator, analyst, auditor, viewer).'
          : 'Users of an outside organization take the role org_admin or org_member.', { status: 400 });
      }
      const email = input.email.trim();
      return inTransaction(deps, actor, async (uow) => {
        if (await repo.emailTaken(uow.trx, email)) throw new AppError('users.already_exists', 'A user with this e-mail address exists already.');
        const id = await repo.insertUser(uow.trx, { organizationId: organization.id, email, name: input.name.trim(), role: input.role, passwordHash: null, now: clock() });
        const row = await repo.findUser(uow.trx, { kind: 'all' }, id);
        if (!row) throw new Error('inserted user not found');
        uow.audit({ action: 'user.created', targetType: 'user', targetIds: [id, organization.id], after: auditView(row) });
        const setupLink = await issueLink(uow, id);
        return { user: toUserView(row, principal), setupLink };
      });
    },

    async update(principal: Principal, actor: Actor, id: string, input: UpdateUserBody): Promise<User> {
      const scope = manageScope(principal);
      return inTransaction(deps, actor, async (uow) => {
        const before = scope && (await repo.findUser(uow.trx, scope, id));
        if (!before) throw notFound('users', 'The user');
        if (before.version !== input.version) {
          throw new AppError('users.version_conflict', `Someone changed this user meanwhile (now version ${before.version}); reload and try again.`, { details: { currentVersion: before.version } });
        }
        if (id === principal.userId && (input.role !== undefined || input.disabled !== undefined)) {
          throw new AppError('users.cannot_change_self', 'You cannot change your own role or disable yourself; ask another administrator.', { status: 403 });
        }
        if (input.role !== undefined && input.role !== before.role) {
          if (!mayAssignRole(principal, input.role)) throw new AppError('users.role_not_allowed', 'You may not give this role.', { status: 403 });
          if (isStaffRole(input.role) !== before.organization_is_home) throw new AppError('users.role_mismatch', 'This role does not fit the user\'s organization.', { status: 400 });
        }
        const disabledAt = input.disabled === undefined ? undefined : input.disabled ? (before.disabled_at ?? clock()) : null;
        if (before.role === 'admin') await repo.lockActiveAdmins(uow.trx);
        const ok = await repo.updateUserRow(uow.trx, id, input.version, {
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.role !== undefined ? { role: input.role } : {}),
          ...(disabledAt !== undefined ? { disabled_at: disabledAt } : {}),
        }, clock());
        if (!ok) throw new AppError('users.version_conflict', 'Someone changed this user meanwhile; reload and try again.');
        if (before.role === 'admin' && (await repo.countActiveAdmins(uow.trx)) === 0) {
          throw new AppError('users.last_admin', 'At least one active administrator must remain.', { status: 409 });
        }
        if (input.disabled) await deleteUserSessions(uow.trx, id);
        const after = await repo.findUser(uow.trx, { kind: 'all' }, id);
        if (!after) throw new Error('updated user not found');
        uow.audit({ action: 'user.updated', targetType: 'user', targetIds: [id, after.organization_id], before: auditView(before), after: auditView(after) });
        return toUserView(after, principal);
      });
    },

    async issueSetupLink(principal: Principal, actor: Actor, id: string): Promise<{ url: string; expiresAt: string }> {
      const scope = manageScope(principal);
      return inTransaction(deps, actor, async (uow) => {
        const user = scope && (await repo.findUser(uow.trx, scope, id));
        if (!user) throw notFound('users', 'The user');
        if (user.disabled_at) throw new AppError('users.disabled', 'Enable the user before sending a sign-in link.', { status: 409 });
        return issueLink(uow, id);
      });
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
