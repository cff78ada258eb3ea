/**
 * Sign-in, sessions, password set-up and change, and the TOTP second factor. Every
 * outcome that matters (success, failure, each change) is an audit row written in the
 * same transaction as its effect.
 */
import type { Config } from '../../config/config.ts';
import type { Actor } from '../../audit/audit-event.ts';
import { decryptString, encryptString, keyedDigest, randomToken } from '../../crypto/tokens.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError } from '../../http/app-error.ts';
import { type Principal, makePrincipal } from '../../access/principal.ts';
import { findUserForLogin } from '../users/users.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { assertStrongPassword } from './password-policy.ts';
import * as sessions from './sessions.repository.ts';
import * as throttle from './throttle.repository.ts';
import { checkTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, totpUri } from './totp.ts';

export interface AuthServiceDeps extends UnitOfWorkDeps {
  config: Config;
  clock: () => Date;
}

export interface LoginInput {
  email: string;
  password: string;
  totpCode?: string;
  recoveryCode?: string;
  userAgent: string | null;
}

export interface NewSession {
  token: string;
  principal: Principal;
  expiresAt: Date;
}

const TOUCH_EVERY_MS = 60_000;

export function createAuthService(deps: AuthServiceDeps) {
  const { config, db, clock } = deps;
  const digest = (value: string) => keyedDigest(config.sessionSecret, value);
  const limits = config.login;

  async function openSession(
    uow: Parameters<Parameters<typeof inTransaction>[2]>[0],
    user: { id: string; organization_id: string; role: Principal['role']; email: string; name: string; is_home: boolean },
    actor: Actor,
    userAgent: string | null,
  ): Promise<NewSession> {
    const now = clock();
    const token = randomToken(32);
    const idHash = digest(`session:${token}`);
    const expiresAt = new Date(now.getTime() + config.sessionAbsoluteHours * 3_600_000);
    await sessions.insertSession(uow.trx, { idHash, userId: user.id, expiresAt, clientAddress: actor.clientAddress ?? '', userAgent, now });
    await uow.trx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
    return { token, expiresAt, principal: makePrincipal({ ...user, user_id: user.id }, 'session', { sessionIdHash: idHash }) };
  }

  async function fail(actor: Actor, account: string, reason: string, userId: string | null): Promise<never> {
    await inTransaction(deps, { ...actor, userId }, async (uow) => {
      await throttle.recordFailure(uow.trx, { account, clientAddress: actor.clientAddress ?? '' }, clock());
      uow.audit({ action: 'auth.login_failed', targetType: 'user', targetIds: userId ? [userId] : [], after: { email: account, reason } });
    });
    throw new AppError('auth.invalid_credentials', 'The e-mail address, password or code is not right.');
  }

  return {
    csrfTokenFor(sessionIdHash: string): string {
      return digest(`csrf:${sessionIdHash}`);
    },

    async login(input: LoginInput, actor: Actor): Promise<NewSession> {
      const account = input.email.trim().toLowerCase();
      const wait = await throttle.secondsUntilAllowed(db, limits, { account, clientAddress: actor.clientAddress ?? '' }, clock());
      if (wait > 0) {
        throw new AppError('auth.throttled', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`, { retryAfterSeconds: wait });
      }
      const user = await findUserForLogin(db, { email: account });
      const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
      if (!user || !passwordOk || user.disabled_at) return fail(actor, account, user?.disabled_at ? 'disabled' : 'password', user?.id ?? null);

      let totpStep: number | null = null;
      let recoveryCodeId: string | null = null;
      if (user.totp_secret_enc) {
        if (input.recoveryCode) {
          const codeHash = digest(`recovery:${normaliseRecoveryCode(input.recoveryCode)}`);
          const code = await db.selectFrom('recovery_codes').select('id').where('user_id', '=', user.id).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
          if (!code) return fail(actor, account, 'recovery_code', user.id);
          recoveryCodeId = code.id;
        } else if (input.totpCode) {
          totpStep = await checkTotp(decryptString(config.dataKey, user.totp_secret_enc), input.totpCode, user.totp_last_step);
          if (totpStep === null) return fail(actor, account, 'totp', user.id);
        } else {
          throw new AppError('auth.totp_required', 'Enter the six-digit code from your authenticator app.');
        }
      }

      const signedIn = { ...actor, userId: user.id, organizationId: user.organization_id, via: 'session' as const };
      return inTransaction(deps, signedIn, async (uow) => {
        if (recoveryCodeId) {
          // The used_at guard makes a code single-use even if two sign-ins race.
          const used = await uow.trx.updateTable('recovery_codes').set({ used_at: clock() }).where('id', '=', recoveryCodeId).where('used_at', 'is', null).executeTakeFirst();
          if (Number(used.numUpdatedRows) !== 1) throw new AppError('auth.invalid_credentials', 'The e-mail address, password or code is not right.');
          uow.audit({ action: 'auth.recovery_code_used', targetType: 'user', targetIds: [user.id] });
        }
        if (totpStep !== null) {
          await uow.trx.updateTable('users').set({ totp_last_step: totpStep }).where('id', '=', user.id).execute();
        }
        await throttle.clearAccountFailures(uow.trx, account);
        const session = await openSession(uow, user, signedIn, input.userAgent);
        uow.audit({ action: 'auth.login_succeeded', targetType: 'user', targetIds: [user.id], after: { secondFactor: recoveryCodeId ? 'recovery_code' : totpStep !== null ? 'totp' : 'none' } });
        return session;
      });
    },

    /** The principal behind a session cookie, or null when the session is unknown, idle too long or expired. */
    async resolveSession(token: string): Promise<{ principal: Principal; expired: boolean } | null> {
      const idHash = digest(`session:${token}`);
      const now = clock();
      const row = await sessions.findSessionPrincipal(db, idHash, now);
      if (!row) return null;
      if (now.getTime() - row.last_seen_at.getTime() > config.sessionIdleMinutes * 60_000) {
        await sessions.deleteSession(db, idHash);
        return { principal: makePrincipal(row, 'session', { sessionIdHash: idHash }), expired: true };
      }
      if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) await sessions.touchSession(db, idHash, now);
      const profile = { organizationName: row.organization_name, organizationKind: row.organization_kind, totpEnabled: row.totp_enabled_at !== null, sessionExpiresAt: row.expires_at };
      return { principal: makePrincipal(row, 'session', { sessionIdHash: idHash, profile }), expired: false };
    },

    async logout(principal: Principal, actor: Actor, everywhere: boolean): Promise<void> {
      await inTransaction(deps, actor, async (uow) => {
        if (everywhere) {
          const ended = await sessions.deleteUserSessions(uow.trx, principal.userId);
          uow.audit({ action: 'auth.logout_everywhere', targetType: 'user', targetIds: [principal.userId], after: { sessionsEnded: ended } });
        } else if (principal.sessionIdHash) {
          await sessions.deleteSession(uow.trx, principal.sessionIdHash);
          uow.audit({ action: 'auth.logout', targetType: 'user', targetIds: [principal.userId] });
        }
      });
    },

    async completePasswordSetup(input: { token: string; password: string; userAgent: string | null }, actor: Actor): Promise<NewSession> {
      const tokenHash = digest(`setup:${input.token}`);
      const now = clock();
      const link = await db.selectFrom('password_setup_tokens').select(['user_id', 'expires_at', 'used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!link || link.used_at || link.expires_at <= now) {
        throw new AppError('auth.setup_link_invalid', 'This sign-in link is not valid any more. Ask an administrator for a new one.', { status: 400 });
      }
      const user = await findUserForLogin(db, { id: link.user_id });
      if (!user || user.disabled_at) throw new AppError('auth.setup_link_invalid', 'This sign-in link is not valid any more.', { status: 400 });
      assertStrongPassword(input.password, user);
      const passwordHash = await hashPassword(input.password);
      const signedIn = { ...actor, userId: user.id, organizationId: user.organization_id, via: 'session' as const };
      return inTransaction(deps, signedIn, async (uow) => {
        const used = await uow.trx.updateTable('password_setup_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
        if (Number(used.numUpdatedRows) !== 1) throw new AppError('auth.setup_link_invalid', 'This sign-in link has just been used.', { status: 400 });
        await uow.trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where('id', '=', user.id).execute();
        await sessions.deleteUserSessions(uow.trx, user.id);
        uow.audit({ action: 'auth.password_set', targetType: 'user', targetIds: [user.id] });
        const session = await openSession(uow, user, signedIn, input.userAgent);
        uow.audit({ action: 'auth.login_succeeded', targetType: 'user', targetIds: [user.id], after: { secondFactor: 'setup_link' } });
        return session;
      });
    },

    async changePassword(principal: Principal, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
      const user = await findUserForLogin(db, { id: principal.userId });
      if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
        throw new AppError('auth.invalid_credentials', 'The current password is not right.');
      }
      assertStrongPassword(input.newPassword, user);
      const passwordHash = await hashPassword(input.newPassword);
      await inTransaction(deps, actor, async (uow) => {
        const now = clock();
        await uow.trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where('id', '=', user.id).execute();
        const ended = await sessions.deleteUserSessions(uow.trx, user.id, principal.sessionIdHash);
        uow.audit({ action: 'auth.password_changed', targetType: 'user', targetIds: [user.id], after: { otherSessionsEnded: ended } });
      });
    },

    async beginTotpEnrolment(principal: Principal): Promise<{ secret: string; otpauthUri: string }> {
      const secret = newTotpSecret();
      // Not yet in force, so not an audited change; the audit row comes with confirmation.
      await db.updateTable('users').set({ totp_pending_enc: encryptString(config.dataKey, secret) }).where('id', '=', principal.userId).execute();
      return { secret, otpauthUri: totpUri(secret, principal.email) };
    },

    async confirmTotpEnrolment(principal: Principal, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
      const user = await db.selectFrom('users').select(['totp_pending_enc', 'totp_secret_enc']).where('id', '=', principal.userId).executeTakeFirstOrThrow();
      if (user.totp_secret_enc) throw new AppError('auth.totp_already_enabled', 'Two-step sign-in is already on.', { status: 409 });
      if (!user.totp_pending_enc) throw new AppError('auth.totp_not_started', 'Start the set-up of two-step sign-in first.', { status: 409 });
      const secret = decryptString(config.dataKey, user.totp_pending_enc);
      const step = await checkTotp(secret, code, null);
      if (step === null) throw new AppError('auth.totp_invalid', 'That code is not right; check the time on your device and try the next code.', { status: 400 });
      const codes = newRecoveryCodes();
      await inTransaction(deps, actor, async (uow) => {
        const now = clock();
        await uow.trx.updateTable('users').set({ totp_secret_enc: user.totp_pending_enc, totp_pending_enc: null, totp_enabled_at: now, totp_last_step: step, updated_at: now }).where('id', '=', principal.userId).execute();
        await uow.trx.deleteFrom('recovery_codes').where('user_id', '=', principal.userId).execute();
        await uow.trx.insertInto('recovery_codes').values(codes.map((c) => ({ user_id: principal.userId, code_hash: digest(`recovery:${c}`) }))).execute();
        uow.audit({ action: 'auth.totp_enabled', targetType: 'user', targetIds: [principal.userId] });
      });
      return { recoveryCodes: codes };
    },

    async disableTotp(principal: Principal, actor: Actor, password: string): Promise<void> {
      const user = await findUserForLogin(db, { id: principal.userId });
      if (!user || !(await verifyPassword(user.password_hash, password))) {
        throw new AppError('auth.invalid_credentials', 'The password is not right.');
      }
      await inTransaction(deps, actor, async (uow) => {
        await uow.trx.updateTable('users').set({ totp_secret_enc: null, totp_pending_enc: null, totp_enabled_at: null, totp_last_step: null, updated_at: clock() }).where('id', '=', principal.userId).execute();
        await uow.trx.deleteFrom('recovery_codes').where('user_id', '=', principal.userId).execute();
        uow.audit({ action: 'auth.totp_disabled', targetType: 'user', targetIds: [principal.userId] });
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
