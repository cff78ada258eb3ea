import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../../../test/audit-rows.ts';
import { type IncidentFixtures, incidentFixtures } from '../../../test/incident-fixtures.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';

describe('participants', () => {
  let t: TestApp;
  let f: IncidentFixtures;
  let coordinator: Session;
  before(async () => {
    t = await createTestApp();
    f = await incidentFixtures(t);
    coordinator = await t.login('coordinator');
  });
  after(() => t.close());

  const url = (incidentId: string, participantId?: string) => `/api/v1/incidents/${incidentId}/participants${participantId ? `/${participantId}` : ''}`;

  it('adds an organization, tells it in a chronology entry shared with it alone, and audits the addition', async () => {
    const incident = await f.createIncident();
    const response = await t.request({
      method: 'POST', url: url(incident.id), as: coordinator,
      payload: { organizationId: t.world.orgA.id, role: 'affected_platform', note: 'Runs the messaging service', notifiedAt: '2019-05-13T10:00:00Z' },
    });
    assert.equal(response.statusCode, 201, response.body);
    const participant = response.json();
    assert.equal(participant.organization.id, t.world.orgA.id);
    assert.equal(participant.role, 'affected_platform');
    assert.equal(participant.notifiedAt, '2019-05-13T10:00:00.000Z');
    assert.equal(participant.firstOpenedAt, null);
    assert.equal(participant.version, 1);

    const timeline = (await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/timeline?kind=system`, as: coordinator })).json();
    const added = timeline.items.filter((e: { event: string }) => e.event === 'participant.added');
    assert.equal(added.length, 1);
    assert.deepEqual(added[0].sharedWith, [t.world.orgA.id]);
    assert.match(added[0].text, /Messaging Platform A added as affected platform/);

    const audit = await auditRows(t.testDb.database.db, { action: 'participant.added', targetId: participant.id });
    assert.equal(audit.length, 1);
    assert.ok(audit[0].target_ids.includes(incident.id));
    assert.ok(audit[0].target_ids.includes(t.world.orgA.id));
    assert.equal(audit[0].actor_user_id, t.world.users.coordinator.id);
  });

  it('refuses the same organization twice, the CERT itself, and a notification in the future', async () => {
    const incident = await f.createIncident();
    await f.addParticipant(incident.id, t.world.orgA.id);
    const again = await t.request({ method: 'POST', url: url(incident.id), as: coordinator, payload: { organizationId: t.world.orgA.id, role: 'reporter' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'participants.already_exists');
    const home = await t.request({ method: 'POST', url: url(incident.id), as: coordinator, payload: { organizationId: t.world.home.id, role: 'reporter' } });
    assert.equal(home.statusCode, 400);
    assert.equal(home.json().error.code, 'participants.home_organization');
    const future = await t.request({ method: 'POST', url: url(incident.id), as: coordinator, payload: { organizationId: t.world.orgB.id, role: 'reporter', notifiedAt: new Date(Date.now() + 3_600_000).toISOString() } });
    assert.equal(future.json().error.code, 'participants.time_in_future');
    const list = (await t.request({ method: 'GET', url: url(incident.id), as: coordinator })).json();
    assert.deepEqual(list.items.map((p: { role: string }) => p.role), ['affected_platform']);
    const added = (await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/timeline?kind=system`, as: coordinator })).json()
      .items.filter((e: { event: string }) => e.event === 'participant.added');
    assert.equal(added.length, 1, 'a refused addition leaves no chronology entry');
  });

  it('updates a participant on its current version and refuses a stale one', async () => {
    const incident = await f.createIncident();
    const { id } = await f.addParticipant(incident.id, t.world.orgB.id, { role: 'suspected_vendor' });
    const first = await t.request({ method: 'PATCH', url: url(incident.id, id), as: coordinator, payload: { version: 1, role: 'partner_authority', note: 'Cooperating' } });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().role, 'partner_authority');
    assert.equal(first.json().version, 2);
    const stale = await t.request({ method: 'PATCH', url: url(incident.id, id), as: coordinator, payload: { version: 1, note: 'Lost edit' } });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'participants.version_conflict');
    const list = (await t.request({ method: 'GET', url: url(incident.id), as: coordinator })).json();
    assert.equal(list.items[0].note, 'Cooperating');
    assert.equal((await auditRows(t.testDb.database.db, { action: 'participant.updated', targetId: id })).length, 1);
  });

  it('removes a participant, after which its users get 404 for the incident at once', async () => {
    const incident = await f.createIncident();
    const { id } = await f.addParticipant(incident.id, t.world.orgA.id);
    const member = await t.login('org_member');
    const paths = [`/api/v1/incidents/${incident.id}`, url(incident.id), `/api/v1/incidents/${incident.id}/timeline`, `/api/v1/incidents/${incident.id}/timeline/export?format=csv`];
    for (const path of paths) assert.equal((await t.request({ method: 'GET', url: path, as: member })).statusCode, 200, path);

    const removed = await t.request({ method: 'DELETE', url: url(incident.id, id), as: coordinator });
    assert.equal(removed.statusCode, 204);
    for (const path of paths) assert.equal((await t.request({ method: 'GET', url: path, as: member })).statusCode, 404, path);
    const list = (await t.request({ method: 'GET', url: '/api/v1/incidents', as: member })).json();
    assert.ok(!list.items.some((i: { id: string }) => i.id === incident.id));
    assert.equal((await auditRows(t.testDb.database.db, { action: 'participant.removed', targetId: id })).length, 1);
    const again = await t.request({ method: 'DELETE', url: url(incident.id, id), as: coordinator });
    assert.equal(again.statusCode, 404);
  });

  it('lists every participant for staff, and only its own for an outside organization', async () => {
    const incident = await f.createIncident();
    const a = await f.addParticipant(incident.id, t.world.orgA.id);
    const b = await f.addParticipant(incident.id, t.world.orgB.id, { role: 'suspected_vendor' });
    const staff = (await t.request({ method: 'GET', url: url(incident.id), as: coordinator })).json();
    assert.deepEqual(staff.items.map((p: { id: string }) => p.id), [a.id, b.id]);
    const asA = await t.request({ method: 'GET', url: url(incident.id), as: await t.login('org_admin') });
    assert.equal(asA.statusCode, 200);
    assert.deepEqual(asA.json().items.map((p: { id: string }) => p.id), [a.id]);
    assert.ok(!asA.body.includes(t.world.orgB.id) && !asA.body.includes('Vendor B'));
    const asB = (await t.request({ method: 'GET', url: url(incident.id), as: await t.login('org_member_b') })).json();
    assert.deepEqual(asB.items.map((p: { id: string }) => p.id), [b.id]);
  });

  it('records the first opening by the organization once, with an audit row, and never again', async () => {
    const incident = await f.createIncident();
    const { id } = await f.addParticipant(incident.id, t.world.orgA.id);
    const member = await t.login('org_member');
    const staffView = await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}`, as: coordinator });
    assert.equal(staffView.statusCode, 200);
    const listing = await t.request({ method: 'GET', url: url(incident.id), as: member });
    assert.equal(listing.json().items[0].firstOpenedAt, null, 'neither staff reading nor listing counts as opening');

    assert.equal((await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}`, as: member })).statusCode, 200);
    const opened = (await t.request({ method: 'GET', url: url(incident.id), as: coordinator })).json().items[0];
    assert.ok(opened.firstOpenedAt);
    assert.deepEqual(opened.firstOpenedBy, { id: t.world.users.org_member.id, name: 'Test org member' });

    await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}`, as: await t.login('org_admin') });
    await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}`, as: member });
    const later = (await t.request({ method: 'GET', url: url(incident.id), as: coordinator })).json().items[0];
    assert.equal(later.firstOpenedAt, opened.firstOpenedAt);
    assert.equal(later.firstOpenedBy.id, t.world.users.org_member.id);
    const audit = await auditRows(t.testDb.database.db, { action: 'incident.opened_by_participant', targetId: id });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor_user_id, t.world.users.org_member.id);
  });

  it('lets no reader, and no outside organization, manage participants', async () => {
    const incident = await f.createIncident();
    const { id } = await f.addParticipant(incident.id, t.world.orgA.id);
    await t.testDb.database.db.insertInto('incident_members').values({ incident_id: incident.id, user_id: t.world.users.viewer.id, access: 'read', added_by: null, added_at: new Date() }).execute();
    for (const key of ['viewer', 'org_admin'] as const) {
      const as = await t.login(key);
      const add = await t.request({ method: 'POST', url: url(incident.id), as, payload: { organizationId: t.world.orgB.id, role: 'reporter' } });
      const remove = await t.request({ method: 'DELETE', url: url(incident.id, id), as });
      assert.equal(add.statusCode, 403, `${key} add`);
      assert.equal(remove.statusCode, 403, `${key} remove`);
    }
    const analyst = await t.request({ method: 'POST', url: url(incident.id), as: await t.login('analyst'), payload: { organizationId: t.world.orgB.id, role: 'reporter' } });
    assert.equal(analyst.statusCode, 404, 'an analyst outside the incident cannot learn it exists');
    assert.equal((await t.request({ method: 'GET', url: url(incident.id), as: coordinator })).json().items.length, 1);
  });
});
