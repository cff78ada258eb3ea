/** Response types of the API, derived from the shared contracts (types only, no runtime code). */
import type { Static } from '@sinclair/typebox';
import type { AuditEvent } from '#shared/contracts/audit';
import type { ApiToken, Me, NewApiToken, RecoveryCodes, TotpSetup } from '#shared/contracts/auth';
import type { FailedJob } from '#shared/contracts/jobs';
import type { Organization } from '#shared/contracts/organizations';
import type { SetupLink, User } from '#shared/contracts/users';

export type { ApiToken, AuditEvent, Me, Organization, User };
export type NewApiTokenResult = Static<typeof NewApiToken>;
export type TotpSetupResult = Static<typeof TotpSetup>;
export type RecoveryCodesResult = Static<typeof RecoveryCodes>;
export type FailedJobItem = Static<typeof FailedJob>;
export type SetupLinkResult = Static<typeof SetupLink>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
