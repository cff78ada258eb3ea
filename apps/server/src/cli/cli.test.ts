import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { asTableOwner, editContent } from '../../test/audit-rows.ts';
import { type CliTarget, createCliTarget } from '../../test/cli-target.ts';
import { testConfig } from '../../test/test-config.ts';
import { buildApp } from '../app.ts';
import { verifyAuditLog } from '../audit/audit-verifier.ts';
import type { Database } from '../db/database.ts';
import { MIGRATIONS_DIR } from '../db/migrate.ts';

async function withOpen<T>(target: CliTarget, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await target.open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

describe('casebook command line', () => {
  let target: CliTarget;
  before(async () => {
    target = await createCliTarget();
  });
  after(() => target?.drop());

  it('migrate sets up an empty database with every migration', async () => {
    const first = await target.run(['migrate']);
    assert.equal(first.code, 0, first.stderr);
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}-.*\.ts$/.test(f));
    assert.match(first.stdout, new RegExp(`Applied ${files.length} migration\\(s\\): 0001-create-foundation`));
    const applied = await withOpen(target, (database) => database.db.selectFrom('kysely_migration' as never).select('name' as never).execute());
    assert.equal(applied.length, files.length);
  });

  it('user create takes the password from standard input, and the user can then sign in', async () => {
    const password = 'Signal-meadow-copper-2819';
    const created = await target.run(['user', 'create', '--email', 'ops@cert.example', '--name', 'Ops Lead', '--role', 'admin'], `${password}\n`);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created ops@cert\.example; they can sign in with the password given/);
    assert.ok(!created.stdout.includes(password));
    await withOpen(target, async (database) => {
      const built = await buildApp({ config: testConfig(), database });
      try {
        const login = await built.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ops@cert.example', password } });
        assert.equal(login.statusCode, 200, login.body);
        assert.equal(login.json().user.role, 'admin');
        assert.equal(login.json().user.organization.isHome, true);
      } finally {
        await built.close();
      }
      const audit = await database.db.selectFrom('audit_events').select(['action', 'actor_via']).where('action', '=', 'user.created').execute();
      assert.deepEqual(audit, [{ action: 'user.created', actor_via: 'cli' }]);
    });
  });

  it('user create refuses a weak password and creates nobody', async () => {
    const weak = await target.run(['user', 'create', '--email', 'weak@cert.example', '--name', 'Weak One', '--role', 'analyst'], 'password1234\n');
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /most common passwords/);
    const users = await withOpen(target, (database) => database.db.selectFrom('users').select('email').execute());
    assert.deepEqual(users.map((u) => u.email), ['ops@cert.example']);
  });

  it('audit verify exits 0 on an intact log, and 1 naming the row once a row is edited', async () => {
    const ok = await target.run(['audit', 'verify']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Audit log intact: \d+ rows verified/);

    const edited = await withOpen(target, async (database) => {
      const row = await database.db.selectFrom('audit_events').select(['chain', 'seq', 'id', 'content']).where('action', '=', 'user.created').executeTakeFirstOrThrow();
      await asTableOwner(database.db, editContent(row.id, ['after', 'role'], 'viewer'));
      return row;
    });
    const broken = await target.run(['audit', 'verify']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, new RegExp(`BROKEN at chain ${edited.chain} seq ${edited.seq} \\(row ${edited.id}\\): content does not match`));

    await withOpen(target, async (database) => {
      await asTableOwner(database.db, sql`update audit_records set content = ${edited.content} where id = ${edited.id}`);
      assert.equal((await verifyAuditLog(database.db)).ok, true);
    });
  });

  it('an unknown command exits 2 with the usage', async () => {
    const unknown = await target.run(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Usage: casebook/);
  });
});
