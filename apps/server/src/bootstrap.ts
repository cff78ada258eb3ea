/**
 * First start: the home organization (the CERT) and, while no user exists, a first
 * administrator who signs in through a one-time link printed to the console. There is
 * no default password anywhere.
 */
import type { Kysely } from 'kysely';
import type { Config } from './config/config.ts';
import { SYSTEM_ACTOR } from './audit/audit-event.ts';
import type { DB } from './db/schema.ts';
import { inTransaction } from './db/unit-of-work.ts';
import type { JobSender } from './jobs/job-queue.ts';
import { findHomeOrganization, insertOrganization } from './modules/organizations/organizations.repository.ts';
import { insertUser } from './modules/users/users.repository.ts';
import { issueSetupLink } from './modules/users/users.service.ts';

export interface BootstrapResult {
  homeOrganizationId: string;
  firstAdmin: { email: string; setupUrl: string; expiresAt: string } | null;
}

export async function bootstrap(deps: { db: Kysely<DB>; jobs: JobSender; config: Config; clock?: () => Date; skipFirstAdmin?: boolean }): Promise<BootstrapResult> {
  const clock = deps.clock ?? (() => new Date());
  return inTransaction({ db: deps.db, jobs: deps.jobs }, SYSTEM_ACTOR, async (uow) => {
    let home = await findHomeOrganization(uow.trx);
    if (!home) {
      const id = await insertOrganization(uow.trx, {
        name: deps.config.homeOrganizationName, shortName: null, kind: 'cert', jurisdiction: null, sectors: [], isHome: true, now: clock(),
      });
      home = { id, name: deps.config.homeOrganizationName };
      uow.audit({ action: 'organization.created', targetType: 'organization', targetIds: [id], after: { name: home.name, kind: 'cert', home: true } });
    }
    const anyUser = await uow.trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyUser || deps.skipFirstAdmin) return { homeOrganizationId: home.id, firstAdmin: null };
    const email = deps.config.firstAdminEmail;
    const userId = await insertUser(uow.trx, { organizationId: home.id, email, name: 'Administrator', role: 'admin', passwordHash: null, now: clock() });
    uow.audit({ action: 'user.created', targetType: 'user', targetIds: [userId, home.id], after: { email, role: 'admin', firstAdmin: true } });
    const link = await issueSetupLink(uow, { config: deps.config, clock }, userId);
    return { homeOrganizationId: home.id, firstAdmin: { email, setupUrl: link.url, expiresAt: link.expiresAt } };
  });
}
