/**
 * The access-matrix rows of the register of affected persons (docs/modules/affected-persons.md):
 * its entries are read and changed by staff holding a live grant, so besides the main rows
 * (on a register the staff callers hold grants for) the same calls are checked without a
 * grant and on an incident outside the caller's scope (ACCESS_MATRIX_VARIANTS).
 */
import {
  GRANT_REQUIRED,
  grantsRegister,
  type MatrixRequest,
  type MatrixRow,
  outsideScope,
  REGISTER_PHONES,
  type RegisterKind,
  STAFF_READ_INCIDENT,
  type Targets,
  usesRegister,
} from './access-matrix-expectations.ts';

// Requests to the register of affected persons (docs/modules/affected-persons.md), on the register of a kind.
type RegisterRequest = (t: Targets) => Promise<MatrixRequest>;
const onRegister =
  (kind: RegisterKind): RegisterRequest =>
  async (t) => ({ params: { id: (await t.register(kind)).id } });
const revealIn =
  (kind: RegisterKind): RegisterRequest =>
  async (t) => {
    const register = await t.register(kind);
    return { params: { id: register.id }, payload: { purpose: 'notify', personIds: register.personIds } };
  };
// A new identifier each time, since a phone number, e-mail address or account is unique within a register.
const addTo =
  (kind: RegisterKind): RegisterRequest =>
  async (t) => ({
    params: { id: (await t.register(kind)).id },
    payload: {
      name: 'Matrix Person',
      account: t.unique('@matrix'),
      country: 'IN',
      category: 'journalist',
      affectedHow: 'targeted',
      // Only an organization taking part in the incident can be its source; the "outside" incident has none.
      ...(kind === 'outside' ? {} : { sourceOrganizationId: t.world.orgA.id, sourceReference: t.unique('PLATFORM-REF') }),
    },
  });
const updateIn =
  (kind: RegisterKind): RegisterRequest =>
  async (t) => {
    const {
      id,
      personIds: [, personId],
    } = await t.register(kind);
    return {
      params: { id, personId },
      payload: {
        version: await t.personVersion(personId),
        notes: t.unique('Called back'),
        notificationStatus: 'notified',
        notifiedOn: '2019-11-20',
        notifiedChannel: 'phone',
      },
    };
  };
const importInto =
  (kind: RegisterKind): RegisterRequest =>
  async (t) => ({
    params: { id: (await t.register(kind)).id },
    // A dry run: the whole file is checked and reported, nothing is written.
    payload: {
      csv: 'Name,Mobile\nMatrix Import,+919800000777\n',
      mapping: { name: 'Name', phone: 'Mobile' },
      defaults: { country: 'IN', category: 'other', affectedHow: 'targeted' },
      dryRun: true,
    },
  });
const exportFrom =
  (kind: RegisterKind): RegisterRequest =>
  async (t) => ({ params: { id: (await t.register(kind)).id }, payload: { purpose: 'notify' } });
const settingsOf =
  (kind: RegisterKind): RegisterRequest =>
  async (t) => {
    const { id } = await t.register(kind);
    return { params: { id }, payload: { version: await t.registerSettingsVersion(id), retainUntil: '2099-12-31' } };
  };
const grantOn =
  (outside: boolean): RegisterRequest =>
  async (t) => ({
    params: { id: await t.grantsIncident(outside) },
    // On the admin's own incident the admin is the one person a grant can name.
    payload: {
      userId: t.world.users[outside ? 'admin' : 'analyst'].id,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      reason: 'Notification of the persons targeted',
    },
  });
const revokeOn =
  (outside: boolean): RegisterRequest =>
  async (t) => {
    const grant = await t.registerGrant(outside);
    return { params: { id: grant.incidentId, grantId: grant.id } };
  };
/** The supplying organization's users see its own entries; another organization is told the incident does not exist; staff lack the permission. */
const SUPPLIED_READ = {
  anonymous: 401,
  admin: 403,
  coordinator: 403,
  analyst: 403,
  auditor: 403,
  viewer: 403,
  org_admin: 200,
  org_member: 200,
  foreign_admin: 404,
  foreign_member: 404,
  admin_token: 403,
} as const;

/** The main rows. Counts, the grants list and grant changes need no grant of the caller's, so they use the register nobody holds one for. */
export const REGISTER_ROWS: Record<string, MatrixRow> = {
  getAffectedCounts: { request: onRegister('ungranted'), expect: STAFF_READ_INCIDENT },
  listAffectedPersons: { request: onRegister('granted'), expect: usesRegister(200) },
  revealAffectedPersons: { request: revealIn('granted'), expect: usesRegister(200) },
  addAffectedPerson: { request: addTo('granted'), expect: usesRegister(201) },
  updateAffectedPerson: { request: updateIn('granted'), expect: usesRegister(200) },
  lookupIdentifier: {
    // The number is in every register; the answer names only the incidents the caller holds a grant for.
    request: async (t) => {
      await Promise.all([t.register('granted'), t.register('ungranted'), t.register('outside')]);
      return { payload: { kind: 'phone', value: REGISTER_PHONES[0], purpose: 'verify' } };
    },
    expect: usesRegister(200),
  },
  listRegisterGrants: { request: onRegister('ungranted'), expect: usesRegister(200) },
  listAffectedPersonCategories: {
    request: async () => ({}),
    expect: {
      anonymous: 401,
      admin: 200,
      coordinator: 200,
      analyst: 200,
      auditor: 200,
      viewer: 200,
      org_admin: 403,
      org_member: 403,
      foreign_admin: 403,
      foreign_member: 403,
      admin_token: 200,
    },
  },
  importAffectedPersons: { request: importInto('granted'), expect: usesRegister(200) },
  exportAffectedPersons: { request: exportFrom('granted'), expect: usesRegister(200) },
  getRegisterSettings: { request: onRegister('ungranted'), expect: STAFF_READ_INCIDENT },
  updateRegisterSettings: { request: settingsOf('ungranted'), expect: grantsRegister(200) },
  grantRegisterAccess: { request: grantOn(false), expect: grantsRegister(201) },
  revokeRegisterAccess: { request: revokeOn(false), expect: grantsRegister(204) },
  listSuppliedPersons: { request: onRegister('granted'), expect: SUPPLIED_READ },
};

/**
 * Further rows for routes whose answer turns on more than the caller's role and the
 * incident's scope, by what differs from their ACCESS_MATRIX row.
 */
export const ACCESS_MATRIX_VARIANTS: Record<string, Record<string, MatrixRow>> = {
  // The admin's grant was revoked, the coordinator's has expired, the analyst never had one.
  'without a live register grant': {
    listAffectedPersons: { request: onRegister('ungranted'), expect: usesRegister(GRANT_REQUIRED) },
    revealAffectedPersons: { request: revealIn('ungranted'), expect: usesRegister(GRANT_REQUIRED) },
    addAffectedPerson: { request: addTo('ungranted'), expect: usesRegister(GRANT_REQUIRED) },
    updateAffectedPerson: { request: updateIn('ungranted'), expect: usesRegister(GRANT_REQUIRED) },
    importAffectedPersons: { request: importInto('ungranted'), expect: usesRegister(GRANT_REQUIRED) },
    exportAffectedPersons: { request: exportFrom('ungranted'), expect: usesRegister(GRANT_REQUIRED) },
  },
  // The coordinator and the analyst hold live grants for this register, which must not open it to them.
  "on an incident outside the caller's scope": {
    getAffectedCounts: { request: onRegister('outside'), expect: outsideScope(STAFF_READ_INCIDENT) },
    listAffectedPersons: { request: onRegister('outside'), expect: outsideScope(usesRegister(200)) },
    revealAffectedPersons: { request: revealIn('outside'), expect: outsideScope(usesRegister(200)) },
    addAffectedPerson: { request: addTo('outside'), expect: outsideScope(usesRegister(201)) },
    updateAffectedPerson: { request: updateIn('outside'), expect: outsideScope(usesRegister(200)) },
    listRegisterGrants: { request: onRegister('outside'), expect: outsideScope(usesRegister(200)) },
    grantRegisterAccess: { request: grantOn(true), expect: outsideScope(grantsRegister(201)) },
    revokeRegisterAccess: { request: revokeOn(true), expect: outsideScope(grantsRegister(204)) },
    listSuppliedPersons: { request: onRegister('outside'), expect: outsideScope(SUPPLIED_READ) },
    importAffectedPersons: { request: importInto('outside'), expect: outsideScope(usesRegister(200)) },
    exportAffectedPersons: { request: exportFrom('outside'), expect: outsideScope(usesRegister(200)) },
    getRegisterSettings: { request: onRegister('outside'), expect: outsideScope(STAFF_READ_INCIDENT) },
    updateRegisterSettings: { request: settingsOf('outside'), expect: outsideScope(grantsRegister(200)) },
  },
};
