import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../roles.ts';
import { Cursor, Email, Limit, Name, NullableTimestamp, Page, SearchText, Strict, Timestamp, Uuid } from './common.ts';

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  organization: Type.Object({ id: Uuid, name: Type.String(), isHome: Type.Boolean() }),
  disabled: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  hasPassword: Type.Boolean(),
  lastLoginAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
  abilities: Type.Object({ update: Type.Boolean(), issueSetupLink: Type.Boolean() }),
});
export type User = Static<typeof User>;

export const UserPage = Page(User);

export const ListUsersQuery = Strict({
  organizationId: Type.Optional(Uuid),
  role: Type.Optional(RoleSchema),
  q: Type.Optional(SearchText),
  includeDisabled: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});

export const CreateUserBody = Strict({
  email: Email,
  name: Name,
  role: RoleSchema,
  organizationId: Uuid,
});
export type CreateUserBody = Static<typeof CreateUserBody>;

export const SetupLink = Type.Object({
  url: Type.String({ description: 'One-time link with which the user sets a password; shown once.' }),
  expiresAt: Timestamp,
});

export const CreatedUser = Type.Object({ user: User, setupLink: SetupLink });

export const UpdateUserBody = Strict({
  version: Type.Integer({ minimum: 1, description: 'The version the change is based on (optimistic locking).' }),
  name: Type.Optional(Name),
  role: Type.Optional(RoleSchema),
  disabled: Type.Optional(Type.Boolean()),
});
export type UpdateUserBody = Static<typeof UpdateUserBody>;
