/**
 * Who may see and change which users. Admins: everyone. Other CERT staff: read the
 * directory. Org admins: their own organization's users, and only with external roles.
 */
import { type Role, isStaffRole } from '#shared/roles';
import type { Principal } from '../../access/principal.ts';
import type { UserScope } from './users.repository.ts';

export function readScope(principal: Principal): UserScope {
  return principal.isStaff ? { kind: 'all' } : { kind: 'organization', organizationId: principal.organizationId };
}

export function manageScope(principal: Principal): UserScope | null {
  if (principal.role === 'admin' && principal.isStaff) return { kind: 'all' };
  if (principal.role === 'org_admin') return { kind: 'organization', organizationId: principal.organizationId };
  return null;
}

export function mayAssignRole(principal: Principal, role: Role): boolean {
  if (principal.role === 'admin' && principal.isStaff) return true;
  return principal.role === 'org_admin' && !isStaffRole(role);
}

export function mayManageUser(principal: Principal, user: { organization_id: string }): boolean {
  const scope = manageScope(principal);
  return !!scope && (scope.kind === 'all' || scope.organizationId === user.organization_id);
}
