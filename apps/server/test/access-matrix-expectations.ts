/**
 * The callers of the access matrix, what a row is, and the expectations and record
 * helpers its rows share (access-matrix.ts).
 */
import type { NoticeFixtures } from '../src/modules/notices/notice-test-fixtures.ts';
import type { SeedUserKey, SeedWorld } from './seed.ts';

export const CALLERS = [
  'anonymous', 'admin', 'coordinator', 'analyst', 'auditor', 'viewer',
  'org_admin', 'org_member', 'foreign_admin', 'foreign_member', 'admin_token',
] as const;
export type Caller = (typeof CALLERS)[number];

/** The seeded user behind each signed-in caller; admin_token is the admin's API token. */
export const CALLER_USERS: Record<Exclude<Caller, 'anonymous'>, SeedUserKey> = {
  admin: 'admin', coordinator: 'coordinator', analyst: 'analyst', auditor: 'auditor', viewer: 'viewer',
  org_admin: 'org_admin', org_member: 'org_member', foreign_admin: 'org_admin_b', foreign_member: 'org_member_b', admin_token: 'admin',
};

export type Expectation = number | `${number} ${string}`;

/**
 * Whose register of affected persons a row works on (`Targets.register`): staff who may
 * read it hold live grants ("granted"), hold none ("ungranted"), or the incident is outside
 * the coordinator's and the analyst's scope although they hold grants for it ("outside").
 */
export type RegisterKind = 'granted' | 'ungranted' | 'outside';
/** The phone numbers of the two persons in each register made by `Targets.register`. */
export const REGISTER_PHONES = ['+919800000101', '+919800000202'] as const;

/** Fixtures the request builders draw on; each call makes a fresh target where a success would use one up. */
export interface Targets {
  world: SeedWorld;
  /** A user of organization A that rows may change (rename, new set-up link). */
  spareUserId: string;
  unique(prefix: string): string;
  userVersion(id: string): Promise<number>;
  organizationVersion(id: string): Promise<number>;
  /** A valid, unused password set-up token. */
  setupToken(): Promise<string>;
  /** The id of a new API token owned by org A's member. */
  orgMemberTokenId(): Promise<string>;
  /** A job in the failed state, ready to be retried. */
  failedJob(): Promise<{ name: string; id: string }>;
  /** Starts TOTP enrolment as the caller and returns a valid code, or a well-formed dummy for callers without a session. */
  totpCode(caller: Caller): Promise<string>;
  /** Turns TOTP off again for the caller, so later sign-ins need no code. */
  disableTotp(caller: Caller): Promise<void>;
  /**
   * A new incident owned by the coordinator, with the analyst as a writing member, the
   * viewer as a reading member and organization A as a participant; the auditor and
   * organization B have nothing to do with it.
   */
  incident(fresh?: boolean): Promise<{ id: string; version: number; participantId: string; entryIds: [string, string] }>;
  incidentVersion(id: string): Promise<number>;
  /** The id of a new saved filter owned by org A's member. */
  orgMemberSavedFilterId(): Promise<string>;
  /** A seeded incident category. */
  categoryId(): Promise<string>;
  /** A new, empty CERT team. */
  teamId(): Promise<string>;
  /**
   * A meeting (with the platform, org A) recorded on an incident made by `incident(fresh)`:
   * writers get a fresh one, since their change uses up its version.
   */
  engagement(fresh?: boolean): Promise<{ id: string; incidentId: string; version: number }>;
  /** Notices in each state on incidents shaped like `incident()` (modules/notices/notice-test-fixtures.ts). */
  notices: NoticeFixtures;
  /** An obligation of organization A computed on a shared incident made by `incident(false)`. */
  obligationId(): Promise<string>;
  /** A report organization A filed on the shared incident made by `incident(false)`, at its latest version. */
  incidentReport(): Promise<{ id: string; version: number }>;
  /** The id of a shipped obligation rule. */
  ruleId(code: string): Promise<string>;
  /** A valid obligation rule definition with a new code. */
  ruleDefinition(): unknown;
  /**
   * An incident whose register holds two persons (REGISTER_PHONES), made once per kind.
   * "granted" and "ungranted" are shaped like `incident()`, their persons supplied by
   * organization A. On "granted" the admin (and so admin_token), the coordinator and the
   * analyst hold live grants; on "ungranted" none does: the admin's grant was revoked once
   * the persons were added, the coordinator's has expired, the analyst never had one.
   * "outside" is an incident of the admin's own, with no members and no participant: the
   * admin, the coordinator and the analyst all hold live grants for it.
   */
  register(kind: RegisterKind): Promise<{ id: string; personIds: [string, string] }>;
  personVersion(id: string): Promise<number>;
  /** The register settings' current version (0 before the register was first written). */
  registerSettingsVersion(incidentId: string): Promise<number>;
  /**
   * The incident grant rows act on: the shared `incident(false)`, or (outside) an incident
   * of the admin's own that the coordinator cannot see. Registers' own grants stay untouched.
   */
  grantsIncident(outside: boolean): Promise<string>;
  /** A new live grant of the analyst's on `grantsIncident(outside)`, ready to be revoked. */
  registerGrant(outside: boolean): Promise<{ incidentId: string; id: string }>;
}

export interface MatrixRequest {
  params?: Record<string, string>;
  query?: string;
  payload?: unknown;
  /** Extra request headers (a raw upload's own Content-Type). */
  headers?: Record<string, string>;
  /** Send with a second, throw-away session of the caller's user (the request ends its session). */
  throwAwaySession?: boolean;
  /** Runs after the request, whatever its answer. */
  cleanup?: () => Promise<void>;
}

export interface MatrixRow {
  request?: (targets: Targets, caller: Caller) => MatrixRequest | Promise<MatrixRequest>;
  expect: Record<Caller, Expectation>;
}

export const SESSION_ONLY = '403 auth.session_required' as const;
/** Who reads an incident set up by `Targets.incident`: its members, its participant (org A), admins. */
export const READS_INCIDENT = { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 404, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 404, foreign_member: 404, admin_token: 200 } as const;
/** Who changes it: admins, its owner (the coordinator) and its writing member; everyone else lacks the permission. */
/** Callers whose change succeeds use up their target, so they get a fresh incident; the rest share one. */
export const WRITERS: ReadonlySet<Caller> = new Set(['admin', 'coordinator', 'analyst', 'admin_token']);
export const incidentFor = (t: Targets, caller: Caller) => t.incident(WRITERS.has(caller));
export const changesIncident = (ok: number) =>
  ({ anonymous: 401, admin: ok, coordinator: ok, analyst: ok, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: ok }) as const;
export const passwordOf = (t: Targets, caller: Caller) => t.world.users[caller === 'anonymous' ? 'viewer' : CALLER_USERS[caller]].password;

// Notices: a caller whose step succeeds uses up its notice and gets a fresh one; the others share one per kind.
export const APPROVERS: ReadonlySet<Caller> = new Set(['admin', 'coordinator', 'admin_token']);
export const RESPONDERS: ReadonlySet<Caller> = new Set(['org_admin', 'org_member']);
export const sharedNotices = new Map<string, Promise<unknown>>();
export function noticeFor<T>(key: string, fresh: boolean, make: () => Promise<T>): Promise<T> {
  if (fresh) return make();
  if (!sharedNotices.has(key)) sharedNotices.set(key, make());
  return sharedNotices.get(key) as Promise<T>;
}
export const onIncident = async (t: Targets) => ({ incidentId: (await t.incident(false)).id });
/** Staff who may approve: admins and the incident's coordinator; everyone else lacks the permission. */
export const approvesNotice = (ok: number) =>
  ({ anonymous: 401, admin: ok, coordinator: ok, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: ok }) as const;
/** The addressed organization's users answer; another organization is told the notice does not exist; staff lack the permission. */
export const respondsToNotice = (ok: number) =>
  ({ anonymous: 401, admin: 403, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: ok, org_member: ok, foreign_admin: 404, foreign_member: 404, admin_token: 403 }) as const;
export const EVERYONE_READS = { anonymous: 401, admin: 200, coordinator: 200, analyst: 200, auditor: 200, viewer: 200, org_admin: 200, org_member: 200, foreign_admin: 200, foreign_member: 200, admin_token: 200 } as const;
export const ADMIN_ONLY = (ok: number) =>
  ({ anonymous: 401, admin: ok, coordinator: 403, analyst: 403, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: ok }) as const;
/** Staff read an incident's counts like the incident itself; outside organizations lack the permission. */
export const STAFF_READ_INCIDENT = { ...READS_INCIDENT, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403 } as const;
/**
 * The register's entries (register.read, register.write): the admin, the incident's owner
 * (coordinator) and its writing member (analyst) get `ok` — given a live grant, a refusal
 * otherwise; everyone else lacks the permission.
 */
export const usesRegister = (ok: Expectation) =>
  ({ anonymous: 401, admin: ok, coordinator: ok, analyst: ok, auditor: 403, viewer: 403, org_admin: 403, org_member: 403, foreign_admin: 403, foreign_member: 403, admin_token: ok }) as const;
export const GRANT_REQUIRED = '403 register.grant_required' as const;
/** Granting and revoking (register.grant): admins and the incident's coordinator. */
export const grantsRegister = (ok: number) => ({ ...usesRegister(ok), analyst: 403 }) as const;
/**
 * The same calls on an incident outside the caller's scope: admins see every incident; any
 * other caller who passes the permission is told it does not exist, whatever grant they hold.
 */
export const outsideScope = (expect: Record<Caller, Expectation>): Record<Caller, Expectation> =>
  Object.fromEntries(CALLERS.map((c) => [c, c === 'admin' || c === 'admin_token' || expect[c] === 401 || expect[c] === 403 ? expect[c] : 404])) as Record<Caller, Expectation>;
