/**
 * The declarative test world: the home CERT, two outside organizations (A and B) and a
 * user for every role. Passwords are random per run; tests sign in through the real
 * login route with them.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '#shared/roles';
import type { DB } from '../src/db/schema.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';

export type SeedUserKey = Role | 'org_admin_b' | 'org_member_b';

export interface SeedWorld {
  home: { id: string; name: string };
  orgA: { id: string; name: string };
  orgB: { id: string; name: string };
  users: Record<SeedUserKey, { id: string; email: string; password: string; role: Role; organizationId: string }>;
}

const STAFF: Role[] = ['admin', 'coordinator', 'analyst', 'auditor', 'viewer'];

export async function seedWorld(db: Kysely<DB>): Promise<SeedWorld> {
  const password = `Seed-${randomBytes(12).toString('base64url')}`;
  const passwordHash = await hashPassword(password);
  const org = async (name: string, kind: 'cert' | 'platform' | 'vendor', isHome: boolean) => {
    const existing = isHome ? await db.selectFrom('organizations').select(['id', 'name']).where('is_home', '=', true).executeTakeFirst() : undefined;
    if (existing) return existing;
    return db.insertInto('organizations').values({ name, kind, is_home: isHome, sectors: [], short_name: null, jurisdiction: isHome ? null : 'US' }).returning(['id', 'name']).executeTakeFirstOrThrow();
  };
  const home = await org('Test CERT', 'cert', true);
  const orgA = await org('Messaging Platform A', 'platform', false);
  const orgB = await org('Vendor B', 'vendor', false);
  const users = {} as SeedWorld['users'];
  const add = async (key: SeedUserKey, role: Role, organizationId: string) => {
    const email = `${key.replace(/_/g, '-')}@casebook.test`;
    const row = await db
      .insertInto('users')
      .values({ email, name: `Test ${key.replace(/_/g, ' ')}`, role, organization_id: organizationId, password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    users[key] = { id: row.id, email, password, role, organizationId };
  };
  for (const role of STAFF) await add(role, role, home.id);
  await add('org_admin', 'org_admin', orgA.id);
  await add('org_member', 'org_member', orgA.id);
  await add('org_admin_b', 'org_admin', orgB.id);
  await add('org_member_b', 'org_member', orgB.id);
  return { home, orgA, orgB, users };
}
