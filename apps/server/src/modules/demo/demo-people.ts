/**
 * The people of the demo case: the three outside organizations of the 2019 case, named
 * generically (the messaging platform, the spyware vendor, the ministry),
 * and a demo user for every role — two coordinators, so that a notice can be written by
 * one and approved by the other — and for every organization.
 *
 * Organizations are created through the organizations service, as an administrator
 * would. Users are created the way `casebook user create` creates one with a password
 * (the users service only ever issues set-up links): one transaction per user with its
 * `user.created` audit row. The e-mail addresses are under the reserved `.example`
 * domain, so no mail about the demo can reach anyone.
 */
import { CreateOrganizationBody } from '#shared/contracts/organizations';
import type { Role } from '#shared/roles';
import { type Principal, makePrincipal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createOrganizationsService } from '../organizations/organizations.service.ts';
import { findHomeOrganization } from '../organizations/organizations.repository.ts';
import { insertUser } from '../users/users.repository.ts';
import { contract } from './demo-input.ts';
import { generateDemoPassword } from './demo-password.ts';

export type DemoOrganizationKey = 'cert' | 'platform' | 'vendor' | 'ministry';
export type DemoUserKey =
  | 'admin' | 'coordinator' | 'approver' | 'analyst' | 'auditor' | 'viewer'
  | 'platformContact' | 'platformMember' | 'vendorContact' | 'vendorMember' | 'ministryLiaison';

export const DEMO_ORGANIZATIONS: Record<Exclude<DemoOrganizationKey, 'cert'>, CreateOrganizationBody> = {
  // An intermediary and a body corporate with users in India, bound by the CERT's rules there.
  platform: {
    name: 'Messaging Platform', kind: 'platform', jurisdiction: 'US', sectors: ['messaging'],
    regulatedAs: ['intermediary', 'body_corporate'], operatesIn: ['IN'],
  },
  // Reached by a call for information under s.70B(6) as "any other person".
  vendor: { name: 'Spyware Vendor', kind: 'vendor', jurisdiction: 'IL', sectors: ['surveillance software'], regulatedAs: ['any_person'] },
  ministry: { name: 'IT Ministry', kind: 'government', jurisdiction: 'IN', sectors: ['government'] },
};

export interface DemoUser {
  key: DemoUserKey;
  organization: DemoOrganizationKey;
  role: Role;
  name: string;
  email: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'admin', organization: 'cert', role: 'admin', name: 'Demo Administrator', email: 'demo-admin@cert.example' },
  { key: 'coordinator', organization: 'cert', role: 'coordinator', name: 'Demo Coordinator', email: 'demo-coordinator@cert.example' },
  { key: 'approver', organization: 'cert', role: 'coordinator', name: 'Demo Approver', email: 'demo-approver@cert.example' },
  { key: 'analyst', organization: 'cert', role: 'analyst', name: 'Demo Analyst', email: 'demo-analyst@cert.example' },
  { key: 'auditor', organization: 'cert', role: 'auditor', name: 'Demo Auditor', email: 'demo-auditor@cert.example' },
  { key: 'viewer', organization: 'cert', role: 'viewer', name: 'Demo Viewer', email: 'demo-viewer@cert.example' },
  { key: 'platformContact', organization: 'platform', role: 'org_admin', name: 'Platform Contact', email: 'demo-contact@platform.example' },
  { key: 'platformMember', organization: 'platform', role: 'org_member', name: 'Platform Member', email: 'demo-member@platform.example' },
  { key: 'vendorContact', organization: 'vendor', role: 'org_admin', name: 'Vendor Contact', email: 'demo-contact@vendor.example' },
  { key: 'vendorMember', organization: 'vendor', role: 'org_member', name: 'Vendor Member', email: 'demo-member@vendor.example' },
  { key: 'ministryLiaison', organization: 'ministry', role: 'org_member', name: 'Ministry Liaison', email: 'demo-liaison@ministry.example' },
];

export interface DemoCredential {
  key: DemoUserKey;
  role: Role;
  name: string;
  email: string;
  organization: string;
  /** Shown once, when the demo is loaded; only its hash is stored. */
  password: string;
}

export interface DemoPeople {
  organizations: Record<DemoOrganizationKey, { id: string; name: string }>;
  users: Record<DemoUserKey, { id: string; email: string; name: string }>;
  credentials: DemoCredential[];
  /** The user as the access rules see them, for the services. */
  principal(key: DemoUserKey): Principal;
  /** The audit actor: the demo loader (via `cli` or `system`) acting for that user. */
  actor(key: DemoUserKey): Actor;
}

export async function createDemoPeople(deps: UnitOfWorkDeps & { via: 'cli' | 'system' }): Promise<DemoPeople> {
  const home = await findHomeOrganization(deps.db);
  if (!home) throw new Error('The CERT (home organization) must exist before the demo is loaded.');
  const organizations = { cert: home } as DemoPeople['organizations'];
  const users = {} as DemoPeople['users'];
  const principals = new Map<DemoUserKey, Principal>();
  const credentials: DemoCredential[] = [];
  const loaderActor = (organizationId: string | null): Actor => ({
    userId: null, organizationId, via: deps.via, requestId: null, clientAddress: deps.via === 'cli' ? 'cli' : null,
  });
  const actor = (key: DemoUserKey): Actor => {
    const principal = principals.get(key);
    if (!principal) throw new Error(`Demo user ${key} has not been created yet.`);
    return { ...loaderActor(principal.organizationId), userId: principal.userId };
  };

  // Hashing is the slow part (argon2id); the hashes are made side by side, before any transaction.
  const secrets = new Map(await Promise.all(DEMO_USERS.map(async (user) => {
    const password = generateDemoPassword(user);
    return [user.key, { password, passwordHash: await hashPassword(password) }] as const;
  })));

  const createUsers = async (organization: DemoOrganizationKey) => {
    for (const user of DEMO_USERS.filter((u) => u.organization === organization)) {
      const { password, passwordHash } = secrets.get(user.key) as { password: string; passwordHash: string };
      const org = organizations[organization];
      const now = new Date();
      const id = await inTransaction(deps, loaderActor(null), async (uow) => {
        const created = await insertUser(uow.trx, { organizationId: org.id, email: user.email, name: user.name, role: user.role, passwordHash, now });
        uow.audit({ action: 'user.created', targetType: 'user', targetIds: [created, org.id], after: { email: user.email, name: user.name, role: user.role, organizationId: org.id, demo: true } });
        return created;
      });
      users[user.key] = { id, email: user.email, name: user.name };
      principals.set(user.key, makePrincipal(
        // A principal as a signed-in user would have it; the audit actor (below) says the loader acted.
        { user_id: id, organization_id: org.id, role: user.role, email: user.email, name: user.name, is_home: organization === 'cert' }, 'session',
      ));
      credentials.push({ key: user.key, role: user.role, name: user.name, email: user.email, organization: org.name, password });
    }
  };

  await createUsers('cert');
  const organizationsService = createOrganizationsService({ ...deps, clock: () => new Date() });
  for (const key of ['platform', 'vendor', 'ministry'] as const) {
    const body = contract(CreateOrganizationBody, DEMO_ORGANIZATIONS[key], `organization ${key}`);
    const created = await organizationsService.create(principals.get('admin') as Principal, actor('admin'), body);
    organizations[key] = { id: created.id, name: created.name };
    await createUsers(key);
  }

  return {
    organizations,
    users,
    credentials,
    principal(key) {
      const principal = principals.get(key);
      if (!principal) throw new Error(`Demo user ${key} has not been created yet.`);
      return principal;
    },
    actor,
  };
}
