import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliTarget, createCliTarget } from '../../test/cli-target.ts';
import { verifyAuditLog } from '../audit/audit-verifier.ts';
import type { Database } from '../db/database.ts';

async function snapshotRows(database: Database) {
  const db = database.db;
  return {
    users: await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'organization_id', 'password_hash', 'version']).orderBy('id').execute(),
    organizations: await db.selectFrom('organizations').select(['id', 'name', 'kind', 'is_home']).orderBy('id').execute(),
    audit: await db.selectFrom('audit_events').select(['chain', 'seq', 'id', 'action', 'hash']).where('action', 'not like', 'backup.%').orderBy('chain').orderBy('seq').execute(),
    heads: await db.selectFrom('audit_chain_heads').selectAll().orderBy('chain').execute(),
  };
}

describe('backup and restore', () => {
  let source: CliTarget;
  let restored: CliTarget;
  const temp = mkdtempSync(path.join(tmpdir(), 'casebook-backup-'));
  const file = path.join(temp, 'casebook-backup.tar.gz');
  before(async () => {
    [source, restored] = await Promise.all([createCliTarget({ prepared: true }), createCliTarget({ prepared: true })]);
    const created = await source.run(['user', 'create', '--email', 'lead@cert.example', '--name', 'Lead Person', '--role', 'admin'], 'Harbour-lantern-quartz-64\n');
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => {
    await source?.drop();
    await restored?.drop();
    rmSync(temp, { recursive: true, force: true });
  });

  it('restores a backup into a fresh database with the same rows and an audit log that verifies', async () => {
    const before = await (async () => {
      const database = await source.open();
      try {
        return await snapshotRows(database);
      } finally {
        await database.close();
      }
    })();
    const backup = await source.run(['backup', file]);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /Backup written to .*: \d+ tables, \d+ rows/);
    assert.ok(existsSync(file));

    const restore = await restored.run(['restore', file]);
    assert.equal(restore.code, 0, restore.stderr);
    const database = await restored.open();
    try {
      const after = await snapshotRows(database);
      assert.deepEqual(after.users, before.users);
      assert.deepEqual(after.organizations, before.organizations);
      assert.deepEqual(after.audit, before.audit);
      assert.equal(after.users.length, 1);
      assert.ok(after.users[0].password_hash, 'the password survives, so the user can still sign in');
      assert.deepEqual(after.audit.map((r) => r.action).sort(), ['organization.created', 'user.created']);
      const restoredRow = await database.db.selectFrom('audit_events').select('action').where('action', '=', 'backup.restored').execute();
      assert.equal(restoredRow.length, 1);
    } finally {
      await database.close();
    }
    const verify = await restored.run(['audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr);
  });

  it('refuses to restore into a database that is not empty, and changes nothing', async () => {
    const again = await restored.run(['restore', file]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Restore needs an empty database/);
    const database = await restored.open();
    try {
      assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 1);
      assert.equal((await verifyAuditLog(database.db)).ok, true);
    } finally {
      await database.close();
    }
  });
});
