import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../roles.ts';
import { ORGANIZATION_KINDS } from '../organizations.ts';
import { Email, NullableTimestamp, Strict, Timestamp, Uuid } from './common.ts';

const Password = Type.String({ minLength: 1, maxLength: 256 });

export const LoginBody = Strict({
  email: Email,
  password: Password,
  totpCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', maxLength: 6 })),
  recoveryCode: Type.Optional(Type.String({ minLength: 8, maxLength: 40 })),
});
export type LoginBody = Static<typeof LoginBody>;

export const LogoutBody = Strict({ everywhere: Type.Optional(Type.Boolean()) });

export const Me = Type.Object({
  user: Type.Object({
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    totpEnabled: Type.Boolean(),
    organization: Type.Object({
      id: Uuid,
      name: Type.String(),
      kind: Type.Union(ORGANIZATION_KINDS.map((k) => Type.Literal(k))),
      isHome: Type.Boolean(),
    }),
  }),
  via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
  sessionExpiresAt: NullableTimestamp,
});
export type Me = Static<typeof Me>;

export const SetupPasswordBody = Strict({
  token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
  password: Password,
});

export const ChangePasswordBody = Strict({ currentPassword: Password, newPassword: Password });

export const TotpSetup = Type.Object({ secret: Type.String(), otpauthUri: Type.String() });
export const TotpConfirmBody = Strict({ code: Type.String({ pattern: '^[0-9]{6}$', maxLength: 6 }) });
export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export const TotpDisableBody = Strict({ password: Password });

export const ApiToken = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Timestamp,
  expiresAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
});
export type ApiToken = Static<typeof ApiToken>;
export const NewApiToken = Type.Composite([ApiToken, Type.Object({ token: Type.String({ description: 'Shown once; store it now.' }) })]);
export const CreateApiTokenBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
});
