/**
 * Changes racing each other on one record: optimistic locking must let exactly one win,
 * and references must stay unique and gap-free under concurrent creation. Against a
 * PostgreSQL server (TEST_DATABASE_URL) the requests really overlap in the database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type IncidentFixtures, incidentFixtures } from '../../../test/incident-fixtures.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';

describe('concurrent changes', () => {
  let t: TestApp;
  let f: IncidentFixtures;
  let coordinator: Session;
  let admin: Session;
  before(async () => {
    t = await createTestApp();
    f = await incidentFixtures(t);
    coordinator = await t.login('coordinator');
    admin = await t.login('admin');
  });
  after(() => t.close());

  const statuses = (responses: Array<{ statusCode: number }>) => responses.map((r) => r.statusCode).sort();

  it('lets exactly one of two updates on the same version through', async () => {
    const incident = await f.createIncident();
    const responses = await Promise.all(['By the coordinator', 'By the admin'].map((title, i) =>
      t.request({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, as: i ? admin : coordinator, payload: { version: incident.version, title } })));
    assert.deepEqual(statuses(responses), [200, 409]);
    const winner = responses.find((r) => r.statusCode === 200)?.json();
    const loser = responses.find((r) => r.statusCode === 409)?.json();
    assert.equal(loser.error.code, 'incidents.version_conflict');
    const now = (await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}`, as: coordinator })).json();
    assert.equal(now.version, incident.version + 1);
    assert.equal(now.title, winner.title);
  });

  it('lets exactly one of two status changes on the same version through, recording one move', async () => {
    const incident = await f.createIncident();
    const responses = await Promise.all(['triage', 'investigating'].map((status) =>
      t.request({ method: 'POST', url: `/api/v1/incidents/${incident.id}/status`, as: coordinator, payload: { version: incident.version, status } })));
    assert.deepEqual(statuses(responses), [200, 409]);
    const moves = (await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/timeline?kind=system`, as: coordinator })).json()
      .items.filter((e: { event: string }) => e.event === 'incident.status_changed');
    assert.equal(moves.length, 1);
  });

  it('gives concurrent creations in one year distinct, consecutive references', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      t.request({ method: 'POST', url: '/api/v1/incidents', as: i % 2 ? admin : coordinator, payload: { title: `Race ${i}`, severity: 'low', tlp: 'GREEN' } })));
    assert.deepEqual(responses.map((r) => r.statusCode), Array(8).fill(201));
    const references = responses.map((r) => r.json().reference as string);
    const year = new Date().getUTCFullYear();
    for (const reference of references) assert.match(reference, new RegExp(`^INC-${year}-\\d{4}$`));
    const numbers = references.map((r) => Number(r.slice(-4))).sort((a, b) => a - b);
    assert.equal(new Set(numbers).size, 8);
    assert.equal((numbers.at(-1) ?? 0) - (numbers[0] ?? 0), 7, `not consecutive: ${numbers.join(', ')}`);
  });

  it('adds an organization once when two coordinators add it at the same time', async () => {
    const incident = await f.createIncident();
    const responses = await Promise.all([coordinator, admin].map((as) =>
      t.request({ method: 'POST', url: `/api/v1/incidents/${incident.id}/participants`, as, payload: { organizationId: t.world.orgA.id, role: 'affected_platform' } })));
    assert.deepEqual(statuses(responses), [201, 409]);
    const participants = (await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/participants`, as: coordinator })).json().items;
    assert.equal(participants.length, 1);
  });

  it('keeps one of two corrections on the same revision, and one revision of history', async () => {
    const incident = await f.createIncident();
    const entry = await f.addEntry(incident.id);
    const responses = await Promise.all(['First fix', 'Second fix'].map((text, i) =>
      t.request({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}/timeline/${entry.id}`, as: i ? admin : coordinator, payload: { revision: 1, reason: 'Fix', text } })));
    assert.deepEqual(statuses(responses), [200, 409]);
    const revisions = (await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/timeline/${entry.id}/revisions`, as: coordinator })).json().items;
    assert.equal(revisions.length, 1);
  });

  it('marks a pair as conflicting once when both orders are sent together', async () => {
    const incident = await f.createIncident();
    const a = await f.addEntry(incident.id);
    const b = await f.addEntry(incident.id, { occurredAt: '2019-05-14T00:00:00Z' });
    const responses = await Promise.all([[a.id, b.id], [b.id, a.id]].map(([entryA, entryB]) =>
      t.request({ method: 'POST', url: `/api/v1/incidents/${incident.id}/timeline/conflicts`, as: coordinator, payload: { entryA, entryB, note: 'Dates differ' } })));
    assert.deepEqual(statuses(responses), [201, 409]);
  });
});
