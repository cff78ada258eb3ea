/**
 * Importing a platform's list into the register (docs/modules/affected-persons.md,
 * "Import"): the CSV is parsed, every row validated (E.164 phone numbers, e-mail
 * addresses, countries, categories, how affected, at least one identifier), duplicates
 * found within the file and against the register by keyed digest, and a report names each
 * problem by line. A commit happens only for a file without problems, all rows in one
 * transaction with one audit row; progress is reported as rows are checked and written.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { AFFECTED_HOW, type ImportBody, type ImportField, type ImportReport } from '#shared/contracts/affected-persons';
import { isCountryCode } from '#shared/countries';
import type { Principal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import { lookupDigest, normalizeAccountId, normalizeEmail, normalizePhone, sealField } from '../../crypto/register-keys.ts';
import type { DB } from '../../db/schema.ts';
import type { AffectedHow } from '../../db/schema-register.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import { AppError } from '../../http/app-error.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import type { NewPerson } from './affected-persons.repository.ts';
import { applyTallies, lockRegister, nextNumber, TallyChanges } from './affected-persons.repository.ts';
import type { RegisterDeps } from './affected-persons.service.ts';
import { CsvError, parseCsv } from './csv-parse.ts';
import { readableIncident, requireGrant } from './register-access.ts';
import { checkSource, dataKeyFor, keysOf, personLabel } from './register-common.ts';

/** More rows than this is not a list a platform sends about one incident; refused before any work. */
export const MAX_IMPORT_ROWS = 200_000;
const MAX_LISTED_PROBLEMS = 1000;
const INSERT_CHUNK = 500;
const PROGRESS_EVERY = 5000;

export interface ImportProgress {
  phase: 'validating' | 'committing';
  done: number;
  total: number;
}

type Problem = ImportReport['problems'][number];
type Kind = 'phone' | 'email' | 'account';

interface Candidate {
  line: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  account: string | null;
  notes: string | null;
  country: string;
  category: string;
  affectedHow: AffectedHow;
  sourceReference: string | null;
  digests: Partial<Record<Kind, Buffer>>;
}

const KINDS: Kind[] = ['phone', 'email', 'account'];

function columnIndex(header: string[], mapping: ImportBody['mapping']) {
  const normal = (s: string) => s.trim().toLowerCase();
  const positions = new Map(header.map((h, i) => [normal(h), i]));
  const index: Partial<Record<ImportField, number>> = {};
  const missing: string[] = [];
  for (const [field, column] of Object.entries(mapping) as Array<[ImportField, string]>) {
    const at = positions.get(normal(column));
    if (at === undefined) missing.push(column);
    else index[field] = at;
  }
  if (missing.length) {
    throw new AppError('register.import_missing_column', `The file has no column ${missing.map((m) => `"${m}"`).join(', ')}.`, {
      details: { missing, header },
    });
  }
  return index;
}

function howOf(value: string): AffectedHow | null {
  const code = value
    .trim()
    .toLowerCase()
    .replace(/[\s()-]+/g, '_')
    .replace(/_+$/, '');
  const aliases: Record<string, AffectedHow> = {
    compromised: 'compromised_confirmed',
    confirmed: 'compromised_confirmed',
    suspected: 'compromised_suspected',
  };
  if ((AFFECTED_HOW as readonly string[]).includes(code)) return code as AffectedHow;
  return aliases[code] ?? null;
}

/** Register rows already holding one of the digests, by digest (hex) → label. */
async function registeredDigests(
  db: Kysely<DB> | Transaction<DB>,
  incidentId: string,
  candidates: Candidate[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const kind of KINDS) {
    const all = candidates.map((c) => c.digests[kind]).filter((d): d is Buffer => d !== undefined);
    for (let i = 0; i < all.length; i += 5000) {
      // As hex text: both drivers send a text array alike (an array of binary values they do not).
      const chunk = all.slice(i, i + 5000).map((d) => d.toString('hex'));
      const column = sql.ref(`${kind}_digest`);
      const rows = await sql<{ number: number; digest: string }>`
        select number, encode(${column}, 'hex') as digest from affected_persons
         where incident_id = ${incidentId} and ${column} in (select decode(h, 'hex') from unnest(${chunk}::text[]) as h)`.execute(db);
      for (const row of rows.rows) found.set(`${kind}:${row.digest}`, personLabel(row.number));
    }
  }
  return found;
}

export async function importPersons(
  deps: RegisterDeps,
  principal: Principal,
  actor: Actor,
  incidentId: string,
  body: ImportBody,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ImportReport> {
  const ring = keysOf(deps);
  await readableIncident(deps.db, principal, incidentId);
  await requireGrant(deps, principal, actor, incidentId, 'import');

  const broken = body.csv.indexOf('\uFFFD');
  if (broken >= 0) {
    const line = body.csv.slice(0, broken).split('\n').length;
    throw new AppError(
      'register.import_encoding',
      `The file is not UTF-8 text: line ${line} holds bytes that are not characters. Save it as UTF-8 and try again.`,
      { details: { line } },
    );
  }
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(body.csv);
  } catch (error) {
    if (error instanceof CsvError) throw new AppError('register.import_malformed', error.message, { details: { line: error.line } });
    throw error;
  }
  if (records.length < 2) throw new AppError('register.import_empty', 'The file has a header but no rows.');
  const rows = records.slice(1);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      'register.import_too_large',
      `The file has ${rows.length.toLocaleString('en')} rows; at most ${MAX_IMPORT_ROWS.toLocaleString('en')} can be imported at once.`,
    );
  }
  const header = records[0].fields;
  const index = columnIndex(header, body.mapping);
  const defaults = body.defaults ?? {};
  const lacking = (['country', 'category', 'affectedHow'] as const).filter((f) => index[f] === undefined && !defaults[f]);
  if (lacking.length)
    throw new AppError('register.import_missing_column', `Map a column or give a default for ${lacking.join(', ')}.`, {
      details: { missing: lacking },
    });
  if (!(['name', 'phone', 'email', 'account'] as const).some((f) => index[f] !== undefined)) {
    throw new AppError('register.import_missing_column', 'Map at least one of the name, phone, e-mail and account columns.', {
      details: { missing: ['name'] },
    });
  }
  const categories = new Set(
    (await deps.db.selectFrom('affected_person_categories').select('code').where('active', '=', true).execute()).map((c) => c.code),
  );

  const problems: Problem[] = [];
  let problemCount = 0;
  // Every line with a problem, listed or not: the report's count of valid rows needs them all.
  const badLines = new Set<number>();
  const problem = (row: number, field: ImportField | null, code: string, message: string) => {
    problemCount += 1;
    badLines.add(row);
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ row, field, code, message });
  };
  const candidates: Candidate[] = [];
  const seenInFile = new Map<string, number>();
  const total = rows.length;
  for (const [n, record] of rows.entries()) {
    if ((n + 1) % PROGRESS_EVERY === 0) onProgress({ phase: 'validating', done: n + 1, total });
    const { line, fields } = record;
    if (fields.length !== header.length) {
      problem(line, null, 'malformed_row', `Line ${line} has ${fields.length} fields; the header has ${header.length}.`);
      continue;
    }
    const cell = (f: ImportField) => (index[f] === undefined ? '' : fields[index[f] as number].trim());
    let ok = true;
    const name = cell('name') || null;
    const ids: Partial<Record<Kind, string | null>> = {};
    for (const [kind, normalize, code, what] of [
      ['phone', normalizePhone, 'invalid_phone', 'not an E.164 phone number (a + then the country code and number)'],
      ['email', normalizeEmail, 'invalid_email', 'not a valid e-mail address'],
      ['account', normalizeAccountId, 'invalid_account', 'not a usable account id'],
    ] as const) {
      const raw = cell(kind);
      if (!raw) continue;
      const normal = normalize(raw);
      if (normal === null) {
        problem(line, kind, code, `"${raw.slice(0, 60)}" is ${what}.`);
        ok = false;
      } else ids[kind] = normal;
    }
    const country = (cell('country') || defaults.country || '').toUpperCase();
    if (!isCountryCode(country)) {
      problem(line, 'country', 'unknown_country', `"${country}" is not an ISO 3166-1 country code.`);
      ok = false;
    }
    const category = (cell('category') || defaults.category || '').toLowerCase();
    if (!categories.has(category)) {
      problem(line, 'category', 'unknown_category', `"${category}" is not one of the categories (${[...categories].join(', ')}).`);
      ok = false;
    }
    const how = cell('affectedHow') ? howOf(cell('affectedHow')) : (defaults.affectedHow ?? null);
    if (!how) {
      problem(
        line,
        'affectedHow',
        'invalid_affected_how',
        `"${cell('affectedHow')}" is not targeted, compromised_confirmed or compromised_suspected.`,
      );
      ok = false;
    }
    if (!name && !ids.phone && !ids.email && !ids.account && ok) {
      problem(line, null, 'identity_required', `Line ${line} names no one: it has no name, phone number, e-mail address or account id.`);
      ok = false;
    }
    const digests: Partial<Record<Kind, Buffer>> = {};
    for (const kind of KINDS) {
      const value = ids[kind];
      if (!value) continue;
      const earlier = seenInFile.get(`${kind}:${value}`);
      if (earlier !== undefined) {
        problem(
          line,
          kind,
          'duplicate_in_file',
          `The same ${kind === 'phone' ? 'phone number' : kind === 'email' ? 'e-mail address' : 'account'} is on line ${earlier}.`,
        );
        ok = false;
      } else seenInFile.set(`${kind}:${value}`, line);
      digests[kind] = lookupDigest(ring, kind, value);
    }
    const notes = cell('notes') || null;
    const sourceReference = cell('sourceReference') || null;
    if (sourceReference && sourceReference.length > 200) {
      problem(line, 'sourceReference', 'invalid_reference', 'The reference is longer than 200 characters.');
      ok = false;
    }
    if ((name?.length ?? 0) > 300 || (notes?.length ?? 0) > 5000) {
      problem(line, name && name.length > 300 ? 'name' : 'notes', 'too_long', 'The name may have 300 characters and the notes 5,000.');
      ok = false;
    }
    if (ok) {
      candidates.push({
        line,
        name,
        phone: ids.phone ?? null,
        email: ids.email ?? null,
        account: ids.account ?? null,
        notes,
        country,
        category,
        affectedHow: how as AffectedHow,
        sourceReference,
        digests,
      });
    }
  }
  onProgress({ phase: 'validating', done: total, total });

  const flagRegistered = (registered: Map<string, string>) => {
    let clean = true;
    for (const c of candidates) {
      for (const kind of KINDS) {
        const digest = c.digests[kind];
        const existing = digest ? registered.get(`${kind}:${digest.toString('hex')}`) : undefined;
        if (existing) {
          problem(
            c.line,
            kind,
            'duplicate_in_register',
            `The register already holds this ${kind === 'phone' ? 'phone number' : kind === 'email' ? 'e-mail address' : 'account'} as ${existing}.`,
          );
          clean = false;
        }
      }
    }
    return clean;
  };
  flagRegistered(await registeredDigests(deps.db, incidentId, candidates));

  const byCountry = [...candidates.reduce((m, c) => m.set(c.country, (m.get(c.country) ?? 0) + 1), new Map<string, number>())]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const report = (committed: boolean, added: number): ImportReport => ({
    committed,
    rows: total,
    valid: total - badLines.size,
    problems: [...problems].sort((a, b) => a.row - b.row),
    problemCount,
    added,
    byCountry,
  });

  if (problemCount > 0 && !body.dryRun) {
    throw new AppError(
      'register.import_invalid',
      `Nothing was imported: ${problemCount.toLocaleString('en')} problem${problemCount === 1 ? '' : 's'} in the file.`,
      {
        status: 422,
        details: report(false, 0),
      },
    );
  }
  if (body.dryRun) return report(false, 0);

  const added = await inTransaction(deps, actor, async (uow) => {
    await findWritableIncident(uow.trx, principal, incidentId, { lock: false });
    await checkSource(uow.trx, incidentId, body.sourceOrganizationId, body.sourceResponseId);
    await lockRegister(uow.trx, incidentId);
    // Checked again under the register's lock: an entry added while the file was being read.
    if (!flagRegistered(await registeredDigests(uow.trx, incidentId, candidates))) {
      throw new AppError('register.import_invalid', 'Nothing was imported: entries matching rows of the file were added meanwhile.', {
        status: 422,
        details: report(false, 0),
      });
    }
    const key = (await dataKeyFor(uow.trx, ring, incidentId, true)) as Buffer;
    const first = await nextNumber(uow.trx, incidentId);
    for (let i = 0; i < candidates.length; i += INSERT_CHUNK) {
      const values: NewPerson[] = candidates.slice(i, i + INSERT_CHUNK).map((c, j) => {
        const id = randomUUID();
        const seal = (field: string, value: string | null) => (value ? sealField(key, `${id}:${field}`, value) : null);
        return {
          id,
          incident_id: incidentId,
          number: first + i + j,
          name_enc: seal('name', c.name),
          phone_enc: seal('phone', c.phone),
          email_enc: seal('email', c.email),
          account_enc: seal('account', c.account),
          notes_enc: seal('notes', c.notes),
          phone_digest: c.digests.phone ?? null,
          email_digest: c.digests.email ?? null,
          account_digest: c.digests.account ?? null,
          country: c.country,
          category: c.category,
          affected_how: c.affectedHow,
          source_organization_id: body.sourceOrganizationId ?? null,
          source_reference: c.sourceReference,
          source_response_id: body.sourceResponseId ?? null,
          created_by: principal.userId,
        };
      });
      await uow.trx.insertInto('affected_persons').values(values).execute();
      const tallies = new TallyChanges();
      for (const v of values) tallies.person({ country: v.country, category: v.category, affected_how: v.affected_how });
      await applyTallies(uow.trx, incidentId, tallies);
      onProgress({ phase: 'committing', done: Math.min(i + INSERT_CHUNK, candidates.length), total: candidates.length });
    }
    uow.audit({
      action: 'register.imported',
      targetType: 'incident',
      targetIds: [incidentId],
      after: {
        added: candidates.length,
        persons: candidates.length ? `${personLabel(first)}–${personLabel(first + candidates.length - 1)}` : null,
        sourceOrganizationId: body.sourceOrganizationId ?? null,
        sourceResponseId: body.sourceResponseId ?? null,
        byCountry,
      },
    });
    return candidates.length;
  });
  return report(true, added);
}
