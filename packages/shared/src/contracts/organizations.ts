import { type Static, Type } from '@sinclair/typebox';
import { LEGAL_ROLES, MAX_REGULATED_IN, ORGANIZATION_KINDS, REGULATED_IN_PATTERN } from '../organizations.ts';
import { Cursor, Limit, Name, Page, SearchText, Strict, Timestamp, Uuid, literals } from './common.ts';

export const OrganizationKindSchema = Type.Union(ORGANIZATION_KINDS.map((k) => Type.Literal(k)));

const ShortName = Type.String({ minLength: 1, maxLength: 40 });
const Jurisdiction = Type.String({ pattern: '^[A-Z]{2}$', maxLength: 2, description: 'ISO 3166-1 alpha-2' });
const Sectors = Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20, uniqueItems: true });
const RegulatedAs = Type.Array(literals(LEGAL_ROLES), {
  maxItems: LEGAL_ROLES.length,
  uniqueItems: true,
  description: 'The legal roles the organization is regulated as; obligation rules bind organizations by these.',
});
const OperatesIn = Type.Array(Type.String({ pattern: REGULATED_IN_PATTERN, maxLength: 6 }), {
  maxItems: MAX_REGULATED_IN,
  uniqueItems: true,
  description: 'Where the organization is regulated besides its own jurisdiction: ISO 3166-1 alpha-2 codes or subdivisions such as US-TX.',
});

export const Organization = Type.Object({
  id: Uuid,
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  kind: OrganizationKindSchema,
  jurisdiction: Type.Union([Type.String(), Type.Null()]),
  sectors: Type.Array(Type.String()),
  regulatedAs: Type.Array(Type.String(), { description: 'Legal roles (codes); see LEGAL_ROLES.' }),
  operatesIn: Type.Array(Type.String()),
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
  shortName: Type.Optional(ShortName),
  kind: Type.Union(ORGANIZATION_KINDS.filter((k) => k !== 'cert').map((k) => Type.Literal(k)), {
    description: 'The kind of an outside organization; the home CERT exists from the start.',
  }),
  jurisdiction: Type.Optional(Jurisdiction),
  sectors: Type.Optional(Sectors),
  regulatedAs: Type.Optional(RegulatedAs),
  operatesIn: Type.Optional(OperatesIn),
});
export type CreateOrganizationBody = Static<typeof CreateOrganizationBody>;

/** Changes to an organization, based on the version the caller saw; its kind never changes. */
export const UpdateOrganizationBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  name: Type.Optional(Name),
  shortName: Type.Optional(Type.Union([ShortName, Type.Null()])),
  jurisdiction: Type.Optional(Type.Union([Jurisdiction, Type.Null()])),
  sectors: Type.Optional(Sectors),
  regulatedAs: Type.Optional(RegulatedAs),
  operatesIn: Type.Optional(OperatesIn),
});
export type UpdateOrganizationBody = Static<typeof UpdateOrganizationBody>;
