/** `casebook user create` and `casebook user setup-link`: for the first admin on a server, and for recovery. */
import { sql } from 'kysely';
import { ROLES, type Role, isStaffRole } from '#shared/roles';
import type { Actor } from '../audit/audit-event.ts';
import { bootstrap } from '../bootstrap.ts';
import type { Config } from '../config/config.ts';
import { inTransaction } from '../db/unit-of-work.ts';
import { AppError } from '../http/app-error.ts';
import { createJobQueue } from '../jobs/job-queue.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { assertStrongPassword } from '../modules/auth/password-policy.ts';
import { emailTaken, findUserForLogin, insertUser } from '../modules/users/users.repository.ts';
import { issueSetupLink } from '../modules/users/users.service.ts';
import { withDatabase } from './open.ts';
import type { Database } from '../db/database.ts';

const CLI_ACTOR: Actor = { userId: null, organizationId: null, via: 'cli', requestId: null, clientAddress: 'cli' };

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('Password (leave empty for a one-time set-up link), then Enter and Ctrl-D: ');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function withJobs<T>(database: Database, work: (jobs: ReturnType<typeof createJobQueue>) => Promise<T>): Promise<T> {
  const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {}, fatal: () => {}, child: () => silent, level: 'silent', silent: () => {} };
  const jobs = createJobQueue({ executeSql: database.executeSql, definitions: [], logger: silent as never });
  await jobs.start({ work: false });
  try {
    return await work(jobs);
  } finally {
    await jobs.stop();
  }
}

export async function runUserCreate(config: Config, options: { email?: string; name?: string; role?: string; organization?: string }): Promise<number> {
  const { email, name, role, organization } = options;
  if (!email || !name || !role) throw new AppError('cli.invalid', 'Give --email, --name and --role.');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new AppError('cli.invalid', `"${email}" is not an e-mail address.`);
  if (!(ROLES as readonly string[]).includes(role)) throw new AppError('cli.invalid', `--role must be one of ${ROLES.join(', ')}.`);
  const password = await readStdin();
  if (password) assertStrongPassword(password, { email, name });
  const passwordHash = password ? await hashPassword(password) : null;

  return withDatabase(config, (database) => withJobs(database, async (jobs) => {
    const { homeOrganizationId } = await bootstrapHomeOnly(database, jobs, config);
    const org = organization
      ? await database.db.selectFrom('organizations').select(['id', 'is_home'])
          .where((eb) => (/^[0-9a-f-]{36}$/i.test(organization) ? eb('id', '=', organization) : eb(sql`lower(name)`, '=', organization.toLowerCase())))
          .executeTakeFirst()
      : { id: homeOrganizationId, is_home: true };
    if (!org) throw new AppError('cli.invalid', `No organization "${organization}".`);
    if (isStaffRole(role as Role) !== org.is_home) throw new AppError('cli.invalid', `The role ${role} does not fit this organization.`);
    const link = await inTransaction({ db: database.db, jobs }, CLI_ACTOR, async (uow) => {
      if (await emailTaken(uow.trx, email)) throw new AppError('cli.invalid', `A user with the e-mail address ${email} exists already.`);
      const id = await insertUser(uow.trx, { organizationId: org.id, email, name, role: role as Role, passwordHash, now: new Date() });
      uow.audit({ action: 'user.created', targetType: 'user', targetIds: [id, org.id], after: { email, name, role, organizationId: org.id } });
      return passwordHash ? null : issueSetupLink(uow, { config, clock: () => new Date() }, id);
    });
    process.stdout.write(link ? `Created ${email}. One-time set-up link (valid until ${link.expiresAt}):\n${link.url}\n` : `Created ${email}; they can sign in with the password given.\n`);
    return 0;
  }));
}

/** The home organization must exist before users can join it; a first admin is not created here. */
async function bootstrapHomeOnly(database: Database, jobs: ReturnType<typeof createJobQueue>, config: Config) {
  const home = await database.db.selectFrom('organizations').select('id').where('is_home', '=', true).executeTakeFirst();
  if (home) return { homeOrganizationId: home.id };
  const anyUser = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) throw new Error('Users exist but no home organization does.');
  // The user this command creates is the first one, so bootstrap creates no admin of its own.
  const { homeOrganizationId } = await bootstrap({ db: database.db, jobs, config, skipFirstAdmin: true });
  return { homeOrganizationId };
}

export async function runUserSetupLink(config: Config, email: string): Promise<number> {
  return withDatabase(config, (database) => withJobs(database, async (jobs) => {
    const user = await findUserForLogin(database.db, { email });
    if (!user) throw new AppError('cli.invalid', `No user with the e-mail address ${email}.`);
    if (user.disabled_at) throw new AppError('cli.invalid', `${email} is disabled.`);
    const link = await inTransaction({ db: database.db, jobs }, CLI_ACTOR, (uow) => issueSetupLink(uow, { config, clock: () => new Date() }, user.id));
    process.stdout.write(`One-time set-up link for ${email} (valid until ${link.expiresAt}):\n${link.url}\n`);
    return 0;
  }));
}
