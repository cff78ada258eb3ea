import { type Static, Type } from '@sinclair/typebox';
import { INCIDENT_STATUSES, PARTICIPANT_ROLES, SEVERITIES, TLP_LEVELS } from '../incidents.ts';
import { Cursor, Limit, NullableTimestamp, Page, SearchText, Strict, Timestamp, Uuid, literals } from './common.ts';


export const SeveritySchema = literals(SEVERITIES);
export const StatusSchema = literals(INCIDENT_STATUSES);
export const TlpSchema = literals(TLP_LEVELS);
export const ParticipantRoleSchema = literals(PARTICIPANT_ROLES);

export const CveId = Type.String({ pattern: '^CVE-(19|20)[0-9]{2}-[0-9]{4,7}$', maxLength: 20 });
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', maxLength: 2, description: 'ISO 3166-1 alpha-2, or ZZ for "worldwide / unknown"' });
export const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$', description: 'IANA time zone, e.g. Asia/Kolkata' });
const ShortList = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, uniqueItems: true });

/** A key time of an incident: the instant and the zone it was expressed in. */
export const KeyTime = Type.Object({ at: Timestamp, timeZone: TimeZone }, { additionalProperties: false });
export const KeyTimes = Type.Object(
  {
    occurred: Type.Optional(Type.Union([KeyTime, Type.Null()])),
    detected: Type.Optional(Type.Union([KeyTime, Type.Null()])),
    noticed: Type.Optional(Type.Union([KeyTime, Type.Null()])),
    reported: Type.Optional(Type.Union([KeyTime, Type.Null()])),
  },
  { additionalProperties: false },
);

export const IncidentCategory = Type.Object({
  id: Uuid,
  code: Type.String(),
  label: Type.String(),
  rsitClass: Type.String(),
  rsitType: Type.String(),
  source: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});

export const AffectedCount = Type.Object({
  id: Uuid,
  country: Type.String(),
  count: Type.Integer(),
  approximate: Type.Boolean(),
  asOf: Type.String({ format: 'date' }),
  source: Type.String(),
  sourceOrganization: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  recordedAt: Timestamp,
  recordedBy: Type.Union([Type.String(), Type.Null()]),
});

const IncidentCore = {
  id: Uuid,
  reference: Type.String(),
  title: Type.String(),
  status: StatusSchema,
  severity: SeveritySchema,
  tlp: TlpSchema,
  category: Type.Union([Type.Object({ id: Uuid, code: Type.String(), label: Type.String() }), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const IncidentListItem = Type.Object({
  ...IncidentCore,
  owner: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  tags: Type.Array(Type.String()),
  totalAffected: Type.Union([Type.Integer(), Type.Null()]),
  snippet: Type.Optional(Type.String({ description: 'Matching text with <mark> around the hits (search only).' })),
});
export type IncidentListItem = Static<typeof IncidentListItem>;
export const IncidentPage = Page(IncidentListItem);

export const Incident = Type.Object({
  ...IncidentCore,
  summary: Type.String(),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  keyTimes: Type.Object({
    occurred: Type.Union([KeyTime, Type.Null()]),
    detected: Type.Union([KeyTime, Type.Null()]),
    noticed: Type.Union([KeyTime, Type.Null()]),
    reported: Type.Union([KeyTime, Type.Null()]),
  }),
  platforms: Type.Array(Type.String()),
  cves: Type.Array(Type.String()),
  threatActors: Type.Array(Type.String()),
  malware: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  owner: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  team: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  affectedCounts: Type.Array(AffectedCount),
  affectedCountHistory: Type.Array(AffectedCount),
  links: Type.Array(Type.Object({ id: Uuid, reference: Type.String(), title: Type.String(), note: Type.Union([Type.String(), Type.Null()]) })),
  version: Type.Integer(),
  /** What the caller may do here; the web app shows only these. */
  abilities: Type.Object({
    update: Type.Boolean(),
    changeStatus: Type.Boolean(),
    lowerTlp: Type.Boolean(),
    manageParticipants: Type.Boolean(),
    addTimelineEntry: Type.Boolean(),
    allowedTransitions: Type.Array(StatusSchema),
  }),
  /** Set for an outside organization's view: its own participation. */
  participation: Type.Union([Type.Object({ role: ParticipantRoleSchema, notifiedAt: NullableTimestamp }), Type.Null()]),
});
export type Incident = Static<typeof Incident>;

export const ListIncidentsQuery = Strict({
  q: Type.Optional(SearchText),
  status: Type.Optional(Type.Array(StatusSchema, { maxItems: 6 })),
  severity: Type.Optional(Type.Array(SeveritySchema, { maxItems: 4 })),
  tlp: Type.Optional(Type.Array(TlpSchema, { maxItems: 5 })),
  categoryId: Type.Optional(Uuid),
  organizationId: Type.Optional(Uuid),
  country: Type.Optional(CountryCode),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  ownerId: Type.Optional(Uuid),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  sort: Type.Optional(literals(['created_desc', 'created_asc', 'updated_desc', 'severity_desc', 'reference_asc'] as const)),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type ListIncidentsQuery = Static<typeof ListIncidentsQuery>;

export const CreateIncidentBody = Strict({
  title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
  summary: Type.Optional(Type.String({ maxLength: 50000 })),
  categoryId: Type.Optional(Uuid),
  severity: SeveritySchema,
  tlp: TlpSchema,
  keyTimes: Type.Optional(KeyTimes),
  platforms: Type.Optional(ShortList),
  cves: Type.Optional(Type.Array(CveId, { maxItems: 50, uniqueItems: true })),
  threatActors: Type.Optional(ShortList),
  malware: Type.Optional(ShortList),
  tags: Type.Optional(ShortList),
  ownerId: Type.Optional(Uuid),
  teamId: Type.Optional(Uuid),
});
export type CreateIncidentBody = Static<typeof CreateIncidentBody>;

export const UpdateIncidentBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' })),
  summary: Type.Optional(Type.String({ maxLength: 50000 })),
  categoryId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  severity: Type.Optional(SeveritySchema),
  tlp: Type.Optional(TlpSchema),
  keyTimes: Type.Optional(KeyTimes),
  platforms: Type.Optional(ShortList),
  cves: Type.Optional(Type.Array(CveId, { maxItems: 50, uniqueItems: true })),
  threatActors: Type.Optional(ShortList),
  malware: Type.Optional(ShortList),
  tags: Type.Optional(ShortList),
  ownerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  teamId: Type.Optional(Type.Union([Uuid, Type.Null()])),
});
export type UpdateIncidentBody = Static<typeof UpdateIncidentBody>;

export const ChangeStatusBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  status: StatusSchema,
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' })),
});

export const SetAffectedCountBody = Strict({
  country: CountryCode,
  count: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
  approximate: Type.Optional(Type.Boolean()),
  asOf: Type.String({ format: 'date', maxLength: 10 }),
  source: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
  sourceOrganizationId: Type.Optional(Uuid),
});

export const LinkIncidentsBody = Strict({
  otherIncidentId: Uuid,
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});

export const Participant = Type.Object({
  id: Uuid,
  organization: Type.Object({ id: Uuid, name: Type.String(), kind: Type.String() }),
  role: ParticipantRoleSchema,
  note: Type.Union([Type.String(), Type.Null()]),
  notifiedAt: NullableTimestamp,
  firstOpenedAt: NullableTimestamp,
  firstOpenedBy: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  createdAt: Timestamp,
  version: Type.Integer(),
});
export type Participant = Static<typeof Participant>;
export const ParticipantList = Type.Object({ items: Type.Array(Participant) });
export const AddParticipantBody = Strict({
  organizationId: Uuid,
  role: ParticipantRoleSchema,
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  notifiedAt: Type.Optional(Timestamp),
});
export const UpdateParticipantBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  role: Type.Optional(ParticipantRoleSchema),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  notifiedAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
});
export const ParticipantParams = Strict({ id: Uuid, participantId: Uuid });

export const CategoryList = Type.Object({ items: Type.Array(IncidentCategory) });

/** A saved incident-list filter: the list query without its page position. */
export const SavedFilterQuery = Type.Omit(ListIncidentsQuery, ['cursor', 'limit'], { additionalProperties: false });
export const SavedFilter = Type.Object({ id: Uuid, name: Type.String(), filter: Type.Unknown(), createdAt: Timestamp });
export const SavedFilterList = Type.Object({ items: Type.Array(SavedFilter) });
export const SaveFilterBody = Strict({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), filter: SavedFilterQuery });

export const IncidentMember = Type.Object({
  user: Type.Object({ id: Uuid, name: Type.String(), email: Type.String(), role: Type.String() }),
  access: literals(['read', 'write'] as const),
  addedAt: Timestamp,
});
export const IncidentMemberList = Type.Object({ items: Type.Array(IncidentMember) });
export const MemberParams = Strict({ id: Uuid, userId: Uuid });
export const SetMemberBody = Strict({ access: literals(['read', 'write'] as const) });

export const Team = Type.Object({ id: Uuid, name: Type.String(), members: Type.Array(Type.Object({ id: Uuid, name: Type.String() })) });
export const TeamList = Type.Object({ items: Type.Array(Team) });
export const CreateTeamBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 500, uniqueItems: true })),
});
export const UpdateTeamBody = Strict({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
  memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 500, uniqueItems: true })),
});

export const CreateCategoryBody = Strict({
  code: Type.String({ pattern: '^[a-z0-9-]{2,60}$', maxLength: 60 }),
  label: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  rsitClass: Type.String({ minLength: 1, maxLength: 60 }),
  rsitType: Type.String({ minLength: 1, maxLength: 60 }),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export const UpdateCategoryBody = Strict({
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  active: Type.Optional(Type.Boolean()),
});
