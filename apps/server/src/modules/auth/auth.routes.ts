/** Sign-in, sign-out, the current user, password set-up and change, two-step sign-in. */
import type { FastifyInstance } from 'fastify';
import {
  ChangePasswordBody, LoginBody, LogoutBody, Me, RecoveryCodes, SetupPasswordBody, TotpConfirmBody, TotpDisableBody, TotpSetup,
} from '#shared/contracts/auth';
import { SESSION_COOKIE, setSessionCookie } from '../../access/authenticate.ts';
import { type Principal, actorOf } from '../../access/principal.ts';
import { defineRoute } from '../../http/route.ts';
import type { AuthService, NewSession } from './auth.service.ts';

export function registerAuthRoutes(app: FastifyInstance, deps: { auth: AuthService; secureCookies: boolean; loadMe: (p: Principal) => Promise<unknown> }) {
  const { auth } = deps;
  const tags = ['Sign-in'];

  const signedIn = async (session: NewSession, reply: import('fastify').FastifyReply) => {
    setSessionCookie(reply, session.token, session.expiresAt, deps.secureCookies);
    return deps.loadMe(session.principal);
  };

  defineRoute(app, {
    method: 'POST', url: '/auth/login', operationId: 'login', tags, permission: 'public',
    summary: 'Sign in with e-mail and password (and a TOTP or recovery code when two-step sign-in is on).',
    body: LoginBody, response: { 200: Me },
    handler: async (request, reply) => {
      const session = await auth.login({ ...request.body, userAgent: request.headers['user-agent'] ?? null }, actorOf(null, request));
      return signedIn(session, reply);
    },
  });

  defineRoute(app, {
    method: 'POST', url: '/auth/logout', operationId: 'logout', tags, permission: 'self', sessionOnly: true,
    summary: 'Sign out of this session, or of every session with `everywhere`.',
    body: LogoutBody, bodyOptional: true, response: { 204: null },
    handler: async (request, reply) => {
      await auth.logout(request.principal as Principal, actorOf(request.principal, request), request.body?.everywhere === true);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  });

  defineRoute(app, {
    method: 'POST', url: '/auth/password-setup', operationId: 'completePasswordSetup', tags, permission: 'public',
    summary: 'Set a password with a one-time set-up link, and sign in.',
    body: SetupPasswordBody, response: { 200: Me },
    handler: async (request, reply) => {
      const session = await auth.completePasswordSetup({ ...request.body, userAgent: request.headers['user-agent'] ?? null }, actorOf(null, request));
      return signedIn(session, reply);
    },
  });

  defineRoute(app, {
    method: 'GET', url: '/me', operationId: 'getMe', tags, permission: 'self',
    summary: 'The signed-in user, their organization, permissions and CSRF token.',
    response: { 200: Me },
    handler: async (request) => deps.loadMe(request.principal as Principal),
  });

  defineRoute(app, {
    method: 'POST', url: '/me/password', operationId: 'changePassword', tags, permission: 'self', sessionOnly: true,
    summary: 'Change the password; other sessions are signed out.',
    body: ChangePasswordBody, response: { 204: null },
    handler: async (request, reply) => {
      await auth.changePassword(request.principal as Principal, actorOf(request.principal, request), request.body);
      return reply.status(204).send();
    },
  });

  defineRoute(app, {
    method: 'POST', url: '/me/totp/setup', operationId: 'beginTotpEnrolment', tags, permission: 'self', sessionOnly: true,
    summary: 'Start turning on two-step sign-in: a new secret for the authenticator app.',
    response: { 200: TotpSetup },
    handler: async (request) => auth.beginTotpEnrolment(request.principal as Principal),
  });

  defineRoute(app, {
    method: 'POST', url: '/me/totp/confirm', operationId: 'confirmTotpEnrolment', tags, permission: 'self', sessionOnly: true,
    summary: 'Finish turning on two-step sign-in with a code from the app; returns recovery codes once.',
    body: TotpConfirmBody, response: { 200: RecoveryCodes },
    handler: async (request) => auth.confirmTotpEnrolment(request.principal as Principal, actorOf(request.principal, request), request.body.code),
  });

  defineRoute(app, {
    method: 'POST', url: '/me/totp/disable', operationId: 'disableTotp', tags, permission: 'self', sessionOnly: true,
    summary: 'Turn off two-step sign-in (needs the password).',
    body: TotpDisableBody, response: { 204: null },
    handler: async (request, reply) => {
      await auth.disableTotp(request.principal as Principal, actorOf(request.principal, request), request.body.password);
      return reply.status(204).send();
    },
  });
}
