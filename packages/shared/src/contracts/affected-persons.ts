/**
 * The affected-persons register API (docs/modules/affected-persons.md): masked lists,
 * reveals with a purpose, entries, counts, lookups by identifier and need-to-know grants.
 * Identities (name, phone, e-mail, account, notes) appear only in a reveal's answer.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Cursor, Limit, literals, NullableTimestamp, Strict, Timestamp, Uuid } from './common.ts';

export const AFFECTED_HOW = ['targeted', 'compromised_confirmed', 'compromised_suspected'] as const;
export const AFFECTED_HOW_LABELS: Record<(typeof AFFECTED_HOW)[number], string> = {
  targeted: 'Targeted',
  compromised_confirmed: 'Compromised (confirmed)',
  compromised_suspected: 'Compromised (suspected)',
};
export const NOTIFICATION_STATUSES = ['not_notified', 'notified', 'unreachable', 'declined'] as const;
export const NOTIFICATION_STATUS_LABELS: Record<(typeof NOTIFICATION_STATUSES)[number], string> = {
  not_notified: 'Not notified',
  notified: 'Notified',
  unreachable: 'Could not reach',
  declined: 'Declined help',
};
export const NOTIFICATION_CHANNELS = ['phone', 'email', 'in_person', 'letter', 'messaging', 'through_counsel', 'other'] as const;
export const REVEAL_PURPOSES = ['notify', 'verify', 'legal_request', 'other'] as const;
export const REVEAL_PURPOSE_LABELS: Record<(typeof REVEAL_PURPOSES)[number], string> = {
  notify: 'To notify the person',
  verify: 'To verify an entry',
  legal_request: 'For a legal request',
  other: 'Other (say why)',
};
export const IDENTIFIER_KINDS = ['phone', 'email', 'account'] as const;

const Country = Type.String({ pattern: '^[A-Z]{2}$', maxLength: 2, description: 'ISO 3166-1 alpha-2' });
const CategoryCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', maxLength: 40 });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: 'YYYY-MM-DD' });
const PersonName = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' });
const Phone = Type.String({ minLength: 3, maxLength: 40, description: 'E.164, e.g. +919812345678 (spaces and dashes are ignored)' });
const EmailText = Type.String({ minLength: 3, maxLength: 254 });
const Account = Type.String({ minLength: 1, maxLength: 200 });
const Notes = Type.String({ maxLength: 5000 });
const Reference = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const Purpose = Strict({
  purpose: Type.Optional(
    literals(REVEAL_PURPOSES, {
      description: 'Required to read identities: a request without one is refused, and the refusal is audited.',
    }),
  ),
  purposeText: Type.Optional(
    Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'Required when the purpose is "other".' }),
  ),
});

const NotificationFields = {
  notificationStatus: literals(NOTIFICATION_STATUSES),
  notifiedOn: Type.Union([DateOnly, Type.Null()]),
  notifiedChannel: Type.Union([literals(NOTIFICATION_CHANNELS), Type.Null()]),
};

/** What anyone with a grant sees of a person: no name, no identifier. */
export const MaskedPerson = Strict({
  id: Uuid,
  number: Type.Integer(),
  label: Type.String({ description: 'P-0001' }),
  country: Country,
  category: CategoryCode,
  affectedHow: literals(AFFECTED_HOW),
  source: Type.Union([
    Strict({ organizationId: Uuid, organizationName: Type.String(), reference: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  sourceResponseId: Type.Union([Uuid, Type.Null()]),
  has: Strict({ name: Type.Boolean(), phone: Type.Boolean(), email: Type.Boolean(), account: Type.Boolean(), notes: Type.Boolean() }),
  ...NotificationFields,
  erased: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type MaskedPerson = Static<typeof MaskedPerson>;

export const AffectedPersonList = Strict({
  items: Type.Array(MaskedPerson),
  nextCursor: Type.Union([Cursor, Type.Null()]),
  total: Type.Integer(),
});

export const ListAffectedPersonsQuery = Strict({
  country: Type.Optional(Country),
  category: Type.Optional(CategoryCode),
  status: Type.Optional(literals(NOTIFICATION_STATUSES)),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type ListAffectedPersonsQuery = Static<typeof ListAffectedPersonsQuery>;

export const RevealBody = Strict({
  ...Purpose.properties,
  personIds: Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true }),
});
export type RevealBody = Static<typeof RevealBody>;

export const Identity = Strict({
  id: Uuid,
  name: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  account: Type.Union([Type.String(), Type.Null()]),
  notes: Type.Union([Type.String(), Type.Null()]),
});
export type Identity = Static<typeof Identity>;
export const RevealResult = Strict({ items: Type.Array(Identity) });

export const AddAffectedPersonBody = Strict({
  name: Type.Optional(PersonName),
  phone: Type.Optional(Phone),
  email: Type.Optional(EmailText),
  account: Type.Optional(Account),
  notes: Type.Optional(Notes),
  country: Country,
  category: CategoryCode,
  affectedHow: literals(AFFECTED_HOW),
  sourceOrganizationId: Type.Optional(Uuid),
  sourceReference: Type.Optional(Reference),
  sourceResponseId: Type.Optional(Uuid),
});
export type AddAffectedPersonBody = Static<typeof AddAffectedPersonBody>;

export const UpdateAffectedPersonBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  name: Type.Optional(Type.Union([PersonName, Type.Null()])),
  phone: Type.Optional(Type.Union([Phone, Type.Null()])),
  email: Type.Optional(Type.Union([EmailText, Type.Null()])),
  account: Type.Optional(Type.Union([Account, Type.Null()])),
  notes: Type.Optional(Type.Union([Notes, Type.Null()])),
  country: Type.Optional(Country),
  category: Type.Optional(CategoryCode),
  affectedHow: Type.Optional(literals(AFFECTED_HOW)),
  sourceReference: Type.Optional(Type.Union([Reference, Type.Null()])),
  notificationStatus: Type.Optional(literals(NOTIFICATION_STATUSES)),
  notifiedOn: Type.Optional(Type.Union([DateOnly, Type.Null()])),
  notifiedChannel: Type.Optional(Type.Union([literals(NOTIFICATION_CHANNELS), Type.Null()])),
});
export type UpdateAffectedPersonBody = Static<typeof UpdateAffectedPersonBody>;

export const PersonParams = Type.Object({ id: Uuid, personId: Uuid }, { additionalProperties: false });
export const GrantParams = Type.Object({ id: Uuid, grantId: Uuid }, { additionalProperties: false });

const CountRow = Strict({ key: Type.String(), label: Type.String(), count: Type.Integer() });
export const AffectedCounts = Strict({
  total: Type.Integer(),
  erased: Type.Integer({ description: 'Persons whose identities were erased under the retention period (still counted).' }),
  byCountry: Type.Array(CountRow),
  byCategory: Type.Array(CountRow),
  byAffectedHow: Type.Array(CountRow),
  byNotificationStatus: Type.Array(CountRow),
  reconciliation: Type.Array(
    Strict({
      country: Type.String({ description: 'ISO code, or ZZ for the stated worldwide total' }),
      stated: Type.Integer(),
      statedAsOf: Type.String(),
      statedSource: Type.Union([Type.String(), Type.Null()]),
      registered: Type.Integer(),
      difference: Type.Integer({ description: 'registered − stated' }),
    }),
  ),
});
export type AffectedCounts = Static<typeof AffectedCounts>;

export const LookupBody = Strict({
  ...Purpose.properties,
  kind: literals(IDENTIFIER_KINDS),
  value: Type.String({ minLength: 1, maxLength: 254 }),
});
export type LookupBody = Static<typeof LookupBody>;
export const LookupResult = Strict({
  found: Type.Boolean(),
  matches: Type.Array(Strict({ incidentId: Uuid, reference: Type.String(), personId: Uuid, label: Type.String() })),
  elsewhere: Type.Integer({ description: 'Matches in incidents whose register you hold no grant for (not named).' }),
});

export const RegisterGrant = Strict({
  id: Uuid,
  user: Strict({ id: Uuid, name: Type.String(), email: Type.String() }),
  grantedBy: Strict({ id: Uuid, name: Type.String() }),
  grantedAt: Timestamp,
  expiresAt: Timestamp,
  reason: Type.String(),
  revokedAt: NullableTimestamp,
  live: Type.Boolean(),
});
export type RegisterGrant = Static<typeof RegisterGrant>;
export const RegisterGrantList = Strict({ items: Type.Array(RegisterGrant), mine: Type.Union([RegisterGrant, Type.Null()]) });
export const GrantBody = Strict({
  userId: Uuid,
  expiresAt: Timestamp,
  reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
});
export type GrantBody = Static<typeof GrantBody>;

export const SuppliedPersonList = Strict({
  items: Type.Array(Strict({ reference: Type.Union([Type.String(), Type.Null()]), label: Type.String(), ...NotificationFields })),
});

/** The register's fields a CSV column can be mapped to. */
export const IMPORT_FIELDS = [
  'name',
  'phone',
  'email',
  'account',
  'country',
  'category',
  'affectedHow',
  'sourceReference',
  'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

const Column = Type.Optional(Type.String({ minLength: 1, maxLength: 200 }));

export const ImportBody = Strict({
  csv: Type.String({ minLength: 1, maxLength: 40_000_000, description: 'The file as UTF-8 text, header row first.' }),
  mapping: Strict(
    {
      name: Column,
      phone: Column,
      email: Column,
      account: Column,
      country: Column,
      category: Column,
      affectedHow: Column,
      sourceReference: Column,
      notes: Column,
    },
    { description: 'Register field → CSV header. country, category and affectedHow may instead come from defaults.' },
  ),
  defaults: Type.Optional(
    Strict({
      country: Type.Optional(Country),
      category: Type.Optional(CategoryCode),
      affectedHow: Type.Optional(literals(AFFECTED_HOW)),
    }),
  ),
  sourceOrganizationId: Type.Optional(Uuid),
  sourceResponseId: Type.Optional(Uuid),
  dryRun: Type.Boolean({ description: 'true: validate and report, write nothing.' }),
});
export type ImportBody = Static<typeof ImportBody>;

export const ImportProblem = Strict({
  row: Type.Integer({ description: 'Line of the file (the header is line 1).' }),
  field: Type.Union([literals(IMPORT_FIELDS), Type.Null()]),
  code: Type.String({
    description:
      'invalid_phone, invalid_email, unknown_country, unknown_category, invalid_affected_how, identity_required, duplicate_in_file, duplicate_in_register, malformed_row',
  }),
  message: Type.String(),
});
export const ImportReport = Strict({
  committed: Type.Boolean(),
  rows: Type.Integer(),
  valid: Type.Integer(),
  problems: Type.Array(ImportProblem, { description: 'At most 1,000 problems are listed; problemCount counts all.' }),
  problemCount: Type.Integer(),
  added: Type.Integer(),
  byCountry: Type.Array(Strict({ key: Type.String(), count: Type.Integer() })),
});
export type ImportReport = Static<typeof ImportReport>;

export const ExportBody = Strict({
  ...Purpose.properties,
  status: Type.Optional(literals(NOTIFICATION_STATUSES)),
  country: Type.Optional(Country),
  category: Type.Optional(CategoryCode),
});
export type ExportBody = Static<typeof ExportBody>;

export const RegisterSettings = Strict({
  retainUntil: Type.Union([DateOnly, Type.Null()], { description: 'From this date the identities are erased (counts kept).' }),
  legalHold: Type.Boolean({ description: 'Suspends erasure.' }),
  legalHoldReason: Type.Union([Type.String(), Type.Null()]),
  erasedAt: NullableTimestamp,
  version: Type.Integer({ description: '0 until the register was first written.' }),
});
export const UpdateRegisterSettingsBody = Strict({
  version: Type.Integer({ minimum: 0 }),
  retainUntil: Type.Optional(Type.Union([DateOnly, Type.Null()])),
  legalHold: Type.Optional(Type.Boolean()),
  legalHoldReason: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }), Type.Null()])),
});
export type UpdateRegisterSettingsBody = Static<typeof UpdateRegisterSettingsBody>;

export const AffectedPersonCategoryList = Strict({
  items: Type.Array(Strict({ code: CategoryCode, label: Type.String(), active: Type.Boolean() })),
});
