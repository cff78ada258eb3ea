/**
 * Which column of the file feeds which field of the register. The server finds a column
 * by its header text (trimmed, case ignored), so the mapping holds header texts; a first
 * guess is made from common header names.
 */
import { IMPORT_FIELDS, type ImportField } from '#shared/contracts/affected-persons';
import type { ImportRequest } from './affected-persons-api.ts';
import type { AffectedHow } from './register-labels.tsx';

export type Mapping = Partial<Record<ImportField, string>>;
export interface ImportDefaults {
  country: string | null;
  category: string | null;
  affectedHow: AffectedHow | null;
}
export const NO_DEFAULTS: ImportDefaults = { country: null, category: null, affectedHow: null };
export const DEFAULTABLE = ['country', 'category', 'affectedHow'] as const;
export const IDENTITY_FIELDS = ['name', 'phone', 'email', 'account'] as const;

const ALIASES: Record<ImportField, string[]> = {
  name: ['name', 'fullname', 'personname', 'person', 'displayname'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilenumber', 'msisdn', 'telephone', 'tel'],
  email: ['email', 'emailaddress', 'mail'],
  account: ['account', 'accountid', 'userid', 'username', 'handle'],
  country: ['country', 'countrycode', 'iso', 'cc'],
  category: ['category', 'profession', 'group'],
  affectedHow: ['affectedhow', 'howaffected', 'affected', 'compromise', 'compromised'],
  sourceReference: ['reference', 'ref', 'sourcereference', 'caseid', 'externalid', 'id'],
  notes: ['notes', 'note', 'comment', 'comments', 'remarks'],
};

const normal = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Keeps what still names a column of the new header, and guesses the rest. */
export function guessMapping(header: string[], previous: Mapping = {}): Mapping {
  const byNormal = new Map<string, string>();
  for (const h of header) if (h && !byNormal.has(normal(h))) byNormal.set(normal(h), h);
  const taken = new Set<string>();
  const out: Mapping = {};
  for (const field of IMPORT_FIELDS) {
    const kept = previous[field] ? byNormal.get(normal(previous[field] as string)) : undefined;
    if (kept) {
      out[field] = kept;
      taken.add(kept);
    }
  }
  for (const field of IMPORT_FIELDS) {
    if (out[field]) continue;
    const found = ALIASES[field].map((a) => byNormal.get(a)).find((h): h is string => !!h && !taken.has(h));
    if (found) {
      out[field] = found;
      taken.add(found);
    }
  }
  return out;
}

/** What keeps the mapping from being checked, in words; null when it can be. */
export function mappingProblem(mapping: Mapping, defaults: ImportDefaults): string | null {
  if (!IDENTITY_FIELDS.some((f) => mapping[f])) return 'Map at least one of the name, phone, e-mail and account columns.';
  const lacking = DEFAULTABLE.filter((f) => !mapping[f] && !defaults[f]);
  if (lacking.length) return 'Map a column or choose a default for the country, the category and how the person was affected.';
  const used = Object.values(mapping).filter(Boolean);
  if (new Set(used.map((u) => normal(u as string))).size !== used.length) return 'A column is mapped to two fields.';
  return null;
}

/** Header names that occur twice: the server finds a column by its name, so such a column cannot be mapped. */
export function repeatedHeaders(header: string[]): string[] {
  const seen = new Map<string, number>();
  for (const h of header) seen.set(h.trim().toLowerCase(), (seen.get(h.trim().toLowerCase()) ?? 0) + 1);
  return header.filter((h, i) => (seen.get(h.trim().toLowerCase()) ?? 0) > 1 && header.indexOf(h) === i);
}

export function importRequest(
  csv: string,
  mapping: Mapping,
  defaults: ImportDefaults,
  sourceOrganizationId: string | null,
): Omit<ImportRequest, 'dryRun'> {
  const given: NonNullable<ImportRequest['defaults']> = {};
  for (const f of DEFAULTABLE) if (defaults[f]) (given as Record<string, string>)[f] = defaults[f] as string;
  const mapped: Mapping = {};
  for (const f of IMPORT_FIELDS) if (mapping[f]) mapped[f] = mapping[f];
  return {
    csv,
    mapping: mapped,
    ...(Object.keys(given).length ? { defaults: given } : {}),
    ...(sourceOrganizationId ? { sourceOrganizationId } : {}),
  };
}
