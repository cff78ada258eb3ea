import { type Static, Type } from '@sinclair/typebox';
import { Cursor, Limit, Page, Strict, Timestamp, Uuid } from './common.ts';

export const AuditEvent = Type.Object({
  id: Uuid,
  occurredAt: Timestamp,
  action: Type.String(),
  actor: Type.Object({
    userId: Type.Union([Uuid, Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    organizationId: Type.Union([Uuid, Type.Null()]),
    via: Type.Union([Type.String(), Type.Null()]),
  }),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetIds: Type.Array(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  clientAddress: Type.Union([Type.String(), Type.Null()]),
  chain: Type.Integer(),
  seq: Type.Integer(),
  hash: Type.String(),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditEventPage = Page(AuditEvent);

export const ListAuditEventsQuery = Strict({
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z_.]+$' })),
  actorId: Type.Optional(Uuid),
  targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
