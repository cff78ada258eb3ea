import { type Static, Type } from '@sinclair/typebox';
import { ORGANIZATION_KINDS } from '../organizations.ts';
import { Cursor, Limit, Name, Page, SearchText, Strict, Timestamp, Uuid } from './common.ts';

export const OrganizationKindSchema = Type.Union(ORGANIZATION_KINDS.map((k) => Type.Literal(k)));

export const Organization = Type.Object({
  id: Uuid,
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  kind: OrganizationKindSchema,
  jurisdiction: Type.Union([Type.String(), Type.Null()]),
  sectors: Type.Array(Type.String()),
  isHome: Type.Boolean(),
  userCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
  abilities: Type.Object({ manageUsers: Type.Boolean() }),
});
export type Organization = Static<typeof Organization>;

export const OrganizationPage = Page(Organization);

export const ListOrganizationsQuery = Strict({
  kind: Type.Optional(OrganizationKindSchema),
  q: Type.Optional(SearchText),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});

export const CreateOrganizationBody = Strict({
  name: Name,
  shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  kind: Type.Union(ORGANIZATION_KINDS.filter((k) => k !== 'cert').map((k) => Type.Literal(k)), {
    description: 'The kind of an outside organization; the home CERT exists from the start.',
  }),
  jurisdiction: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', maxLength: 2, description: 'ISO 3166-1 alpha-2' })),
  sectors: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20, uniqueItems: true })),
});
export type CreateOrganizationBody = Static<typeof CreateOrganizationBody>;
