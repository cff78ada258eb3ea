import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { asTableOwner, auditRows, countAuditRows, editContent } from '../../test/audit-rows.ts';
import { type TestApp, createTestApp } from '../../test/test-app.ts';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/unit-of-work.ts';
import { createUsersService } from '../modules/users/users.service.ts';
import { makePrincipal } from '../access/principal.ts';
import { SYSTEM_ACTOR } from './audit-event.ts';
import { verifyAuditLog } from './audit-verifier.ts';

describe('audit log', () => {
  let t: TestApp;
  let db: Kysely<DB>;
  before(async () => {
    t = await createTestApp();
    db = t.testDb.database.db;
    // Some history on several chains.
    const admin = await t.login('admin');
    for (let i = 0; i < 12; i++) {
      await t.request({ method: 'POST', url: '/api/v1/organizations', as: admin, payload: { name: `Audit Org ${i}`, kind: 'vendor' } });
    }
  });
  after(() => t.close());

  it('verifies a good log', async () => {
    const result = await verifyAuditLog(db);
    assert.equal(result.ok, true, JSON.stringify(result.problem));
    assert.equal(result.rowsChecked, await countAuditRows(db));
    assert.ok(result.rowsChecked >= 12);
  });

  it('lets admins read rows by target through the API', async () => {
    const org = await db.selectFrom('organizations').select('id').where('name', '=', 'Audit Org 3').executeTakeFirstOrThrow();
    const response = await t.request({ method: 'GET', url: `/api/v1/audit-events?targetId=${org.id}`, as: await t.login('admin') });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json().items.map((i: { action: string }) => i.action), ['organization.created']);
    const prefix = await t.request({ method: 'GET', url: '/api/v1/audit-events?action=organization.&limit=5', as: await t.login('admin') });
    assert.equal(prefix.json().items.length, 5);
    assert.ok(prefix.json().nextCursor);
  });

  it('a change that fails after auditing leaves neither the change nor its audit row', async () => {
    const rowsBefore = await countAuditRows(db);
    await assert.rejects(
      inTransaction({ db, jobs: t.built.jobs }, SYSTEM_ACTOR, async (uow) => {
        await uow.trx.updateTable('organizations').set({ name: 'Renamed Then Failed' }).where('id', '=', t.world.orgA.id).execute();
        uow.audit({ action: 'organization.updated', targetType: 'organization', targetIds: [t.world.orgA.id] });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal(await countAuditRows(db), rowsBefore);
    const org = await db.selectFrom('organizations').select('name').where('id', '=', t.world.orgA.id).executeTakeFirstOrThrow();
    assert.equal(org.name, t.world.orgA.name);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    for (const statement of [sql`update audit_records set content = content`, sql`delete from audit_records`, sql`truncate audit_records`]) {
      await assert.rejects(statement.execute(db), /append-only/);
    }
    assert.equal((await verifyAuditLog(db)).ok, true);
  });

  it('50 concurrent audited changes leave chains that verify, each change with exactly one row', async () => {
    const users = createUsersService({ db, jobs: t.built.jobs, config: t.config, clock: () => new Date() });
    const admin = makePrincipal({ user_id: t.world.users.admin.id, organization_id: t.world.home.id, role: 'admin', email: 'admin@casebook.test', name: 'Admin', is_home: true }, 'session');
    const actor = { ...SYSTEM_ACTOR, userId: admin.userId, organizationId: admin.organizationId, via: 'session' as const };
    const created = [];
    for (let i = 0; i < 50; i++) {
      created.push((await users.create(admin, actor, { email: `bulk-${i}@platform-a.test`, name: `Bulk ${i}`, role: 'org_member', organizationId: t.world.orgA.id })).user);
    }
    const rowsBefore = await countAuditRows(db);
    const results = await Promise.all(created.map((u, i) => users.update(admin, actor, u.id, { version: u.version, name: `Bulk renamed ${i}` })));
    assert.equal(results.length, 50);
    assert.equal(await countAuditRows(db), rowsBefore + 50);
    const updated = await auditRows(db, { action: 'user.updated' });
    for (const u of created) assert.equal(updated.filter((r) => r.target_ids.includes(u.id)).length, 1);
    const result = await verifyAuditLog(db);
    assert.equal(result.ok, true, JSON.stringify(result.problem));
    // Sequence numbers in every chain run 1..n without gaps.
    const heads = await db.selectFrom('audit_chain_heads').select(['chain', 'seq']).execute();
    for (const head of heads) {
      const n = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('chain', '=', head.chain).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), Number(head.seq));
    }
  });

  it('an audit row that cannot be written stops the change it belongs to', async () => {
    const heads = await db.selectFrom('audit_chain_heads').selectAll().execute();
    await db.deleteFrom('audit_chain_heads').execute();
    try {
      await assert.rejects(
        inTransaction({ db, jobs: t.built.jobs }, SYSTEM_ACTOR, async (uow) => {
          await uow.trx.updateTable('organizations').set({ name: 'Changed Without Audit' }).where('id', '=', t.world.orgB.id).execute();
          uow.audit({ action: 'organization.updated', targetType: 'organization', targetIds: [t.world.orgB.id] });
        }),
        /could not be written/,
      );
    } finally {
      await db.insertInto('audit_chain_heads').values(heads).execute();
    }
    const org = await db.selectFrom('organizations').select('name').where('id', '=', t.world.orgB.id).executeTakeFirstOrThrow();
    assert.equal(org.name, t.world.orgB.name);
    assert.equal((await verifyAuditLog(db)).ok, true);
  });

  describe('tampering', () => {
    it('an edited row is named by chain, seq and id', async () => {
      const target = await db.selectFrom('audit_events').selectAll().where('action', '=', 'organization.created').orderBy('chain').orderBy('seq').offset(3).limit(1).executeTakeFirstOrThrow();
      await asTableOwner(db, editContent(target.id, ['after', 'name'], 'Someone Else'));
      try {
        const result = await verifyAuditLog(db);
        assert.equal(result.ok, false);
        assert.deepEqual({ chain: result.problem?.chain, seq: result.problem?.seq, id: result.problem?.id }, { chain: target.chain, seq: target.seq, id: target.id });
        assert.match(result.problem?.reason ?? '', /edited/);
      } finally {
        await asTableOwner(db, sql`update audit_records set content = ${target.content} where id = ${target.id}`);
      }
      assert.equal((await verifyAuditLog(db)).ok, true);
    });

    it('a row deleted from the middle of a chain is detected', async () => {
      const chain = await busiestChain(db);
      const middle = await db.selectFrom('audit_events').selectAll().where('chain', '=', chain.chain).where('seq', '=', 2).executeTakeFirstOrThrow();
      await asTableOwner(db, sql`delete from audit_records where id = ${middle.id}`);
      try {
        const result = await verifyAuditLog(db);
        assert.equal(result.ok, false);
        assert.equal(result.problem?.chain, chain.chain);
        assert.equal(result.problem?.seq, 2);
        assert.match(result.problem?.reason ?? '', /missing/);
      } finally {
        await db.insertInto('audit_records').values(stored(middle)).execute();
      }
      assert.equal((await verifyAuditLog(db)).ok, true);
    });

    it('the last row of a chain deleted is detected', async () => {
      const chain = await busiestChain(db);
      const last = await db.selectFrom('audit_events').selectAll().where('chain', '=', chain.chain).where('seq', '=', chain.seq).executeTakeFirstOrThrow();
      await asTableOwner(db, sql`delete from audit_records where id = ${last.id}`);
      try {
        const result = await verifyAuditLog(db);
        assert.equal(result.ok, false);
        assert.equal(result.problem?.chain, chain.chain);
        assert.match(result.problem?.reason ?? '', /removed from the end/);
      } finally {
        await db.insertInto('audit_records').values(stored(last)).execute();
      }
      assert.equal((await verifyAuditLog(db)).ok, true);
    });
  });
});

/** The stored part of a record, to put a deleted one back. */
function stored(row: { chain: number; seq: number; content: string; content_hash: string; prev_hash: string; hash: string }) {
  return { chain: row.chain, seq: row.seq, content: row.content, content_hash: row.content_hash, prev_hash: row.prev_hash, hash: row.hash };
}

async function busiestChain(db: Kysely<DB>) {
  return db.selectFrom('audit_chain_heads').select(['chain', 'seq']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
}
