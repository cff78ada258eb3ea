/**
 * Roles and permissions: the one table both the server (which enforces it) and the
 * web app (which only reads the abilities the server sends) are built from.
 */
export const STAFF_ROLES = ['admin', 'coordinator', 'analyst', 'auditor', 'viewer'] as const;
export const EXTERNAL_ROLES = ['org_admin', 'org_member'] as const;
export const ROLES = [...STAFF_ROLES, ...EXTERNAL_ROLES] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];
export type ExternalRole = (typeof EXTERNAL_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  coordinator: 'Coordinator',
  analyst: 'Analyst',
  auditor: 'Auditor',
  viewer: 'Viewer',
  org_admin: 'Organization admin',
  org_member: 'Organization member',
};

export function isStaffRole(role: Role): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/**
 * Route-level permissions. `public` needs no sign-in, `self` any signed-in user; the
 * others are granted to roles below. Record-level scope (which organization's users an
 * org admin may see, say) is applied in SQL by each module on top of these.
 */
export const PERMISSIONS = [
  'public',
  'self',
  'organizations.read',
  'organizations.manage',
  'users.read',
  'users.manage',
  'audit.read',
  'jobs.read',
  'jobs.manage',
  'incidents.read',
  'incidents.create',
  'incidents.write',
  'teams.read',
  'teams.manage',
  'settings.manage',
  'notices.read',
  'notices.write',
  'notices.approve',
  'notices.respond',
  'engagements.read',
  'engagements.write',
  'legal-bases.manage',
  'mail.read',
  'obligations.read',
  'obligations.manage',
  'obligations.facts',
  'reports.submit',
  'reports.review',
  'register.counts',
  'register.read',
  'register.write',
  'register.grant',
  'register.supplied',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL_STAFF: readonly Role[] = STAFF_ROLES;

export const PERMISSION_ROLES: Record<Exclude<Permission, 'public' | 'self'>, readonly Role[]> = {
  'organizations.read': ROLES,
  'organizations.manage': ['admin'],
  'users.read': [...ALL_STAFF, 'org_admin'],
  'users.manage': ['admin', 'org_admin'],
  'audit.read': ['admin'],
  'jobs.read': ['admin'],
  'jobs.manage': ['admin'],
  // Which incidents, and whether the caller may change them, is decided per record in SQL.
  'incidents.read': ROLES,
  'incidents.create': ['admin', 'coordinator', 'analyst'],
  'incidents.write': ['admin', 'coordinator', 'analyst'],
  'teams.read': STAFF_ROLES,
  'teams.manage': ['admin'],
  'settings.manage': ['admin'],
  // Which notices, and what the caller may do with each, is decided per record in SQL
  // (docs/modules/notices.md): staff through the incident, organizations only their own issued notices.
  'notices.read': ROLES,
  'notices.write': ['admin', 'coordinator', 'analyst'],
  'notices.approve': ['admin', 'coordinator'],
  'notices.respond': EXTERNAL_ROLES,
  'engagements.read': STAFF_ROLES,
  'engagements.write': ['admin', 'coordinator', 'analyst'],
  'legal-bases.manage': ['admin'],
  'mail.read': ['admin'],
  // Which obligations is decided per record in SQL (docs/modules/obligations.md): staff
  // through the incident, organizations only their own on incidents they take part in.
  'obligations.read': ROLES,
  'obligations.manage': ['admin'],
  'obligations.facts': ['admin', 'coordinator', 'analyst'],
  'reports.submit': EXTERNAL_ROLES,
  'reports.review': ['admin', 'coordinator'],
  // The affected-persons register (docs/modules/affected-persons.md): the role permits, a live
  // grant for the incident decides — even for admins, who grant themselves on the record.
  'register.counts': STAFF_ROLES,
  'register.read': ['admin', 'coordinator', 'analyst'],
  'register.write': ['admin', 'coordinator', 'analyst'],
  'register.grant': ['admin', 'coordinator'],
  // The organization that supplied entries sees, for its own, whether each was notified.
  'register.supplied': EXTERNAL_ROLES,
};

export function roleHas(role: Role, permission: Permission): boolean {
  if (permission === 'public' || permission === 'self') return true;
  return PERMISSION_ROLES[permission].includes(role);
}
