/**
 * The access matrix: every API route of the running app, called by every kind of
 * caller with a valid request against real records, answers as ACCESS_MATRIX says.
 * A route without a row, a row without a route, or a row missing a caller fails.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { generate } from 'otplib';
import type { LightMyRequestResponse } from 'fastify';
import {
  ACCESS_MATRIX, ACCESS_MATRIX_VARIANTS, CALLERS, CALLER_USERS, REGISTER_PHONES, type Caller, type Expectation, type MatrixRequest, type MatrixRow, type RegisterKind, type Targets,
} from './access-matrix.ts';
import { type CataloguedRoute, catalogueRoutes, fillPath } from './route-catalogue.ts';
import type { Session, TestApp } from './test-app.ts';
import { noticeFixtures } from '../src/modules/notices/notice-test-fixtures.ts';
import { recomputeBatch } from '../src/modules/obligations/obligation-jobs.ts';
import { loadRulePacks } from '../src/modules/obligations/packs/index.ts';
import { createTestApp } from './test-app.ts';

const DEFAULT_CODES: Record<number, RegExp> = {
  401: /^auth\.required$/,
  403: /^access\.forbidden$/,
  404: /^[a-z_]+\.not_found$/,
};

function mismatch(caller: Caller, expected: Expectation, response: LightMyRequestResponse): string | null {
  const [statusText, code] = String(expected).split(' ');
  let actualCode: string | undefined;
  try {
    actualCode = response.json()?.error?.code;
  } catch {
    actualCode = undefined;
  }
  const got = `${response.statusCode}${actualCode ? ` ${actualCode}` : ''}`;
  if (response.statusCode !== Number(statusText)) return `${caller}: expected ${expected}, got ${got}`;
  const wanted = code ? new RegExp(`^${code.replace(/\./g, '\\.')}$`) : DEFAULT_CODES[response.statusCode];
  if (wanted && !wanted.test(actualCode ?? '')) return `${caller}: expected ${expected}, got ${got}`;
  return null;
}

describe('access matrix', () => {
  let t: TestApp;
  let routes: CataloguedRoute[];
  const sessions = new Map<Caller, Session>();
  let adminToken: string;
  let counter = 0;
  let targets: Targets;
  let sharedIncident: Awaited<ReturnType<Targets['incident']>> | undefined;
  let sharedEngagement: Awaited<ReturnType<Targets['engagement']>> | undefined;
  let sharedObligation: Promise<string> | undefined;
  let sharedReport: Promise<{ id: string; version: number }> | undefined;
  const registers = new Map<RegisterKind, Promise<{ id: string; personIds: [string, string] }>>();
  let outsideGrantsIncident: Promise<string> | undefined;

  /** A new session of the caller's user, for requests that end the session they are sent with. */
  async function throwAwaySession(caller: Caller): Promise<Session> {
    const user = t.world.users[CALLER_USERS[caller as Exclude<Caller, 'anonymous'>]];
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
    assert.equal(response.statusCode, 200, `sign-in as ${caller} failed: ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'casebook_session')?.value as string;
    return { cookie, csrfToken: response.json().csrfToken, userId: user.id };
  }

  async function createUser(name: string): Promise<string> {
    const response = await t.request({
      method: 'POST', url: '/api/v1/users', as: sessions.get('admin'),
      payload: { email: `${name.toLowerCase().replace(/\W+/g, '-')}@casebook.test`, name, role: 'org_member', organizationId: t.world.orgA.id },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().user.id;
  }

  /** An incident of the admin's own: no owner but the admin, no team, no member, no participant. */
  async function adminOnlyIncident(): Promise<string> {
    const created = await t.request({ method: 'POST', url: '/api/v1/incidents', as: sessions.get('admin'), payload: { title: targets.unique('Admin incident'), severity: 'high', tlp: 'AMBER' } });
    assert.equal(created.statusCode, 201, created.body);
    return created.json().id;
  }

  /** A live grant for the user on the incident's register, given by the admin through the API. */
  async function grantRegister(incidentId: string, user: 'admin' | 'coordinator' | 'analyst'): Promise<string> {
    const response = await t.request({
      method: 'POST', url: `/api/v1/incidents/${incidentId}/register-grants`, as: sessions.get('admin'),
      payload: { userId: t.world.users[user].id, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: 'Notification of the persons targeted' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id;
  }

  async function makeRegister(kind: RegisterKind) {
    const db = t.testDb.database.db;
    const admin = sessions.get('admin');
    const id = kind === 'outside' ? await adminOnlyIncident() : (await targets.incident(true)).id;
    const adminGrant = await grantRegister(id, 'admin');
    const personIds: string[] = [];
    for (const [i, phone] of REGISTER_PHONES.entries()) {
      const response = await t.request({
        method: 'POST', url: `/api/v1/incidents/${id}/affected-persons`, as: admin,
        payload: {
          name: `Matrix Person ${i + 1}`, phone, country: 'IN', category: 'journalist', affectedHow: 'compromised_confirmed',
          ...(kind === 'outside' ? {} : { sourceOrganizationId: t.world.orgA.id, sourceReference: `PLATFORM-${i + 1}` }),
        },
      });
      assert.equal(response.statusCode, 201, response.body);
      personIds.push(response.json().id);
    }
    if (kind === 'ungranted') {
      const revoked = await t.request({ method: 'DELETE', url: `/api/v1/incidents/${id}/register-grants/${adminGrant}`, as: admin });
      assert.equal(revoked.statusCode, 204, revoked.body);
      const day = 86_400_000;
      await db.insertInto('register_grants').values({
        incident_id: id, user_id: t.world.users.coordinator.id, granted_by: t.world.users.admin.id,
        granted_at: new Date(Date.now() - 60 * day), expires_at: new Date(Date.now() - 30 * day), reason: 'An earlier round of notifications',
      }).execute();
    } else if (kind === 'outside') {
      // Grants given while they could still see the incident (a grant is refused to someone who cannot):
      // they must not open it to them now.
      for (const user of ['coordinator', 'analyst'] as const) {
        await db.insertInto('register_grants').values({
          incident_id: id, user_id: t.world.users[user].id, granted_by: t.world.users.admin.id,
          expires_at: new Date(Date.now() + 30 * 86_400_000), reason: 'Given before they left the case',
        }).execute();
      }
    } else {
      await grantRegister(id, 'coordinator');
      await grantRegister(id, 'analyst');
    }
    return { id, personIds: personIds as [string, string] };
  }

  before(async () => {
    t = await createTestApp();
    routes = catalogueRoutes(t.app);
    for (const caller of CALLERS) {
      if (caller !== 'anonymous' && caller !== 'admin_token') sessions.set(caller, await t.login(CALLER_USERS[caller]));
    }
    const created = await t.request({ method: 'POST', url: '/api/v1/me/tokens', as: sessions.get('admin'), payload: { name: 'matrix' } });
    assert.equal(created.statusCode, 201, created.body);
    adminToken = created.json().token;
    const spareUserId = await createUser('Spare Member');
    const setupUserId = await createUser('Setup Target');
    const db = t.testDb.database.db;

    const notices = await noticeFixtures(t);
    targets = {
      world: t.world,
      notices,
      spareUserId,
      unique: (prefix) => `${prefix}-${++counter}-${randomUUID().slice(0, 8)}`,
      async userVersion(id) {
        return (await db.selectFrom('users').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      },
      async organizationVersion(id) {
        return (await db.selectFrom('organizations').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      },
      async setupToken() {
        const response = await t.request({ method: 'POST', url: `/api/v1/users/${setupUserId}/setup-link`, as: sessions.get('admin') });
        assert.equal(response.statusCode, 200, response.body);
        return new URL(response.json().url).hash.replace(/^#token=/, '');
      },
      async orgMemberTokenId() {
        const response = await t.request({ method: 'POST', url: '/api/v1/me/tokens', as: sessions.get('org_member'), payload: { name: targets.unique('target') } });
        assert.equal(response.statusCode, 201, response.body);
        return response.json().id;
      },
      async failedJob() {
        const { rows } = await sql<{ id: string }>`insert into pgboss.job (name, state, data) values ('auth.purge_expired', 'failed', '{}'::jsonb) returning id`.execute(db);
        return { name: 'auth.purge_expired', id: rows[0].id };
      },
      async totpCode(caller) {
        const session = sessions.get(caller);
        if (!session) return '123456';
        const response = await t.request({ method: 'POST', url: '/api/v1/me/totp/setup', as: session });
        assert.equal(response.statusCode, 200, response.body);
        return generate({ secret: response.json().secret });
      },
      async incident(fresh = true) {
        if (!fresh && sharedIncident) return sharedIncident;
        const admin = sessions.get('admin');
        const created = await t.request({
          method: 'POST', url: '/api/v1/incidents', as: admin,
          payload: { title: targets.unique('Matrix incident'), severity: 'high', tlp: 'AMBER', ownerId: t.world.users.coordinator.id },
        });
        assert.equal(created.statusCode, 201, created.body);
        const id = created.json().id as string;
        await db.insertInto('incident_members').values([
          { incident_id: id, user_id: t.world.users.analyst.id, access: 'write', added_by: null, added_at: new Date() },
          { incident_id: id, user_id: t.world.users.viewer.id, access: 'read', added_by: null, added_at: new Date() },
        ]).execute();
        const participant = await t.request({ method: 'POST', url: `/api/v1/incidents/${id}/participants`, as: admin, payload: { organizationId: t.world.orgA.id, role: 'affected_platform' } });
        assert.equal(participant.statusCode, 201, participant.body);
        const entry = async (text: string) => {
          const response = await t.request({
            method: 'POST', url: `/api/v1/incidents/${id}/timeline`, as: admin,
            payload: { occurredAt: '2019-07-26T05:30:00Z', precision: 'day', timeZone: 'Asia/Kolkata', text, source: { kind: 'statement' }, tlp: 'AMBER', sharedWith: [t.world.orgA.id] },
          });
          assert.equal(response.statusCode, 201, response.body);
          return response.json().id as string;
        };
        const made = { id, version: created.json().version as number, participantId: participant.json().id as string, entryIds: [await entry('One account'), await entry('Another account')] as [string, string] };
        if (!fresh) sharedIncident = made;
        return made;
      },
      async orgMemberSavedFilterId() {
        const response = await t.request({ method: 'POST', url: '/api/v1/saved-filters', as: sessions.get('org_member'), payload: { name: targets.unique('mine'), filter: { tlp: ['AMBER'] } } });
        assert.equal(response.statusCode, 201, response.body);
        return response.json().id;
      },
      async categoryId() {
        return (await db.selectFrom('incident_categories').select('id').where('code', '=', 'data-leak').executeTakeFirstOrThrow()).id;
      },
      async teamId() {
        return (await db.insertInto('teams').values({ name: targets.unique('Team'), created_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
      },
      async engagement(fresh = true) {
        if (!fresh && sharedEngagement) return sharedEngagement;
        const incident = await targets.incident(fresh);
        const created = await t.request({
          method: 'POST', url: `/api/v1/incidents/${incident.id}/engagements`, as: sessions.get('admin'),
          payload: {
            kind: 'meeting', title: targets.unique('Meeting'), occurredAt: '2019-07-25T18:30:00Z', precision: 'day', timeZone: 'Asia/Kolkata', tlp: 'AMBER',
            attendees: [{ organizationId: t.world.orgA.id, name: 'Platform representative' }],
          },
        });
        assert.equal(created.statusCode, 201, created.body);
        const made = { id: created.json().id as string, incidentId: incident.id, version: created.json().version as number };
        if (!fresh) sharedEngagement = made;
        return made;
      },
      async obligationId() {
        sharedObligation ??= (async () => {
          const incident = await targets.incident(false);
          await sql`update organizations set regulated_as = '{intermediary}', operates_in = '{IN}' where id = ${t.world.orgA.id}`.execute(db);
          await db.insertInto('obligation_facts').values({ incident_id: incident.id, organization_id: t.world.orgA.id, fact: 'noticed_at', value_at: new Date('2025-03-03T04:30:00Z') }).execute();
          await sql`update incidents set category_id = (select id from incident_categories where code = 'malicious-code') where id = ${incident.id}`.execute(db);
          await recomputeBatch({ db, jobs: t.built.jobs, clock: () => new Date() }, [incident.id]);
          return (await db.selectFrom('obligations').select('id').where('incident_id', '=', incident.id).where('organization_id', '=', t.world.orgA.id).executeTakeFirstOrThrow()).id;
        })();
        return sharedObligation;
      },
      async incidentReport() {
        sharedReport ??= (async () => {
          const response = await t.request({
            method: 'POST', url: '/api/v1/incident-reports', as: sessions.get('org_member'),
            payload: { ruleCode: 'eu-nis2-ew', externalReference: 'MATRIX-TARGET', incidentId: (await targets.incident(false)).id, answers: { suspected_malicious: 'No', cross_border: 'No' } },
          });
          assert.equal(response.statusCode, 201, response.body);
          return { id: response.json().id as string, version: response.json().latestVersion as number };
        })();
        return sharedReport;
      },
      async ruleId(code) {
        return (await db.selectFrom('obligation_rules').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
      },
      ruleDefinition() {
        const shipped = loadRulePacks()[0].rules[0];
        return { ...shipped, code: `local-${++counter}-${randomUUID().slice(0, 8)}` };
      },
      async incidentVersion(id) {
        return (await db.selectFrom('incidents').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      },
      register(kind) {
        if (!registers.has(kind)) registers.set(kind, makeRegister(kind));
        return registers.get(kind) as Promise<{ id: string; personIds: [string, string] }>;
      },
      async registerSettingsVersion(incidentId) {
        const row = await t.testDb.database.db.selectFrom('affected_registers').select('version').where('incident_id', '=', incidentId).executeTakeFirst();
        return row?.version ?? 0;
      },
      async personVersion(id) {
        return (await db.selectFrom('affected_persons').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      },
      async grantsIncident(outside) {
        if (!outside) return (await targets.incident(false)).id;
        outsideGrantsIncident ??= adminOnlyIncident();
        return outsideGrantsIncident;
      },
      async registerGrant(outside) {
        const incidentId = await targets.grantsIncident(outside);
        // On the admin's own incident only the admin can be granted (a grant needs someone who can see the incident).
        return { incidentId, id: await grantRegister(incidentId, outside ? 'admin' : 'analyst') };
      },
      async disableTotp(caller) {
        const session = sessions.get(caller);
        if (!session) return;
        const user = t.world.users[CALLER_USERS[caller as Exclude<Caller, 'anonymous'>]];
        const response = await t.request({ method: 'POST', url: '/api/v1/me/totp/disable', as: session, payload: { password: user.password } });
        assert.equal(response.statusCode, 204, response.body);
      },
    };
  });
  after(() => t.close());

  it('has a row for every route of the app, a route for every row and an answer for every caller', () => {
    const operationIds = new Set(routes.map((r) => r.operationId));
    const rows = Object.keys(ACCESS_MATRIX);
    assert.deepEqual(routes.filter((r) => !(r.operationId in ACCESS_MATRIX)).map((r) => `${r.method} ${r.url} (${r.operationId})`), [], 'routes without a row');
    assert.deepEqual(rows.filter((id) => !operationIds.has(id)), [], 'rows without a route');
    const missing = rows.flatMap((id) => CALLERS.filter((c) => !(c in ACCESS_MATRIX[id].expect)).map((c) => `${id}: ${c}`));
    assert.deepEqual(missing, [], 'callers without an expectation');
    for (const [variant, variantRows] of Object.entries(ACCESS_MATRIX_VARIANTS)) {
      assert.deepEqual(Object.keys(variantRows).filter((id) => !operationIds.has(id)), [], `rows ${variant} without a route`);
      const incomplete = Object.entries(variantRows).flatMap(([id, row]) => CALLERS.filter((c) => !(c in row.expect)).map((c) => `${id}: ${c}`));
      assert.deepEqual(incomplete, [], `callers without an expectation ${variant}`);
    }
  });

  async function checkRow(operationId: string, row: MatrixRow) {
    const route = routes.find((r) => r.operationId === operationId);
    assert.ok(route, `no route has operationId ${operationId}`);
    const problems: string[] = [];
    for (const caller of CALLERS) {
      const request: MatrixRequest = row.request ? await row.request(targets, caller) : {};
      const as = caller === 'anonymous'
        ? undefined
        : caller === 'admin_token'
          ? { token: adminToken }
          : request.throwAwaySession ? await throwAwaySession(caller) : sessions.get(caller);
      const url = fillPath(route.url, request.params ?? {}) + (request.query ? `?${request.query}` : '');
      const response = await t.request({ method: route.method, url, as, ...(request.payload !== undefined ? { payload: request.payload as object } : {}), ...(request.headers ? { headers: request.headers } : {}) });
      await request.cleanup?.();
      const problem = mismatch(caller, row.expect[caller], response);
      if (problem) problems.push(problem);
    }
    assert.deepEqual(problems, [], `${route.method} ${route.url}`);
  }

  for (const [operationId, row] of Object.entries(ACCESS_MATRIX)) {
    it(`${operationId} answers each caller as the matrix says`, () => checkRow(operationId, row));
  }
  for (const [variant, variantRows] of Object.entries(ACCESS_MATRIX_VARIANTS)) {
    for (const [operationId, row] of Object.entries(variantRows)) {
      it(`${operationId} ${variant} answers each caller as the matrix says`, () => checkRow(operationId, row));
    }
  }

  it('lists only the records in the caller\'s scope', async () => {
    const orgOf = new Map(Object.values(t.world.users).map((u) => [u.id, u.organizationId]));
    const foreignUsers = await t.request({ method: 'GET', url: `/api/v1/users?organizationId=${t.world.orgA.id}`, as: sessions.get('foreign_admin') });
    assert.deepEqual(foreignUsers.json().items, [], 'org B\'s admin sees none of org A\'s users');
    const ownUsers = await t.request({ method: 'GET', url: '/api/v1/users?limit=200', as: sessions.get('org_admin') });
    assert.ok(ownUsers.json().items.length > 0);
    for (const user of ownUsers.json().items) assert.equal(user.organization.id, t.world.orgA.id, `org A's admin sees ${user.email}`);
    assert.equal(orgOf.get(t.world.users.org_member.id), t.world.orgA.id);
    for (const [caller, own] of [['org_member', t.world.orgA.id], ['foreign_member', t.world.orgB.id]] as const) {
      const response = await t.request({ method: 'GET', url: '/api/v1/organizations?limit=200', as: sessions.get(caller) });
      assert.deepEqual(response.json().items.map((o: { id: string }) => o.id), [own], `${caller} sees only their own organization`);
    }
  });

  it('answers 404 for retrying a job that does not exist or has not failed', async () => {
    const unknown = await t.request({ method: 'POST', url: `/api/v1/jobs/auth.purge_expired/${randomUUID()}/retry`, as: sessions.get('admin') });
    assert.equal(unknown.statusCode, 404, unknown.body);
    assert.equal(unknown.json().error.code, 'jobs.not_found');
  });
});
