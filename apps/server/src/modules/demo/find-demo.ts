/**
 * Whether the demo case is there already, and whether it can be loaded: the demo is
 * loaded once per database. It is recognised by its incident (the demo title, tagged
 * `demo`); its organizations' names and its users' e-mail addresses must be free too,
 * so that a second load never half-succeeds.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { DEMO_TAG, DEMO_TITLE } from './demo-case.ts';
import { DEMO_ORGANIZATIONS, DEMO_USERS } from './demo-people.ts';

export async function findDemoIncident(db: Kysely<DB>): Promise<{ id: string; reference: string } | undefined> {
  return db.selectFrom('incidents').select(['id', 'reference'])
    .where('title', '=', DEMO_TITLE).where('tags', '@>', sql<string[]>`array[${DEMO_TAG}]::text[]`)
    .orderBy('created_at').executeTakeFirst();
}

export async function assertDemoCanLoad(db: Kysely<DB>): Promise<void> {
  const incident = await findDemoIncident(db);
  if (incident) {
    throw new AppError('demo.already_loaded', `The demo case is loaded already (incident ${incident.reference}); it is loaded only once per database, and nothing was changed.`, { status: 409 });
  }
  const names = Object.values(DEMO_ORGANIZATIONS).map((o) => o.name.toLowerCase());
  const organizations = await db.selectFrom('organizations').select('name').where(sql`lower(name)`, 'in', names).execute();
  const emails = await db.selectFrom('users').select('email').where(sql`lower(email)`, 'in', DEMO_USERS.map((u) => u.email.toLowerCase())).execute();
  if (organizations.length || emails.length) {
    const taken = [...organizations.map((o) => `organization "${o.name}"`), ...emails.map((u) => `user ${u.email}`)];
    throw new AppError('demo.conflict', `The demo case cannot be loaded here: ${taken.join(', ')} exist${taken.length === 1 ? 's' : ''} already. Nothing was changed.`, { status: 409 });
  }
}
