/**
 * Personal API tokens: shown once at creation, stored as a keyed digest, acting with
 * exactly the owner's rights, revocable, optionally expiring. Use is audited, at most
 * one row per token per minute so that a busy integration does not flood the log.
 */
import { sql } from 'kysely';
import type { Config } from '../../config/config.ts';
import type { Actor } from '../../audit/audit-event.ts';
import { keyedDigest, randomToken } from '../../crypto/tokens.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { notFound } from '../../http/app-error.ts';
import { type Principal, makePrincipal } from '../../access/principal.ts';

export const TOKEN_PREFIX = 'cbt_';
const USE_AUDIT_EVERY_SECONDS = 60;

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export function createApiTokensService(deps: UnitOfWorkDeps & { config: Config; clock: () => Date }) {
  const { db, clock, config } = deps;
  const digest = (token: string) => keyedDigest(config.sessionSecret, `api:${token}`);

  return {
    async list(principal: Principal): Promise<ApiTokenView[]> {
      const rows = await db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at'])
        .where('user_id', '=', principal.userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at }));
    },

    async create(principal: Principal, actor: Actor, input: { name: string; expiresInDays?: number }): Promise<ApiTokenView & { token: string }> {
      const token = `${TOKEN_PREFIX}${randomToken(32)}`;
      const now = clock();
      const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
      const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
      const row = await inTransaction(deps, actor, async (uow) => {
        const inserted = await uow.trx
          .insertInto('api_tokens')
          .values({ user_id: principal.userId, name: input.name, token_hash: digest(token), prefix, created_at: now, expires_at: expiresAt })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        uow.audit({ action: 'token.created', targetType: 'api_token', targetIds: [inserted.id, principal.userId], after: { name: input.name, prefix, expiresAt } });
        return inserted;
      });
      return { id: row.id, name: input.name, prefix, createdAt: now, expiresAt, lastUsedAt: null, token };
    },

    async revoke(principal: Principal, actor: Actor, id: string): Promise<void> {
      await inTransaction(deps, actor, async (uow) => {
        const result = await uow.trx
          .updateTable('api_tokens')
          .set({ revoked_at: clock() })
          .where('id', '=', id)
          .where('user_id', '=', principal.userId)
          .where('revoked_at', 'is', null)
          .returning(['name', 'prefix'])
          .executeTakeFirst();
        if (!result) throw notFound('tokens', 'The token');
        uow.audit({ action: 'token.revoked', targetType: 'api_token', targetIds: [id, principal.userId], before: result });
      });
    },

    /** The principal a bearer token stands for, or null when it is unknown, revoked, expired or its owner disabled. */
    async resolve(token: string, actor: Actor): Promise<Principal | null> {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
      const now = clock();
      const row = await db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .innerJoin('organizations as o', 'o.id', 'u.organization_id')
        .select(['t.id as token_id', 't.last_used_at', 'u.id as user_id', 'u.organization_id', 'u.role', 'u.email', 'u.name', 'o.is_home',
          'o.name as organization_name', 'o.kind as organization_kind', 'u.totp_enabled_at'])
        .where('t.token_hash', '=', digest(token))
        .where('t.revoked_at', 'is', null)
        .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
        .where('u.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      const principal = makePrincipal(row, 'token', {
        tokenId: row.token_id,
        profile: { organizationName: row.organization_name, organizationKind: row.organization_kind, totpEnabled: row.totp_enabled_at !== null, sessionExpiresAt: null },
      });
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > USE_AUDIT_EVERY_SECONDS * 1000) {
        const tokenActor: Actor = { ...actor, userId: row.user_id, organizationId: row.organization_id, via: 'token', tokenId: row.token_id };
        await inTransaction(deps, tokenActor, async (uow) => {
          const claimed = await uow.trx
            .updateTable('api_tokens')
            .set({ last_used_at: now })
            .where('id', '=', row.token_id)
            .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`${now}::timestamptz - make_interval(secs => ${USE_AUDIT_EVERY_SECONDS})`)]))
            .executeTakeFirst();
          // Another request of the same minute already wrote the row.
          if (Number(claimed.numUpdatedRows) === 1) uow.audit({ action: 'token.used', targetType: 'api_token', targetIds: [row.token_id, row.user_id] });
        });
      }
      return principal;
    },
  };
}

export type ApiTokensService = ReturnType<typeof createApiTokensService>;
