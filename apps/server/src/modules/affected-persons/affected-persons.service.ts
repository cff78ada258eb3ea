/**
 * The affected-persons register (docs/modules/affected-persons.md): entries sealed under
 * the incident's data key, masked lists, reveals with a purpose, counts without identities,
 * lookups by keyed digest, and need-to-know grants. Every write and every read of an
 * identity is one transaction with its audit row; no audit row ever holds an identity.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type {
  AddAffectedPersonBody,
  AffectedCounts,
  Identity,
  ListAffectedPersonsQuery,
  LookupBody,
  MaskedPerson,
  RevealBody,
  UpdateAffectedPersonBody,
} from '#shared/contracts/affected-persons';
import { AFFECTED_HOW_LABELS, NOTIFICATION_STATUS_LABELS } from '#shared/contracts/affected-persons';
import { countryName, isCountryCode } from '#shared/countries';
import type { Principal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import {
  lookupDigest,
  normalizeAccountId,
  normalizeEmail,
  normalizePhone,
  type RegisterKeyRing,
  sealField,
} from '../../crypto/register-keys.ts';
import type { DB } from '../../db/schema.ts';
import type { AffectedPersonsTable } from '../../db/schema-register.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { AppError } from '../../http/app-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import {
  applyTallies,
  categoryExists,
  categoryLabels,
  countPersons,
  findPerson,
  findPersons,
  insertPerson,
  listPersons,
  lockRegister,
  nextNumber,
  type PersonRow,
  personsWithDigests,
  statedCounts,
  TallyChanges,
  updatePerson,
} from './affected-persons.repository.ts';
import { inScope, liveGrant, readableIncident, requireGrant, requirePurpose } from './register-access.ts';
import { checkSource, dataKeyFor, keysOf, openIdentity, personLabel, type RegisterDeps } from './register-common.ts';

export type { RegisterDeps } from './register-common.ts';

const IDENTITY_FIELDS = ['name', 'phone', 'email', 'account', 'notes'] as const;
type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** Today's date where it is latest (UTC+14): a date of notification up to it is not in the future for someone, wherever they work. */
const latestDateAnywhere = (at: Date) => new Date(at.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
const label = personLabel;

function masked(row: PersonRow): MaskedPerson {
  return {
    id: row.id,
    number: row.number,
    label: label(row.number),
    country: row.country,
    category: row.category,
    affectedHow: row.affected_how,
    source: row.source_organization_id
      ? {
          organizationId: row.source_organization_id,
          organizationName: row.source_organization_name ?? '',
          reference: row.source_reference,
        }
      : null,
    sourceResponseId: row.source_response_id,
    has: {
      name: row.name_enc !== null,
      phone: row.phone_enc !== null,
      email: row.email_enc !== null,
      account: row.account_enc !== null,
      notes: row.notes_enc !== null,
    },
    notificationStatus: row.notification_status,
    notifiedOn: row.notified_on,
    notifiedChannel: row.notified_channel,
    erased: row.erased_at !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

interface Normalized {
  phone?: string | null;
  email?: string | null;
  account?: string | null;
}

/** Identifiers in their normal form (null clears), or a 400 naming the field. */
function normalizeIdentifiers(input: { phone?: string | null; email?: string | null; account?: string | null }): Normalized {
  const out: Normalized = {};
  if (input.phone !== undefined) {
    out.phone = input.phone === null ? null : normalizePhone(input.phone);
    if (input.phone !== null && out.phone === null)
      throw new AppError(
        'register.invalid_phone',
        'The phone number is not in E.164 form (a + then the country code and number, e.g. +919812345678).',
        { details: { field: 'phone' } },
      );
  }
  if (input.email !== undefined) {
    out.email = input.email === null ? null : normalizeEmail(input.email);
    if (input.email !== null && out.email === null)
      throw new AppError('register.invalid_email', 'The e-mail address is not valid.', { details: { field: 'email' } });
  }
  if (input.account !== undefined) {
    out.account = input.account === null ? null : normalizeAccountId(input.account);
    if (input.account !== null && out.account === null)
      throw new AppError('register.invalid_account', 'The account id must be 1–200 characters without control characters.', {
        details: { field: 'account' },
      });
  }
  return out;
}

function checkCountry(country: string) {
  if (!isCountryCode(country)) {
    throw new AppError('register.unknown_country', `${country} is not an ISO 3166-1 country code.`, { details: { field: 'country' } });
  }
}

export function createAffectedPersonsService(deps: RegisterDeps) {
  const now = () => deps.clock();

  /** Identities found in the register under the same digests, for the duplicate check. */
  async function duplicateOf(trx: Transaction<DB>, ring: RegisterKeyRing, incidentId: string, ids: Normalized, except?: string) {
    const digests = {
      phone: ids.phone ? lookupDigest(ring, 'phone', ids.phone) : undefined,
      email: ids.email ? lookupDigest(ring, 'email', ids.email) : undefined,
      account: ids.account ? lookupDigest(ring, 'account', ids.account) : undefined,
    };
    const found = (await personsWithDigests(trx, incidentId, digests)).filter((p) => p.id !== except);
    if (found.length) {
      // Which of the identifiers the entry already holds, so that the form can point at it.
      const field =
        (['phone', 'email', 'account'] as const).find(
          (kind) => digests[kind] && found[0][`${kind}_hex`] === digests[kind].toString('hex'),
        ) ?? null;
      const what =
        field === 'phone' ? 'phone number' : field === 'email' ? 'e-mail address' : field === 'account' ? 'account' : 'identifier';
      throw new AppError('register.duplicate', `The register already holds this ${what} as ${label(found[0].number)}.`, {
        status: 409,
        details: { personId: found[0].id, label: label(found[0].number), field },
      });
    }
    return digests;
  }

  return {
    async counts(principal: Principal, incidentId: string): Promise<AffectedCounts> {
      await readableIncident(deps.db, principal, incidentId);
      const [counts, stated, labels] = await Promise.all([
        countPersons(deps.db, incidentId),
        statedCounts(deps.db, incidentId),
        categoryLabels(deps.db),
      ]);
      const registeredIn = new Map(counts.byCountry.map((c) => [c.key, c.count]));
      return {
        total: counts.total,
        erased: counts.erased,
        byCountry: counts.byCountry.map((c) => ({ ...c, label: countryName(c.key) })),
        byCategory: counts.byCategory.map((c) => ({ ...c, label: labels.get(c.key) ?? c.key })),
        byAffectedHow: counts.byAffectedHow.map((c) => ({
          ...c,
          label: AFFECTED_HOW_LABELS[c.key as keyof typeof AFFECTED_HOW_LABELS] ?? c.key,
        })),
        byNotificationStatus: counts.byNotificationStatus.map((c) => ({
          ...c,
          label: NOTIFICATION_STATUS_LABELS[c.key as keyof typeof NOTIFICATION_STATUS_LABELS] ?? c.key,
        })),
        reconciliation: stated.map((s) => {
          const registered = s.country === 'ZZ' ? counts.total : (registeredIn.get(s.country) ?? 0);
          return {
            country: s.country,
            stated: s.count,
            statedAsOf: s.as_of,
            statedSource: s.source,
            registered,
            difference: registered - s.count,
          };
        }),
      };
    },

    async list(principal: Principal, actor: Actor, incidentId: string, query: ListAffectedPersonsQuery) {
      await readableIncident(deps.db, principal, incidentId);
      await requireGrant(deps, principal, actor, incidentId, 'list');
      const limit = query.limit ?? 50;
      const after = decodeCursor<{ n: number }>(query.cursor, { n: 'number' });
      const { rows, total } = await listPersons(deps.db, incidentId, {
        country: query.country,
        category: query.category,
        status: query.status,
        afterNumber: after?.n,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return { items: page.map(masked), total, nextCursor: rows.length > limit ? encodeCursor({ n: page[page.length - 1].number }) : null };
    },

    async reveal(principal: Principal, actor: Actor, incidentId: string, body: RevealBody): Promise<{ items: Identity[] }> {
      const ring = keysOf(deps);
      await readableIncident(deps.db, principal, incidentId);
      const purpose = await requirePurpose(deps, actor, incidentId, 'reveal', body);
      await requireGrant(deps, principal, actor, incidentId, 'reveal');
      return inTransaction(deps, actor, async (uow) => {
        const rows = await findPersons(uow.trx, incidentId, body.personIds);
        if (rows.length !== body.personIds.length)
          throw new AppError('register.person_not_found', 'One or more of the persons are not in this register.', { status: 404 });
        const key = await dataKeyFor(uow.trx, ring, incidentId, false);
        const items = rows.map((row) => openIdentity(key, row));
        uow.audit({
          action: 'register.revealed',
          targetType: 'affected_person',
          targetIds: rows.map((r) => r.id),
          after: { incidentId, ...purpose, persons: rows.map((r) => label(r.number)) },
        });
        return { items };
      });
    },

    async add(principal: Principal, actor: Actor, incidentId: string, body: AddAffectedPersonBody): Promise<MaskedPerson> {
      const ring = keysOf(deps);
      await readableIncident(deps.db, principal, incidentId);
      await requireGrant(deps, principal, actor, incidentId, 'add');
      checkCountry(body.country);
      const ids = normalizeIdentifiers(body);
      if (!body.name?.trim() && !ids.phone && !ids.email && !ids.account) {
        throw new AppError('register.identity_required', 'Give at least a name, a phone number, an e-mail address or an account id.');
      }
      return inTransaction(deps, actor, async (uow) => {
        await findWritableIncident(uow.trx, principal, incidentId, { lock: false });
        if (!(await categoryExists(uow.trx, body.category)))
          throw new AppError('register.unknown_category', `There is no active category ${body.category}.`, {
            details: { field: 'category' },
          });
        await checkSource(uow.trx, incidentId, body.sourceOrganizationId, body.sourceResponseId);
        await lockRegister(uow.trx, incidentId);
        const digests = await duplicateOf(uow.trx, ring, incidentId, ids);
        const key = (await dataKeyFor(uow.trx, ring, incidentId, true)) as Buffer;
        const id = randomUUID();
        const seal = (field: IdentityField, value: string | null | undefined) => (value ? sealField(key, `${id}:${field}`, value) : null);
        const number = await nextNumber(uow.trx, incidentId);
        await insertPerson(uow.trx, {
          id,
          incident_id: incidentId,
          number,
          name_enc: seal('name', body.name?.trim()),
          phone_enc: seal('phone', ids.phone),
          email_enc: seal('email', ids.email),
          account_enc: seal('account', ids.account),
          notes_enc: seal('notes', body.notes?.trim() || null),
          phone_digest: digests.phone ?? null,
          email_digest: digests.email ?? null,
          account_digest: digests.account ?? null,
          country: body.country,
          category: body.category,
          affected_how: body.affectedHow,
          source_organization_id: body.sourceOrganizationId ?? null,
          source_reference: body.sourceReference ?? null,
          source_response_id: body.sourceResponseId ?? null,
          created_by: principal.userId,
        });
        await applyTallies(
          uow.trx,
          incidentId,
          new TallyChanges().person({ country: body.country, category: body.category, affected_how: body.affectedHow }),
        );
        uow.audit({
          action: 'register.person_added',
          targetType: 'affected_person',
          targetIds: [id],
          after: {
            incidentId,
            label: label(number),
            country: body.country,
            category: body.category,
            affectedHow: body.affectedHow,
            fields: IDENTITY_FIELDS.filter((f) => (f === 'name' || f === 'notes' ? body[f]?.trim() : ids[f])),
          },
        });
        const row = await findPerson(uow.trx, incidentId, id);
        return masked(row as PersonRow);
      });
    },

    async update(
      principal: Principal,
      actor: Actor,
      incidentId: string,
      personId: string,
      body: UpdateAffectedPersonBody,
    ): Promise<MaskedPerson> {
      const ring = keysOf(deps);
      await readableIncident(deps.db, principal, incidentId);
      await requireGrant(deps, principal, actor, incidentId, 'update');
      if (body.country !== undefined) checkCountry(body.country);
      const ids = normalizeIdentifiers(body);
      return inTransaction(deps, actor, async (uow) => {
        await findWritableIncident(uow.trx, principal, incidentId, { lock: false });
        const row = await findPerson(uow.trx, incidentId, personId, { forUpdate: true });
        if (!row) throw new AppError('register.person_not_found', 'The person is not in this register.', { status: 404 });
        if (row.version !== body.version) {
          throw new AppError('register.version_conflict', `The entry changed since you read it (now version ${row.version}).`, {
            details: { currentVersion: row.version },
          });
        }
        const touchesIdentity = IDENTITY_FIELDS.some((f) => body[f] !== undefined);
        if (row.erased_at && touchesIdentity)
          throw new AppError(
            'register.erased',
            "This entry's identity was erased under the retention period; it cannot be written again.",
            { status: 409 },
          );
        if (body.category !== undefined && !(await categoryExists(uow.trx, body.category)))
          throw new AppError('register.unknown_category', `There is no active category ${body.category}.`, {
            details: { field: 'category' },
          });

        const changes: Partial<AffectedPersonsTable> = {};
        const changed: string[] = [];
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        if (touchesIdentity) {
          const digests = await duplicateOf(uow.trx, ring, incidentId, ids, personId);
          const key = (await dataKeyFor(uow.trx, ring, incidentId, true)) as Buffer;
          const seal = (field: IdentityField, value: string | null) => (value ? sealField(key, `${personId}:${field}`, value) : null);
          if (body.name !== undefined) changes.name_enc = seal('name', body.name?.trim() || null);
          if (body.notes !== undefined) changes.notes_enc = seal('notes', body.notes?.trim() || null);
          if (ids.phone !== undefined) Object.assign(changes, { phone_enc: seal('phone', ids.phone), phone_digest: digests.phone ?? null });
          if (ids.email !== undefined) Object.assign(changes, { email_enc: seal('email', ids.email), email_digest: digests.email ?? null });
          if (ids.account !== undefined)
            Object.assign(changes, { account_enc: seal('account', ids.account), account_digest: digests.account ?? null });
          for (const f of IDENTITY_FIELDS) if (body[f] !== undefined) changed.push(f);
        }
        const clear = [
          ['country', 'country', row.country],
          ['category', 'category', row.category],
          ['affectedHow', 'affected_how', row.affected_how],
          ['sourceReference', 'source_reference', row.source_reference],
          ['notificationStatus', 'notification_status', row.notification_status],
          ['notifiedOn', 'notified_on', row.notified_on],
          ['notifiedChannel', 'notified_channel', row.notified_channel],
        ] as const;
        for (const [field, column, current] of clear) {
          const value = body[field];
          if (value === undefined || value === current) continue;
          (changes as Record<string, unknown>)[column] = value;
          before[field] = current;
          after[field] = value;
          changed.push(field);
        }
        const status = body.notificationStatus ?? row.notification_status;
        const notifiedOn = body.notifiedOn !== undefined ? body.notifiedOn : row.notified_on;
        if (status === 'notified' && !notifiedOn)
          throw new AppError('register.notified_on_required', 'Give the date the person was notified.');
        if (notifiedOn && notifiedOn > latestDateAnywhere(now()))
          throw new AppError('register.notified_on_future', 'The date of notification cannot be in the future.');
        if (changed.length === 0) return masked(row);
        if (!(await updatePerson(uow.trx, personId, body.version, changes))) {
          throw new AppError('register.version_conflict', 'The entry changed since you read it.');
        }
        const moved = {
          country: changes.country,
          category: changes.category,
          affected_how: changes.affected_how,
          notification_status: changes.notification_status,
        };
        const tallies = new TallyChanges();
        for (const [dimension, value] of Object.entries(moved) as Array<[keyof typeof moved, string | undefined]>) {
          if (value === undefined) continue;
          tallies.add(dimension, row[dimension], -1).add(dimension, value, 1);
        }
        await applyTallies(uow.trx, incidentId, tallies);
        uow.audit({
          action: 'register.person_updated',
          targetType: 'affected_person',
          targetIds: [personId],
          before,
          after: { incidentId, label: label(row.number), ...after, fields: changed },
        });
        return masked((await findPerson(uow.trx, incidentId, personId)) as PersonRow);
      });
    },

    async lookup(principal: Principal, actor: Actor, body: LookupBody) {
      const ring = keysOf(deps);
      const purpose = await requirePurpose(deps, actor, null, 'lookup', body);
      const normalized = normalizeIdentifiers({ [body.kind]: body.value })[body.kind];
      if (!normalized) throw new AppError('register.invalid_identifier', 'The identifier is not valid.');
      const digest = lookupDigest(ring, body.kind, normalized);
      return inTransaction(deps, actor, async (uow) => {
        const found = await personsWithDigests(uow.trx, null, { [body.kind]: digest });
        const granted = new Set<string>();
        for (const incidentId of new Set(found.map((f) => f.incident_id))) {
          // Named only where the caller holds a live grant AND the incident is in their scope.
          if ((await inScope(uow.trx, principal, incidentId)) && (await liveGrant(uow.trx, incidentId, principal.userId, now())))
            granted.add(incidentId);
        }
        const matches = found
          .filter((f) => granted.has(f.incident_id))
          .map((f) => ({ incidentId: f.incident_id, reference: f.reference, personId: f.id, label: label(f.number) }));
        uow.audit({
          action: 'register.looked_up',
          targetType: 'affected_person',
          targetIds: matches.map((m) => m.personId),
          after: { ...purpose, kind: body.kind, found: found.length, named: matches.map((m) => `${m.reference} ${m.label}`) },
        });
        return { found: found.length > 0, matches, elsewhere: found.length - matches.length };
      });
    },

    /** What the supplying organization sees of its own entries: its reference and whether each was notified. */
    async supplied(principal: Principal, incidentId: string) {
      await readableIncident(deps.db, principal, incidentId);
      const rows = await deps.db
        .selectFrom('affected_persons')
        .select([
          'number',
          'source_reference',
          'notification_status',
          sql<string | null>`to_char(notified_on, 'YYYY-MM-DD')`.as('notified_on'),
          'notified_channel',
        ])
        .where('incident_id', '=', incidentId)
        .where('source_organization_id', '=', principal.organizationId)
        .orderBy('number')
        .execute();
      return {
        items: rows.map((r) => ({
          reference: r.source_reference,
          label: label(r.number),
          notificationStatus: r.notification_status,
          notifiedOn: r.notified_on,
          notifiedChannel: r.notified_channel,
        })),
      };
    },
  };
}

export type AffectedPersonsService = ReturnType<typeof createAffectedPersonsService>;
