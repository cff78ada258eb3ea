/**
 * Incidents, participants and chronology entries made through the real routes, so a
 * test starts from records a coordinator could have created, and fails loudly if the
 * set-up itself is refused.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Session, TestApp } from './test-app.ts';

export interface IncidentRef {
  id: string;
  reference: string;
  version: number;
}

export interface EntryRef {
  id: string;
  revision: number;
  occurredAt: string;
}

export interface IncidentFixtures {
  createIncident(body?: Record<string, unknown>, as?: Session): Promise<IncidentRef>;
  addParticipant(incidentId: string, organizationId: string, options?: { role?: string; seesRed?: boolean }): Promise<{ id: string }>;
  addEntry(incidentId: string, body?: Record<string, unknown>): Promise<EntryRef>;
}

/** A valid chronology entry; tests override what they are about. */
export function entryPayload(body: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    occurredAt: '2019-05-13T09:30:00Z',
    precision: 'day',
    timeZone: 'UTC',
    text: 'The platform confirmed the exploit.',
    source: { kind: 'statement', title: 'Platform statement' },
    tlp: 'AMBER',
    ...body,
  };
}

function expectStatus(response: LightMyRequestResponse, status: number, what: string) {
  if (response.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${response.statusCode} ${response.body}`);
}

/** Everything is created by the coordinator unless a session is given. */
export async function incidentFixtures(t: TestApp): Promise<IncidentFixtures> {
  const coordinator = await t.login('coordinator');
  return {
    async createIncident(body = {}, as = coordinator) {
      const response = await t.request({
        method: 'POST', url: '/api/v1/incidents', as,
        payload: { title: 'Spyware delivered through a missed call', severity: 'high', tlp: 'AMBER', ...body },
      });
      expectStatus(response, 201, 'create incident');
      const { id, reference, version } = response.json();
      return { id, reference, version };
    },

    async addParticipant(incidentId, organizationId, options = {}) {
      const response = await t.request({
        method: 'POST', url: `/api/v1/incidents/${incidentId}/participants`, as: coordinator,
        payload: { organizationId, role: options.role ?? 'affected_platform' },
      });
      expectStatus(response, 201, 'add participant');
      const { id } = response.json();
      // No route grants RED material yet: the CERT sets it by hand.
      if (options.seesRed) await sql`update participants set sees_red = true where id = ${id}`.execute(t.testDb.database.db);
      return { id };
    },

    async addEntry(incidentId, body = {}) {
      const response = await t.request({ method: 'POST', url: `/api/v1/incidents/${incidentId}/timeline`, as: coordinator, payload: entryPayload(body) });
      expectStatus(response, 201, 'add timeline entry');
      const { id, revision, occurredAt } = response.json();
      return { id, revision, occurredAt };
    },
  };
}
