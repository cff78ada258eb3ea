import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliTarget, createCliTarget } from '../../test/cli-target.ts';
import {
  type RegisterKeyRing,
  fieldAad,
  generateDataKey,
  loadOrCreateEmbeddedRegisterKeys,
  openField,
  parseRegisterKeyRing,
  sealField,
  unwrapDataKey,
  wrapDataKey,
} from '../crypto/register-keys.ts';
import type { Database } from '../db/database.ts';

async function withOpen<T>(target: CliTarget, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await target.open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

function ringJson(current: string, masterKeys: Record<string, Buffer>, lookupKey: Buffer): string {
  const keys = Object.fromEntries(Object.entries(masterKeys).map(([id, key]) => [id, key.toString('base64')]));
  return JSON.stringify({ current, masterKeys: keys, lookupKey: lookupKey.toString('base64') });
}

async function insertIncident(database: Database, reference: string): Promise<string> {
  const row = await database.db
    .insertInto('incidents')
    .values({ reference, title: 'Spyware delivered through a missed call', severity: 'high', tlp: 'AMBER' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const registerKeyRows = (database: Database) =>
  database.db.selectFrom('register_keys').selectAll().orderBy('incident_id').execute();
const rotationAudits = (database: Database) =>
  database.db.selectFrom('audit_events').select(['actor_via', 'target_type', 'after']).where('action', '=', 'register.keys_rotated').execute();

describe('casebook keys', () => {
  let target: CliTarget;
  // Embedded: the key file in the data directory. Server: CASEBOOK_REGISTER_KEYS, which the operator edits.
  let server: boolean;
  let first: RegisterKeyRing;
  let keyFile: string;
  const dataKeys = new Map<string, Buffer>();
  const personId = randomUUID();
  let sealedName: string;

  before(async () => {
    target = await createCliTarget({ prepared: true });
    server = Boolean(target.env.DATABASE_URL);
    keyFile = path.join(target.dataDir, 'register-keys.json');
    if (server) {
      target.env.CASEBOOK_REGISTER_KEYS = ringJson('k-first', { 'k-first': randomBytes(32) }, randomBytes(32));
      first = parseRegisterKeyRing(target.env.CASEBOOK_REGISTER_KEYS);
    } else {
      first = loadOrCreateEmbeddedRegisterKeys(target.dataDir);
    }
    const migrated = await target.run(['migrate']);
    assert.equal(migrated.code, 0, migrated.stderr);
    await withOpen(target, async (database) => {
      for (const n of [1, 2, 3]) {
        const incidentId = await insertIncident(database, `CERT/2019/K-${n}`);
        const dataKey = generateDataKey();
        dataKeys.set(incidentId, dataKey);
        const wrapped = wrapDataKey(first, incidentId, dataKey);
        await database.db
          .insertInto('register_keys')
          .values({ incident_id: incidentId, master_key_id: wrapped.masterKeyId, wrapped_key: wrapped.wrapped })
          .execute();
      }
      const [incidentId, dataKey] = [...dataKeys][0];
      sealedName = sealField(dataKey, fieldAad(personId, 'name'), 'Ana Example');
      await database.db
        .insertInto('affected_persons')
        .values({ id: personId, incident_id: incidentId, number: 1, name_enc: sealedName, country: 'ES', category: 'journalist', affected_how: 'targeted' })
        .execute();
    });
  });
  after(() => target?.drop());

  it('refuses to rotate when a data key is under a master key missing from the ring: exit 1, naming both, nothing changed', async () => {
    const lostIncident = await withOpen(target, async (database) => {
      const incidentId = await insertIncident(database, 'CERT/2019/K-LOST');
      const lost = parseRegisterKeyRing(ringJson('k-lost', { 'k-lost': randomBytes(32) }, randomBytes(32)));
      const wrapped = wrapDataKey(lost, incidentId, generateDataKey());
      await database.db.insertInto('register_keys').values({ incident_id: incidentId, master_key_id: 'k-lost', wrapped_key: wrapped.wrapped }).execute();
      return incidentId;
    });
    // On a server the operator has made a new key current already, keeping the first one.
    if (server) target.env.CASEBOOK_REGISTER_KEYS = ringJson('k-second', { 'k-first': first.masterKeys.get('k-first') as Buffer, 'k-second': randomBytes(32) }, first.lookupKey);
    const fileBefore = server ? '' : readFileSync(keyFile, 'utf8');
    const rowsBefore = await withOpen(target, registerKeyRows);

    const result = await target.run(['keys', 'rotate']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`the data key of incident ${lostIncident} cannot be unwrapped: master key k-lost is not in the key ring\\. Nothing was re-wrapped`));

    await withOpen(target, async (database) => {
      assert.deepEqual(await registerKeyRows(database), rowsBefore);
      assert.deepEqual(await rotationAudits(database), []);
      await database.db.deleteFrom('incidents').where('id', '=', lostIncident).execute();
    });
    if (!server) assert.equal(readFileSync(keyFile, 'utf8'), fileBefore, 'the key file is left as it was');
  });

  it('rotate re-wraps every data key under the new master key, keeps the sealed fields readable and drops the old key', async () => {
    const result = await target.run(['keys', 'rotate']);
    assert.equal(result.code, 0, result.stderr);
    const ring = server ? parseRegisterKeyRing(target.env.CASEBOOK_REGISTER_KEYS) : loadOrCreateEmbeddedRegisterKeys(target.dataDir);
    assert.notEqual(ring.current, first.current);
    assert.match(result.stdout, new RegExp(`Re-wrapped 3 data key\\(s\\) under ${ring.current} \\(were under ${first.current}\\)`));
    if (server) {
      assert.match(result.stdout, /No data key uses k-first any more: .* remove it from masterKeys in CASEBOOK_REGISTER_KEYS/);
    } else {
      assert.match(result.stdout, new RegExp(`Added master key ${ring.current} to .* and made it current`));
      assert.match(result.stdout, new RegExp(`Removed master key ${first.current} from .*: no data key uses it any more`));
      assert.deepEqual([...ring.masterKeys.keys()], [ring.current], 'only the new key is left in the file');
      assert.ok(ring.lookupKey.equals(first.lookupKey), 'the lookup key is kept, so the digests stay valid');
    }

    await withOpen(target, async (database) => {
      const rows = await registerKeyRows(database);
      assert.equal(rows.length, 3);
      for (const row of rows) {
        assert.equal(row.master_key_id, ring.current);
        assert.ok(row.rotated_at instanceof Date);
        const dataKey = unwrapDataKey(ring, row.incident_id, { masterKeyId: row.master_key_id, wrapped: row.wrapped_key });
        assert.ok(dataKey.equals(dataKeys.get(row.incident_id) as Buffer), 'the same data key, wrapped again');
      }
      const person = await database.db.selectFrom('affected_persons').select(['incident_id', 'name_enc']).where('id', '=', personId).executeTakeFirstOrThrow();
      assert.equal(person.name_enc, sealedName, 'the sealed field is not re-encrypted');
      const row = rows.find((r) => r.incident_id === person.incident_id);
      const dataKey = unwrapDataKey(ring, person.incident_id, { masterKeyId: row?.master_key_id ?? '', wrapped: row?.wrapped_key ?? '' });
      assert.equal(openField(dataKey, fieldAad(personId, 'name'), person.name_enc ?? ''), 'Ana Example');

      assert.deepEqual(await rotationAudits(database), [
        {
          actor_via: 'cli',
          target_type: 'register_keys',
          after: { masterKeyId: ring.current, previousMasterKeyIds: [first.current], dataKeysRewrapped: 3 },
        },
      ]);
    });

    const status = await target.run(['keys', 'status']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`Current master key: ${ring.current}\n`));
    assert.match(status.stdout, new RegExp(`\n  ${ring.current}: 3 \\(current\\)\n`));
    if (server) assert.match(status.stdout, /\n {2}k-first: 0\n/);
    else assert.ok(!status.stdout.includes(first.current), status.stdout);

    const verify = await target.run(['audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr);
  });

  it('says so and exits 2 when a server has no register keys configured', { skip: !process.env.TEST_DATABASE_URL && 'embedded mode always has its key file' }, async () => {
    const keys = target.env.CASEBOOK_REGISTER_KEYS;
    delete target.env.CASEBOOK_REGISTER_KEYS;
    try {
      for (const command of ['rotate', 'status']) {
        const result = await target.run(['keys', command]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, /the register keys are not configured\. Set CASEBOOK_REGISTER_KEYS/);
      }
    } finally {
      target.env.CASEBOOK_REGISTER_KEYS = keys;
    }
  });
});
