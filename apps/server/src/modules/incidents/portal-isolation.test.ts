/**
 * What a user of an outside organization can learn about incidents: only those its
 * organization takes part in, in the reduced view, and only the chronology entries
 * shared with it. Every other record must look exactly like one that does not exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../../../test/audit-rows.ts';
import { type EntryRef, type IncidentFixtures, type IncidentRef, entryPayload, incidentFixtures } from '../../../test/incident-fixtures.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('portal isolation', () => {
  let t: TestApp;
  let f: IncidentFixtures;
  let coordinator: Session;
  let orgA: Session[];
  /** Only organization B takes part. */
  let hidden: IncidentRef & { entry: EntryRef; participantId: string };
  /** A and B take part; entries for A, for B, and internal ones. */
  let shared: IncidentRef & { forA: EntryRef; forB: EntryRef; internal: EntryRef; participantA: string; participantB: string };
  let red: IncidentRef & { participantA: string };

  before(async () => {
    t = await createTestApp();
    f = await incidentFixtures(t);
    coordinator = await t.login('coordinator');
    orgA = [await t.login('org_admin'), await t.login('org_member')];

    const h = await f.createIncident({ title: 'Quokka campaign against diplomats', summary: 'Victims named here: quokka operation.' });
    const hb = await f.addParticipant(h.id, t.world.orgB.id, { role: 'suspected_vendor' });
    hidden = { ...h, participantId: hb.id, entry: await f.addEntry(h.id, { text: 'Zanzibar server seized', sharedWith: [t.world.orgB.id] }) };

    const s = await f.createIncident({ title: 'Shared exploit chain', summary: 'A messaging exploit.', tags: ['secret-tag'] });
    const sa = await f.addParticipant(s.id, t.world.orgA.id);
    const sb = await f.addParticipant(s.id, t.world.orgB.id, { role: 'suspected_vendor' });
    await t.request({ method: 'POST', url: `/api/v1/incidents/${s.id}/affected-counts`, as: coordinator, payload: { country: 'IN', count: 121, asOf: '2019-11-18', source: 'Platform' } });
    shared = {
      ...s, participantA: sa.id, participantB: sb.id,
      forA: await f.addEntry(s.id, { text: 'Alpha notified of the exploit', sharedWith: [t.world.orgA.id], occurredAt: '2019-05-10T00:00:00Z' }),
      forB: await f.addEntry(s.id, { text: 'Xylophone implant attributed to the vendor', sharedWith: [t.world.orgB.id], occurredAt: '2019-05-11T00:00:00Z' }),
      internal: await f.addEntry(s.id, { text: 'Marmalade source inside the vendor', occurredAt: '2019-05-12T00:00:00Z' }),
    };
    await t.request({ method: 'POST', url: `/api/v1/incidents/${s.id}/timeline/conflicts`, as: coordinator, payload: { entryA: shared.forA.id, entryB: shared.internal.id, note: 'Dates differ' } });

    const r = await f.createIncident({ title: 'Red victim list', tlp: 'RED', summary: 'Crimson names.' });
    red = { ...r, participantA: (await f.addParticipant(r.id, t.world.orgA.id)).id };
  });
  after(() => t.close());

  const get = (url: string, as: Session) => t.request({ method: 'GET', url: `/api/v1${url}`, as });
  const ids = async (url: string, as: Session) => {
    const response = await get(url, as);
    assert.equal(response.statusCode, 200, response.body);
    return (response.json().items as Array<{ id: string }>).map((i) => i.id);
  };

  /** Every readable route of an incident, as a user of A would call it. */
  const readRoutes = (incidentId: string, entryId: string) => [
    `/incidents/${incidentId}`,
    `/incidents/${incidentId}/participants`,
    `/incidents/${incidentId}/members`,
    `/incidents/${incidentId}/timeline`,
    `/incidents/${incidentId}/timeline?kind=system`,
    `/incidents/${incidentId}/timeline/${entryId}/revisions`,
    `/incidents/${incidentId}/timeline/export?format=csv`,
    `/incidents/${incidentId}/timeline/export?format=markdown`,
  ];

  it('answers 404 for every read of an incident A does not take part in, exactly as for one that does not exist', async () => {
    for (const as of orgA) {
      for (const url of readRoutes(hidden.id, hidden.entry.id)) {
        const response = await get(url, as);
        assert.equal(response.statusCode, 404, `${url} → ${response.body}`);
        const missing = await get(url.replace(hidden.id, MISSING).replace(hidden.entry.id, MISSING), as);
        assert.equal(response.json().error.code, missing.json().error.code, url);
        assert.equal(response.json().error.message, missing.json().error.message, url);
      }
    }
    assert.equal((await auditRows(t.testDb.database.db, { action: 'timeline.exported', targetId: hidden.id })).length, 0);
    const participants = (await get(`/incidents/${hidden.id}/participants`, coordinator)).json().items;
    assert.equal(participants[0].firstOpenedAt, null, 'a refused read is no opening');
  });

  it('refuses every write on such an incident without revealing it', async () => {
    const writes: Array<[string, string, Record<string, unknown> | undefined]> = [
      ['PATCH', `/incidents/${hidden.id}`, { version: 1, title: 'Taken over' }],
      ['POST', `/incidents/${hidden.id}/status`, { version: 1, status: 'triage' }],
      ['POST', `/incidents/${hidden.id}/affected-counts`, { country: 'IN', count: 1, asOf: '2019-11-18', source: 'x' }],
      ['POST', `/incidents/${hidden.id}/links`, { otherIncidentId: shared.id }],
      ['POST', `/incidents/${hidden.id}/participants`, { organizationId: t.world.orgA.id, role: 'victim' }],
      ['PATCH', `/incidents/${hidden.id}/participants/${hidden.participantId}`, { version: 1, note: 'x' }],
      ['DELETE', `/incidents/${hidden.id}/participants/${hidden.participantId}`, undefined],
      ['PUT', `/incidents/${hidden.id}/members/${t.world.users.org_member.id}`, { access: 'read' }],
      ['DELETE', `/incidents/${hidden.id}/members/${t.world.users.coordinator.id}`, undefined],
      ['POST', `/incidents/${hidden.id}/timeline`, entryPayload()],
      ['PATCH', `/incidents/${hidden.id}/timeline/${hidden.entry.id}`, { revision: 1, reason: 'x', text: 'y' }],
      ['POST', `/incidents/${hidden.id}/timeline/conflicts`, { entryA: hidden.entry.id, entryB: shared.forA.id, note: 'x' }],
    ];
    for (const as of orgA) {
      for (const [method, url, payload] of writes) {
        const response = await t.request({ method: method as 'POST', url: `/api/v1${url}`, as, ...(payload ? { payload } : {}) });
        assert.ok([403, 404].includes(response.statusCode), `${method} ${url} → ${response.statusCode}`);
        assert.ok(!response.body.includes('Quokka') && !response.body.includes(hidden.reference), `${method} ${url}`);
      }
    }
    const after = (await get(`/incidents/${hidden.id}`, coordinator)).json();
    assert.equal(after.title, 'Quokka campaign against diplomats');
    assert.equal(after.version, 1);
    assert.deepEqual((await get(`/incidents/${hidden.id}/participants`, coordinator)).json().items.map((p: { id: string }) => p.id), [hidden.participantId]);
  });

  it('never lists or finds an incident A does not take part in', async () => {
    for (const as of orgA) {
      const listed = await ids('/incidents?limit=100', as);
      assert.deepEqual(listed, [shared.id]);
      for (const q of ['quokka', 'zanzibar', 'diplomats', hidden.reference, 'crimson']) {
        assert.deepEqual(await ids(`/incidents?q=${encodeURIComponent(q)}`, as), [], q);
      }
    }
    assert.deepEqual(await ids('/incidents?q=zanzibar', await t.login('org_member_b')), [hidden.id]);
    assert.deepEqual(await ids('/incidents?q=quokka', coordinator), [hidden.id]);
  });

  it('shows A only the chronology entries shared with it, in lists, counts and exports', async () => {
    const [admin] = orgA as [Session];
    const page = (await get(`/incidents/${shared.id}/timeline`, admin)).json();
    const texts = page.items.map((e: { text: string }) => e.text);
    assert.deepEqual(texts, ['Alpha notified of the exploit', 'Messaging Platform A added as affected platform']);
    assert.equal(page.total, 2);
    for (const entry of page.items) {
      assert.deepEqual(entry.sharedWith, [t.world.orgA.id]);
      assert.deepEqual(entry.conflicts, [], 'conflicts are internal');
      assert.equal(entry.createdBy, null);
      assert.equal(entry.abilities.correct, false);
    }
    const body = JSON.stringify(page);
    for (const secret of ['Xylophone', 'Marmalade', 'Vendor B', t.world.orgB.id, shared.internal.id, shared.forB.id]) assert.ok(!body.includes(secret), secret);
    const paged = (await get(`/incidents/${shared.id}/timeline?limit=1`, admin)).json();
    assert.equal(paged.total, 2);
    const rest = (await get(`/incidents/${shared.id}/timeline?limit=1&cursor=${paged.nextCursor}`, admin)).json();
    assert.equal(rest.nextCursor, null);
    assert.equal((await get(`/incidents/${shared.id}/timeline?kind=system`, admin)).json().total, 1);

    const conflictsOnly = (await get(`/incidents/${shared.id}/timeline?conflictsOnly=true`, admin)).json();
    assert.deepEqual([conflictsOnly.items.length, conflictsOnly.total], [0, 0], 'filtering on conflicts must not reveal them');

    for (const format of ['csv', 'markdown']) {
      const exported = (await get(`/incidents/${shared.id}/timeline/export?format=${format}`, admin)).body;
      assert.ok(exported.includes('Alpha notified'));
      for (const secret of ['Xylophone', 'Marmalade', 'Vendor B added', shared.internal.id, 'Test coordinator']) assert.ok(!exported.includes(secret), `${format}: ${secret}`);
    }
    for (const entry of [shared.forA, shared.forB, shared.internal]) {
      assert.equal((await get(`/incidents/${shared.id}/timeline/${entry.id}/revisions`, admin)).statusCode, 404, 'revisions are internal');
    }
  });

  it('does not find an incident A takes part in by text only in entries not shared with it', async () => {
    for (const as of orgA) {
      assert.deepEqual(await ids('/incidents?q=xylophone', as), [], 'shared with B only');
      assert.deepEqual(await ids('/incidents?q=marmalade', as), [], 'internal');
      assert.deepEqual(await ids('/incidents?q=alpha%20notified', as), [shared.id]);
    }
    assert.deepEqual(await ids('/incidents?q=xylophone', await t.login('org_admin_b')), [shared.id]);
    assert.deepEqual(await ids('/incidents?q=marmalade', await t.login('org_admin_b')), []);
    assert.deepEqual(await ids('/incidents?q=marmalade', coordinator), [shared.id]);
  });

  it('keeps a TLP:RED incident from A until it may see RED material', async () => {
    const [admin] = orgA as [Session];
    for (const url of readRoutes(red.id, MISSING)) assert.equal((await get(url, admin)).statusCode, 404, url);
    assert.ok(!(await ids('/incidents', admin)).includes(red.id));
    assert.deepEqual(await ids('/incidents?q=crimson', admin), []);
    await t.testDb.database.db.updateTable('participants').set({ sees_red: true }).where('id', '=', red.participantA).execute();
    assert.equal((await get(`/incidents/${red.id}`, admin)).statusCode, 200);
    assert.ok((await ids('/incidents', admin)).includes(red.id));
    assert.deepEqual(await ids('/incidents?q=crimson', admin), [red.id]);
    await t.testDb.database.db.updateTable('participants').set({ sees_red: false }).where('id', '=', red.participantA).execute();
    assert.equal((await get(`/incidents/${red.id}`, admin)).statusCode, 404);
  });

  it('never shows A the participation of B, nor the hidden facts of an incident', async () => {
    const [admin, member] = orgA as [Session, Session];
    const incident = (await get(`/incidents/${shared.id}`, member)).json();
    assert.deepEqual(incident.participation, { role: 'affected_platform', notifiedAt: null });
    assert.equal(incident.owner, null);
    assert.deepEqual([incident.tags, incident.affectedCounts, incident.affectedCountHistory, incident.links], [[], [], [], []]);
    assert.equal(incident.abilities.update, false);
    assert.equal((await get(`/incidents/${shared.id}/members`, admin)).statusCode, 404, 'staff working on it are internal');
    const participants = (await get(`/incidents/${shared.id}/participants`, admin)).json().items;
    assert.deepEqual(participants.map((p: { id: string }) => p.id), [shared.participantA]);
    for (const body of [JSON.stringify(incident), JSON.stringify(participants)]) {
      assert.ok(!body.includes(t.world.orgB.id) && !body.includes('Vendor B') && !body.includes(t.world.users.coordinator.id));
    }
    const listed = (await get('/incidents', admin)).json().items[0];
    assert.deepEqual([listed.owner, listed.tags, listed.totalAffected], [null, [], null]);
  });

  it('does not show A the reason for a status change, which its chronology withholds too', async () => {
    const [admin] = orgA as [Session];
    const { version } = (await get(`/incidents/${shared.id}`, coordinator)).json();
    const reason = 'Vendor source inside the lab burned';
    const moved = await t.request({ method: 'POST', url: `/api/v1/incidents/${shared.id}/status`, as: coordinator, payload: { version, status: 'resolved', reason } });
    assert.equal(moved.json().statusReason, reason);
    const incident = (await get(`/incidents/${shared.id}`, admin)).json();
    assert.equal(incident.status, 'resolved');
    assert.equal(incident.statusReason, null);
    const timeline = (await get(`/incidents/${shared.id}/timeline`, admin)).body;
    assert.ok(!timeline.includes(reason));
    assert.deepEqual(await ids('/incidents?q=burned', admin), []);
  });

  it('does not let A filter the list on what it cannot see', async () => {
    const [admin] = orgA as [Session];
    const staffSees = async (query: string) => assert.ok((await ids(`/incidents?${query}`, coordinator)).includes(shared.id), query);
    const oracles = [`organizationId=${t.world.orgB.id}`, 'tag=secret-tag', 'country=IN', `ownerId=${t.world.users.coordinator.id}`];
    for (const query of oracles) {
      await staffSees(query);
      assert.deepEqual(await ids(`/incidents?${query}`, admin), [], query);
    }
    assert.deepEqual(await ids(`/incidents?organizationId=${t.world.orgA.id}`, admin), [shared.id]);
    assert.deepEqual(await ids(`/incidents?organizationId=${t.world.orgA.id}`, await t.login('org_admin_b')), [], 'B cannot learn where A takes part');
  });

  it('closes everything at once when A is removed', async () => {
    const [admin] = orgA as [Session];
    const removed = await t.request({ method: 'DELETE', url: `/api/v1/incidents/${shared.id}/participants/${shared.participantA}`, as: coordinator });
    assert.equal(removed.statusCode, 204);
    for (const url of readRoutes(shared.id, shared.forA.id)) assert.equal((await get(url, admin)).statusCode, 404, url);
    assert.deepEqual(await ids('/incidents?q=alpha', admin), []);
    assert.deepEqual(await ids('/incidents', admin), []);
  });
});
