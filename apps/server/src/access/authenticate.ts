/**
 * The access gate every /api route passes before its body is even parsed: who is
 * calling (session cookie or bearer token), may their role use this route at all, and,
 * for a browser session changing state, does the request carry the CSRF token.
 * Record-level scope is the services' job, in SQL.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Permission, roleHas } from '#shared/roles';
import { AppError } from '../http/app-error.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import type { ApiTokensService } from '../modules/api-tokens/api-tokens.service.ts';
import { safeEqual } from '../crypto/tokens.ts';
import { type Principal, actorOf } from './principal.ts';

export const SESSION_COOKIE = 'casebook_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    permission?: Permission;
    /** Refused when called with an API token: credentials are managed from a browser session only. */
    sessionOnly?: boolean;
  }
}

export function registerAuthentication(
  app: FastifyInstance,
  deps: { auth: AuthService; tokens: ApiTokensService; secureCookies: boolean },
): void {
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const permission = request.routeOptions.config.permission;
    if (!permission) return; // static assets and unknown routes

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer (\S+)$/i.exec(authorization);
      const principal = match ? await deps.tokens.resolve(match[1], actorOf(null, request)) : null;
      if (!principal) throw new AppError('auth.invalid_token', 'The API token is not valid, has expired or was revoked.', { status: 401 });
      request.principal = principal;
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const found = cookie.length <= 100 ? await deps.auth.resolveSession(cookie) : null;
        if (!found || found.expired) {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
          if (permission !== 'public') {
            throw found?.expired
              ? new AppError('auth.session_expired', 'Your session has ended after a period of inactivity. Sign in again.')
              : new AppError('auth.session_expired', 'Your session has ended. Sign in again.');
          }
        } else {
          request.principal = found.principal;
        }
      }
    }

    if (permission === 'public') return;
    const principal = request.principal;
    if (!principal) throw new AppError('auth.required', 'Sign in to continue.');
    if (request.routeOptions.config.sessionOnly && principal.via !== 'session') {
      throw new AppError('auth.session_required', 'This can only be done from a signed-in browser session, not with an API token.', { status: 403 });
    }
    if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      const expected = deps.auth.csrfTokenFor(principal.sessionIdHash as string);
      if (typeof sent !== 'string' || !safeEqual(sent, expected)) {
        throw new AppError('auth.csrf_invalid', 'The request is missing its CSRF token. Reload the page and try again.');
      }
    }
    if (!roleHas(principal.role, permission)) {
      throw new AppError('access.forbidden', 'Your role does not allow this.');
    }
  });
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: expiresAt });
}
