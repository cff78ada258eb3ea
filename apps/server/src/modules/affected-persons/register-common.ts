/**
 * What the register's services share: the key ring or a 503 without one, the incident's
 * data key (created on first write), opening a person's sealed fields, the person labels,
 * and the check of where an entry came from.
 */
import type { Transaction } from 'kysely';
import type { Identity } from '#shared/contracts/affected-persons';
import {
  generateDataKey,
  openField,
  RegisterKeyError,
  type RegisterKeyRing,
  unwrapDataKey,
  wrapDataKey,
} from '../../crypto/register-keys.ts';
import type { DB } from '../../db/schema.ts';
import type { UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { AppError } from '../../http/app-error.ts';
import type { PersonRow } from './affected-persons.repository.ts';

export interface RegisterDeps extends UnitOfWorkDeps {
  clock: () => Date;
  /** Null when no key ring is configured (a server without CASEBOOK_REGISTER_KEYS): the register answers 503. */
  registerKeys: RegisterKeyRing | null;
}

type IdentityField = 'name' | 'phone' | 'email' | 'account' | 'notes';

/** P-0001: how an entry is named everywhere a name must not appear. */
export const personLabel = (n: number) => `P-${String(n).padStart(4, '0')}`;
const label = personLabel;

export function keysOf(deps: RegisterDeps): RegisterKeyRing {
  if (!deps.registerKeys) {
    throw new AppError(
      'register.keys_not_configured',
      'The register of affected persons needs its keys (CASEBOOK_REGISTER_KEYS); ask the operator.',
      { status: 503 },
    );
  }
  return deps.registerKeys;
}

/** The incident's data key, created and wrapped under the current master key the first time it is needed for a write. */
export async function dataKeyFor(trx: Transaction<DB>, ring: RegisterKeyRing, incidentId: string, create: boolean): Promise<Buffer | null> {
  let row = await trx
    .selectFrom('register_keys')
    .select(['master_key_id', 'wrapped_key'])
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  if (!row && create) {
    const wrapped = wrapDataKey(ring, incidentId, generateDataKey());
    await trx
      .insertInto('register_keys')
      .values({ incident_id: incidentId, master_key_id: wrapped.masterKeyId, wrapped_key: wrapped.wrapped })
      .onConflict((oc) => oc.column('incident_id').doNothing())
      .execute();
    row = await trx
      .selectFrom('register_keys')
      .select(['master_key_id', 'wrapped_key'])
      .where('incident_id', '=', incidentId)
      .executeTakeFirstOrThrow();
  }
  if (!row) return null;
  try {
    return unwrapDataKey(ring, incidentId, { masterKeyId: row.master_key_id, wrapped: row.wrapped_key });
  } catch (error) {
    if (error instanceof RegisterKeyError) {
      throw new AppError(
        'register.key_unavailable',
        "This incident's register cannot be opened with the configured keys; ask the operator.",
        { status: 503 },
      );
    }
    throw error;
  }
}

export function openIdentity(key: Buffer | null, row: PersonRow): Identity {
  const open = (field: IdentityField, sealed: string | null) => {
    if (sealed === null || key === null) return null;
    try {
      return openField(key, `${row.id}:${field}`, sealed);
    } catch (error) {
      if (error instanceof RegisterKeyError)
        throw new AppError('register.key_unavailable', `The entry ${label(row.number)} cannot be opened with the configured keys.`, {
          status: 503,
        });
      throw error;
    }
  };
  return {
    id: row.id,
    name: open('name', row.name_enc),
    phone: open('phone', row.phone_enc),
    email: open('email', row.email_enc),
    account: open('account', row.account_enc),
    notes: open('notes', row.notes_enc),
  };
}

/** The organization an entry came from must take part in the incident; the response must answer one of the incident's notices, from that organization. */
export async function checkSource(
  trx: Transaction<DB>,
  incidentId: string,
  organizationId: string | undefined,
  responseId: string | undefined,
) {
  if (organizationId) {
    const party = await trx
      .selectFrom('participants')
      .select('id')
      .where('incident_id', '=', incidentId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    if (!party) throw new AppError('register.source_not_participant', 'The source organization does not take part in this incident.');
  }
  if (responseId) {
    const response = await trx
      .selectFrom('notice_responses as r')
      .innerJoin('notices as n', 'n.id', 'r.notice_id')
      .select(['n.organization_id'])
      .where('r.id', '=', responseId)
      .where('n.incident_id', '=', incidentId)
      .executeTakeFirst();
    if (!response) throw new AppError('register.unknown_response', 'The response is not one to a notice of this incident.');
    if (organizationId && response.organization_id !== organizationId) {
      throw new AppError('register.unknown_response', 'The response was given by another organization than the source.');
    }
  }
}
