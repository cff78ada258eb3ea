/** The `getMe` answer: who is signed in, with their organization, permissions and CSRF token. */
import type { Kysely } from 'kysely';
import type { Me } from '#shared/contracts/auth';
import { PERMISSIONS, roleHas } from '#shared/roles';
import type { DB } from '../../db/schema.ts';
import type { Principal } from '../../access/principal.ts';
import type { AuthService } from './auth.service.ts';

export function createLoadMe(deps: { db: Kysely<DB>; auth: AuthService }) {
  return async (principal: Principal): Promise<Me> => {
    const profile = principal.profile;
    if (profile) {
      return {
        user: {
          id: principal.userId,
          email: principal.email,
          name: principal.name,
          role: principal.role,
          totpEnabled: profile.totpEnabled,
          organization: { id: principal.organizationId, name: profile.organizationName, kind: profile.organizationKind, isHome: principal.isStaff },
        },
        via: principal.via,
        csrfToken: principal.sessionIdHash ? deps.auth.csrfTokenFor(principal.sessionIdHash) : null,
        permissions: permissionsOf(principal),
        sessionExpiresAt: profile.sessionExpiresAt?.toISOString() ?? null,
      };
    }
    // Right after sign-in the principal comes from the login, which did not read all of this.
    const row = await deps.db
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .leftJoin('sessions as s', (join) => join.onRef('s.user_id', '=', 'u.id').on('s.id_hash', '=', principal.sessionIdHash ?? ''))
      .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.totp_enabled_at', 'o.id as org_id', 'o.name as org_name', 'o.kind as org_kind', 'o.is_home', 's.expires_at'])
      .where('u.id', '=', principal.userId)
      .executeTakeFirstOrThrow();
    return {
      user: {
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role,
        totpEnabled: row.totp_enabled_at !== null,
        organization: { id: row.org_id, name: row.org_name, kind: row.org_kind, isHome: row.is_home },
      },
      via: principal.via,
      csrfToken: principal.sessionIdHash ? deps.auth.csrfTokenFor(principal.sessionIdHash) : null,
      permissions: permissionsOf(principal),
      sessionExpiresAt: (row.expires_at as Date | null)?.toISOString() ?? null,
    };
  };
}

/** The permission names a principal holds, for the web app to show what it may do. */
export function permissionsOf(principal: Principal): string[] {
  return PERMISSIONS.filter((p) => p !== 'public' && roleHas(principal.role, p));
}
