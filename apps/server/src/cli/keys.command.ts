/**
 * `casebook keys status` and `casebook keys rotate`: the master keys of the affected-persons
 * register (docs/adr/0008-register-envelope-encryption.md, docs/configuration.md).
 *
 * Rotation re-wraps each incident's data key under the current master key, in one
 * transaction with one audit row; the sealed fields are not touched, since the data keys do
 * not change. In embedded mode the command adds the new master key to the key file itself
 * and removes the old ones once no data key uses them. When the ring comes from
 * CASEBOOK_REGISTER_KEYS the operator has already made the new key `current` there; the
 * command never edits the environment, it only says which old ids can go.
 *
 * Exit codes: 0 done, 1 a data key could not be unwrapped (nothing changed), 2 no key ring.
 * Only key ids are printed or audited, never key material.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit-event.ts';
import type { Config } from '../config/config.ts';
import {
  type RegisterKeyRing,
  RegisterKeyError,
  addMasterKey,
  loadOrCreateEmbeddedRegisterKeys,
  removeMasterKey,
  rewrapDataKey,
  unwrapDataKey,
} from '../crypto/register-keys.ts';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/unit-of-work.ts';
import type { JobSender } from '../jobs/job-queue.ts';
import { withDatabase } from './open.ts';

const CLI_ACTOR: Actor = { userId: null, organizationId: null, via: 'cli', requestId: null, clientAddress: 'cli' };
// Rotation queues no job; a sender that refuses keeps it that way.
const NO_JOBS: JobSender = { sendWithin: () => Promise.reject(new Error('Key rotation queues no job.')) };
const KEY_FILE = 'register-keys.json';

/** A stored data key that the ring cannot open: the whole rotation is refused. */
class UnreadableDataKey extends Error {
  constructor(
    readonly incidentId: string,
    readonly masterKeyId: string,
    readonly missing: boolean,
  ) {
    super(`The data key of incident ${incidentId} cannot be unwrapped.`);
  }
}

export async function runKeysStatus(config: Config): Promise<number> {
  const ring = requireRing(config, 'status');
  if (!ring) return 2;
  const counts = await withDatabase(config, (database) => countByMasterKey(database.db), { migrate: false });
  const ids = [...new Set([...ring.masterKeys.keys(), ...counts.keys()])].sort();
  const lines = [
    `Key ring: ${keyFile(config, ring) ?? 'CASEBOOK_REGISTER_KEYS'}`,
    `Current master key: ${ring.current}`,
    `Master keys in the ring: ${[...ring.masterKeys.keys()].sort().join(', ')}`,
    'Data keys wrapped under each master key:',
    ...ids.map((id) => {
      const note = id === ring.current ? ' (current)' : ring.masterKeys.has(id) ? '' : ' (NOT in the key ring: these cannot be opened)';
      return `  ${id}: ${counts.get(id) ?? 0}${note}`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export async function runKeysRotate(config: Config): Promise<number> {
  const configured = requireRing(config, 'rotate');
  if (!configured) return 2;
  const file = keyFile(config, configured);
  return withDatabase(
    config,
    async (database) => {
      let ring = configured;
      if (file) {
        // The key file changes before the transaction: check first that every data key opens,
        // so a refused rotation leaves the file as it was. The embedded lock held here keeps
        // any other process from adding a data key in between.
        const unreadable = await firstUnreadable(database.db, ring);
        if (unreadable) return refuse(unreadable);
        const added = addMasterKey(config.dataDir);
        ring = loadOrCreateEmbeddedRegisterKeys(config.dataDir);
        process.stdout.write(`Added master key ${added} to ${file} and made it current.\n`);
      }
      let result: { rewrapped: number; previous: string[] };
      try {
        result = await rewrapAll(database.db, ring);
      } catch (error) {
        if (!(error instanceof UnreadableDataKey)) throw error;
        return refuse(error);
      }
      process.stdout.write(
        `Re-wrapped ${result.rewrapped} data key(s) under ${ring.current}${result.previous.length > 0 ? ` (were under ${result.previous.join(', ')})` : ''}; the register's sealed fields are unchanged.\n`,
      );
      const counts = await countByMasterKey(database.db);
      const unused = [...ring.masterKeys.keys()].filter((id) => id !== ring.current && !counts.has(id)).sort();
      const stillUsed = [...counts.keys()].filter((id) => id !== ring.current).sort();
      if (file) {
        for (const id of unused) {
          removeMasterKey(config.dataDir, id);
          process.stdout.write(`Removed master key ${id} from ${file}: no data key uses it any more.\n`);
        }
      } else if (unused.length > 0) {
        process.stdout.write(
          `No data key uses ${unused.join(', ')} any more: once every instance runs with ${ring.current} as current, remove ${unused.length === 1 ? 'it' : 'them'} from masterKeys in CASEBOOK_REGISTER_KEYS.\n`,
        );
      }
      if (stillUsed.length > 0) {
        // Only possible when an instance still running with the old configuration wrapped a new data key meanwhile.
        process.stderr.write(
          `Data keys were added under ${stillUsed.join(', ')} meanwhile: restart every instance with ${ring.current} as current and run casebook keys rotate again.\n`,
        );
      }
      return 0;
    },
    { migrate: false },
  );
}

/** The key ring, or null after saying why there is none. */
function requireRing(config: Config, command: string): RegisterKeyRing | null {
  if (config.registerKeys) return config.registerKeys;
  process.stderr.write(
    `casebook keys ${command}: the register keys are not configured. Set CASEBOOK_REGISTER_KEYS to {"current": "<id>", "masterKeys": {"<id>": "<base64>"}, "lookupKey": "<base64>"} (docs/configuration.md).\n`,
  );
  return null;
}

/**
 * The embedded key file when the ring in use was read from it; null when the ring comes
 * from CASEBOOK_REGISTER_KEYS (always so with a PostgreSQL server), which is never edited.
 */
function keyFile(config: Config, ring: RegisterKeyRing): string | null {
  const file = path.join(config.dataDir, KEY_FILE);
  if (config.databaseUrl || !existsSync(file)) return null;
  const onDisk = loadOrCreateEmbeddedRegisterKeys(config.dataDir);
  return onDisk.current === ring.current && onDisk.lookupKey.equals(ring.lookupKey) ? file : null;
}

async function countByMasterKey(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('register_keys')
    .select((eb) => ['master_key_id', eb.fn.countAll<number>().as('count')])
    .groupBy('master_key_id')
    .execute();
  return new Map(rows.map((row) => [row.master_key_id, Number(row.count)]));
}

async function firstUnreadable(db: Kysely<DB>, ring: RegisterKeyRing): Promise<UnreadableDataKey | null> {
  const rows = await db.selectFrom('register_keys').select(['incident_id', 'master_key_id', 'wrapped_key']).orderBy('incident_id').execute();
  for (const row of rows) {
    try {
      unwrapDataKey(ring, row.incident_id, { masterKeyId: row.master_key_id, wrapped: row.wrapped_key }).fill(0);
    } catch (error) {
      if (!(error instanceof RegisterKeyError)) throw error;
      return new UnreadableDataKey(row.incident_id, row.master_key_id, !ring.masterKeys.has(row.master_key_id));
    }
  }
  return null;
}

/** Every data key not under the current master key, re-wrapped under it: all of them or none. */
async function rewrapAll(db: Kysely<DB>, ring: RegisterKeyRing): Promise<{ rewrapped: number; previous: string[] }> {
  return inTransaction({ db, jobs: NO_JOBS }, CLI_ACTOR, async (uow) => {
    const rows = await uow.trx
      .selectFrom('register_keys')
      .select(['incident_id', 'master_key_id', 'wrapped_key'])
      .where('master_key_id', '<>', ring.current)
      .orderBy('incident_id')
      .forUpdate()
      .execute();
    const now = new Date();
    for (const row of rows) {
      let next: { masterKeyId: string; wrapped: string };
      try {
        next = rewrapDataKey(ring, row.incident_id, { masterKeyId: row.master_key_id, wrapped: row.wrapped_key });
      } catch (error) {
        if (!(error instanceof RegisterKeyError)) throw error;
        throw new UnreadableDataKey(row.incident_id, row.master_key_id, !ring.masterKeys.has(row.master_key_id));
      }
      await uow.trx
        .updateTable('register_keys')
        .set({ master_key_id: next.masterKeyId, wrapped_key: next.wrapped, rotated_at: now })
        .where('incident_id', '=', row.incident_id)
        .execute();
    }
    const previous = [...new Set(rows.map((row) => row.master_key_id))].sort();
    const older = [...ring.masterKeys.keys()].filter((id) => id !== ring.current);
    // Names ending in "key" are redacted by the audit writer; these are ids and a count.
    uow.audit({
      action: 'register.keys_rotated',
      targetType: 'register_keys',
      after: { masterKeyId: ring.current, previousMasterKeyIds: [...new Set([...older, ...previous])].sort(), dataKeysRewrapped: rows.length },
    });
    return { rewrapped: rows.length, previous };
  });
}

function refuse(error: UnreadableDataKey): number {
  const reason = error.missing
    ? `master key ${error.masterKeyId} is not in the key ring`
    : `it does not authenticate under master key ${error.masterKeyId} (wrong key, or the wrapped key was altered)`;
  process.stderr.write(
    `casebook keys rotate: the data key of incident ${error.incidentId} cannot be unwrapped: ${reason}. Nothing was re-wrapped; restore that key to the ring and run the rotation again.\n`,
  );
  return 1;
}
