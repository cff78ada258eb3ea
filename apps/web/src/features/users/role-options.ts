/** Role choices for pickers, grouped as the server groups them: CERT staff and outside organizations. */
import { EXTERNAL_ROLES, ROLE_LABELS, STAFF_ROLES } from '#shared/roles';

export function roleOptions(forHomeOrganization?: boolean) {
  const staff = { group: 'CERT staff', items: STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })) };
  const external = { group: 'Outside organization', items: EXTERNAL_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })) };
  if (forHomeOrganization === true) return [staff];
  if (forHomeOrganization === false) return [external];
  return [staff, external];
}
