/**
 * What the engagement tests share: a test app with the incident fixtures and a signed-in
 * coordinator, the meeting of 26 July 2019 as a request body, and calls to the routes.
 */
import assert from 'node:assert/strict';
import { type IncidentFixtures, incidentFixtures } from '../../../test/incident-fixtures.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';

export const UNKNOWN = '00000000-0000-4000-8000-000000000000';

export function engagementKit() {
  let t: TestApp;
  let coordinator: Session;

  async function open(): Promise<{ t: TestApp; f: IncidentFixtures; coordinator: Session }> {
    t = await createTestApp();
    const f = await incidentFixtures(t);
    coordinator = await t.login('coordinator');
    return { t, f, coordinator };
  }
  const close = () => t.close();

  const db = () => t.testDb.database.db;
  const count = async (table: 'engagements' | 'timeline_entries' | 'disclosure_ledger' | 'audit_events') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** The meeting of 26 July 2019 in New Delhi: the platform's people, and the vulnerability not raised. */
  const meeting = (body: Record<string, unknown> = {}) => ({
    kind: 'meeting',
    title: 'Review of the exploit with the platform',
    occurredAt: '2019-07-25T18:30:00Z',
    precision: 'day',
    timeZone: 'Asia/Kolkata',
    location: 'CERT offices, New Delhi',
    agenda: '1. The attack\n2. **Affected users** in India',
    minutes: 'The platform described the attack in general terms.',
    tlp: 'AMBER',
    attendees: [
      { organizationId: t.world.home.id, userId: t.world.users.coordinator.id, role: 'incident coordinator' },
      { organizationId: t.world.orgA.id, name: 'A. Person', role: 'vice-president for policy' },
    ],
    actions: [{ text: 'Send the list of affected users', ownerOrganizationId: t.world.orgA.id, dueOn: '2019-08-09' }],
    disclosures: [
      {
        topic: 'Vulnerability CVE-2019-3568',
        organizationId: t.world.orgA.id,
        state: 'not_asked',
        detail: 'No mention was made of the vulnerability.',
      },
    ],
    ...body,
  });

  const create = async (incidentId: string, body: Record<string, unknown> = {}, as: Session = coordinator) =>
    t.request({ method: 'POST', url: `/api/v1/incidents/${incidentId}/engagements`, as, payload: meeting(body) });
  const created = async (incidentId: string, body: Record<string, unknown> = {}) => {
    const response = await create(incidentId, body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  };
  const patch = (id: string, payload: Record<string, unknown>, as: Session = coordinator) =>
    t.request({ method: 'PATCH', url: `/api/v1/engagements/${id}`, as, payload });
  const timeline = async (incidentId: string) => {
    const response = await t.request({ method: 'GET', url: `/api/v1/incidents/${incidentId}/timeline`, as: coordinator });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().items as Array<{
      id: string;
      kind: string;
      event: string | null;
      text: string;
      occurredAt: string;
      precision: string;
      timeZone: string;
      revision: number;
      includeInBriefings: boolean;
      source: { kind: string; title: string } | null;
    }>;
  };

  return { open, close, db, count, meeting, create, created, patch, timeline };
}
