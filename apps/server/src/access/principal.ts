/** The signed-in user behind a request, as the access rules see it. */
import type { Role } from '#shared/roles';
import { isStaffRole } from '#shared/roles';
import type { OrganizationKind } from '#shared/organizations';
import type { Actor } from '../audit/audit-event.ts';

export interface Principal {
  userId: string;
  organizationId: string;
  role: Role;
  /** Staff of the home organization (the CERT), as opposed to an outside organization's user. */
  isStaff: boolean;
  email: string;
  name: string;
  via: 'session' | 'token';
  tokenId?: string;
  sessionIdHash?: string;
  /** What `getMe` shows, read with the session or token in the same query so that it costs nothing more. */
  profile?: PrincipalProfile;
}

export interface PrincipalProfile {
  organizationName: string;
  organizationKind: OrganizationKind;
  totpEnabled: boolean;
  sessionExpiresAt: Date | null;
}

export function makePrincipal(row: {
  user_id: string;
  organization_id: string;
  role: Role;
  email: string;
  name: string;
  is_home: boolean;
}, via: Principal['via'], extra: { tokenId?: string; sessionIdHash?: string; profile?: PrincipalProfile } = {}): Principal {
  return {
    userId: row.user_id,
    organizationId: row.organization_id,
    role: row.role,
    // A staff role only counts inside the home organization; the database also forbids the mix.
    isStaff: row.is_home && isStaffRole(row.role),
    email: row.email,
    name: row.name,
    via,
    ...extra,
  };
}

export function actorOf(principal: Principal | null, request: { id: unknown; ip: string }): Actor {
  return {
    userId: principal?.userId ?? null,
    organizationId: principal?.organizationId ?? null,
    via: principal?.via ?? 'anonymous',
    ...(principal?.tokenId ? { tokenId: principal.tokenId } : {}),
    requestId: String(request.id),
    clientAddress: request.ip,
  };
}

/** The caller of a route whose permission needs a sign-in; the access gate has set it. */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw new Error('A signed-in route ran without a principal.');
  return request.principal;
}
