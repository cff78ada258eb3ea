import { type Static, Type } from '@sinclair/typebox';
import { DATE_PRECISIONS, SOURCE_KINDS, TLP_LEVELS } from '../incidents.ts';
import { Cursor, Strict, Timestamp, Uuid, literals } from './common.ts';
import { TimeZone } from './incidents.ts';

export const SourceInput = Strict({
  kind: literals(SOURCE_KINDS.filter((k) => k !== 'system')),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'The document, statement or meeting that asserts it' })),
  saidBy: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Who said or wrote it' })),
  organizationId: Type.Optional(Uuid),
  date: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'When the source said it' })),
});

export const TimelineEntry = Type.Object({
  id: Uuid,
  occurredAt: Timestamp,
  precision: literals(DATE_PRECISIONS),
  timeZone: Type.String(),
  kind: literals(['entry', 'system'] as const),
  event: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  source: Type.Union([
    Type.Object({
      kind: literals(SOURCE_KINDS),
      title: Type.Union([Type.String(), Type.Null()]),
      saidBy: Type.Union([Type.String(), Type.Null()]),
      organization: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
      date: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  tlp: literals(TLP_LEVELS),
  includeInBriefings: Type.Boolean(),
  sharedWith: Type.Array(Uuid),
  revision: Type.Integer(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  conflicts: Type.Array(Type.Object({ id: Uuid, otherEntryId: Uuid, note: Type.String() })),
  abilities: Type.Object({ correct: Type.Boolean() }),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const TimelinePage = Type.Object({ items: Type.Array(TimelineEntry), nextCursor: Type.Union([Type.String(), Type.Null()]), total: Type.Integer() });

export const ListTimelineQuery = Strict({
  kind: Type.Optional(literals(['entry', 'system'] as const)),
  sourceOrganizationId: Type.Optional(Uuid),
  conflictsOnly: Type.Optional(Type.Boolean()),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

export const AddTimelineEntryBody = Strict({
  occurredAt: Timestamp,
  precision: literals(DATE_PRECISIONS),
  timeZone: TimeZone,
  text: Type.String({ minLength: 1, maxLength: 20000, pattern: '\\S' }),
  source: SourceInput,
  tlp: literals(TLP_LEVELS),
  includeInBriefings: Type.Optional(Type.Boolean()),
  sharedWith: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
});

export const UpdateTimelineEntryBody = Strict({
  revision: Type.Integer({ minimum: 1, description: 'The revision the correction is based on.' }),
  reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S', description: 'Why the entry is corrected; kept with the earlier text.' }),
  occurredAt: Type.Optional(Timestamp),
  precision: Type.Optional(literals(DATE_PRECISIONS)),
  timeZone: Type.Optional(TimeZone),
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 20000, pattern: '\\S' })),
  source: Type.Optional(SourceInput),
  tlp: Type.Optional(literals(TLP_LEVELS)),
  includeInBriefings: Type.Optional(Type.Boolean()),
  sharedWith: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
});

export const TimelineRevision = Type.Object({
  revision: Type.Integer(),
  occurredAt: Timestamp,
  precision: Type.String(),
  timeZone: Type.String(),
  text: Type.String(),
  sourceTitle: Type.Union([Type.String(), Type.Null()]),
  sourceSaidBy: Type.Union([Type.String(), Type.Null()]),
  tlp: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  replacedBy: Type.Union([Type.String(), Type.Null()]),
  replacedAt: Timestamp,
});
export const TimelineRevisionList = Type.Object({ items: Type.Array(TimelineRevision) });

export const MarkConflictBody = Strict({
  entryA: Uuid,
  entryB: Uuid,
  note: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
});
export const Conflict = Type.Object({ id: Uuid, entryA: Uuid, entryB: Uuid, note: Type.String(), markedAt: Timestamp });

export const EntryParams = Strict({ id: Uuid, entryId: Uuid });
export const ExportTimelineQuery = Strict({
  format: literals(['csv', 'markdown'] as const),
  maxTlp: Type.Optional(literals(TLP_LEVELS, { description: 'Leave out entries marked above this' })),
  briefingsOnly: Type.Optional(Type.Boolean()),
});
