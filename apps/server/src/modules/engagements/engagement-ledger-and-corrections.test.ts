import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../../../test/audit-rows.ts';
import type { IncidentFixtures } from '../../../test/incident-fixtures.ts';
import type { Session, TestApp } from '../../../test/test-app.ts';
import { UNKNOWN, engagementKit } from './engagements-test-kit.ts';

describe('engagements: the disclosure ledger, corrections and scope', () => {
  const kit = engagementKit();
  let t: TestApp;
  let f: IncidentFixtures;
  let coordinator: Session;
  before(async () => {
    ({ t, f, coordinator } = await kit.open());
  });
  after(() => kit.close());
  const { db, create, created, patch, timeline } = kit;

  it('answers "what did the platform disclose about the vulnerability, meeting by meeting" from the ledger', async () => {
    const incident = await f.createIncident();
    const july = await created(incident.id);
    const september = await created(incident.id, {
      title: 'Second meeting',
      occurredAt: '2019-09-10T18:30:00Z',
      disclosures: [
        {
          topic: 'vulnerability (CVE-2019-3568)',
          organizationId: t.world.orgA.id,
          state: 'withheld',
          detail: 'Asked about the attack vector; spoke only of a "sophisticated attacker".',
        },
        { topic: 'Affected users in India', organizationId: t.world.orgA.id, state: 'disclosed', detail: '121 users.' },
      ],
    });
    const november = await created(incident.id, {
      kind: 'letter_received',
      title: "The platform's response",
      occurredAt: '2019-11-18T06:00:00Z',
      precision: 'minute',
      timeZone: 'UTC',
      attendees: [{ organizationId: t.world.orgA.id, name: 'Director, law enforcement response' }],
      disclosures: [
        {
          topic: 'Vulnerability CVE 2019 3568',
          organizationId: t.world.orgA.id,
          state: 'disclosed',
          detail: 'The flaw in the voice-call stack is named.',
        },
      ],
    });
    const ledger = async (query: string) => {
      const response = await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/disclosures${query}`, as: coordinator });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().topics as Array<{
        key: string;
        label: string;
        organizations: Array<{
          organization: { name: string };
          latestState: string;
          entries: Array<{ state: string; engagement: { id: string; occurredAt: string } }>;
        }>;
      }>;
    };
    const vulnerability = await ledger('?topic=vulnerability');
    assert.equal(vulnerability.length, 1);
    assert.equal(vulnerability[0].key, 'vulnerability cve 2019 3568');
    assert.equal(vulnerability[0].label, 'Vulnerability CVE 2019 3568');
    const thread = vulnerability[0].organizations[0];
    assert.equal(thread.organization.name, 'Messaging Platform A');
    assert.equal(thread.latestState, 'disclosed');
    assert.deepEqual(
      thread.entries.map((e) => [e.engagement.id, e.state]),
      [
        [july.id, 'not_asked'],
        [september.id, 'withheld'],
        [november.id, 'disclosed'],
      ],
    );

    // "In the meetings of 26 July and 11 September no mention was made of the vulnerability."
    const silent = [
      ...(await ledger('?topic=vulnerability&state=not_asked'))[0].organizations[0].entries,
      ...(await ledger('?topic=vulnerability&state=withheld'))[0].organizations[0].entries,
    ];
    assert.deepEqual(
      silent.map((e) => e.engagement.id),
      [july.id, september.id],
    );
    const onlyWithheld = await ledger('?topic=vulnerability&state=withheld');
    assert.equal(onlyWithheld[0].organizations[0].latestState, 'disclosed', "the thread's latest state is not changed by the filter");

    assert.deepEqual(
      (await ledger('')).map((t) => t.key),
      ['affected users in india', 'vulnerability cve 2019 3568'],
    );
    assert.deepEqual(
      await ledger('?topic=VULNERABILITY%20cve-2019'),
      vulnerability.map((t) => ({ ...t })),
    );
    assert.deepEqual(await ledger('?topic=vulner'), [], 'a topic matches by whole words');
    assert.deepEqual(await ledger(`?organizationId=${t.world.orgB.id}`), []);
    const bad = await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/disclosures?topic=%21%21`, as: coordinator });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.code, 'engagements.invalid_topic');
  });

  it('corrects an engagement with its version, replacing the lists given and keeping ids asked for', async () => {
    const incident = await f.createIncident();
    const e = await created(incident.id);
    const platformPerson = e.attendees[1];
    const response = await patch(e.id, {
      version: 1,
      minutes: 'Revised minutes.',
      attendees: [{ id: platformPerson.id, organizationId: t.world.orgA.id, name: 'A. Person', role: 'chief executive' }],
      actions: [
        {
          id: e.actions[0].id,
          text: e.actions[0].text,
          ownerOrganizationId: t.world.orgA.id,
          dueOn: '2019-08-09',
          doneAt: '2019-08-08T10:00:00Z',
        },
      ],
    });
    assert.equal(response.statusCode, 200, response.body);
    const updated = response.json();
    assert.equal(updated.version, 2);
    assert.equal(updated.minutes, 'Revised minutes.');
    assert.equal(updated.agenda, e.agenda, 'fields left out stay as they were');
    assert.deepEqual(
      updated.attendees.map((a: { id: string; role: string }) => [a.id, a.role]),
      [[platformPerson.id, 'chief executive']],
    );
    assert.equal(updated.actions[0].id, e.actions[0].id);
    assert.equal(updated.actions[0].doneAt, '2019-08-08T10:00:00.000Z');
    assert.equal(updated.disclosures.length, 1, 'the ledger, left out, is kept');
    assert.equal(updated.disclosures[0].id, e.disclosures[0].id);

    const stale = await patch(e.id, { version: 1, title: 'Lost update' });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal(stale.json().error.code, 'engagements.version_conflict');

    // Removing the platform's attendee while the ledger still names it is refused.
    const orphan = await patch(e.id, { version: 2, attendees: [] });
    assert.equal(orphan.statusCode, 400, orphan.body);
    assert.equal(orphan.json().error.code, 'engagements.organization_not_attending');

    const cleared = await patch(e.id, { version: 2, attendees: [], disclosures: [], actions: [] });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.deepEqual([cleared.json().attendees, cleared.json().actions, cleared.json().disclosures], [[], [], []]);
    assert.equal((await auditRows(db(), { action: 'engagement.updated', targetId: e.id })).length, 2);
  });

  it('corrects the chronology entry when the date or title is corrected, keeping the earlier one as history', async () => {
    const incident = await f.createIncident();
    const e = await created(incident.id);
    const response = await patch(e.id, {
      version: 1,
      occurredAt: '2019-07-26T05:30:00Z',
      precision: 'minute',
      title: 'First meeting with the platform',
      reason: 'Date and time from the visitor log',
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().chronologyEntry.id, e.chronologyEntry.id);
    assert.equal(response.json().chronologyEntry.revision, 2);
    const entry = (await timeline(incident.id)).find((i) => i.id === e.chronologyEntry.id);
    assert.ok(entry);
    assert.equal(entry.occurredAt, '2019-07-26T05:30:00.000Z');
    assert.equal(entry.precision, 'minute');
    assert.equal(entry.text, 'Meeting with Messaging Platform A: First meeting with the platform');
    assert.equal(entry.revision, 2);
    const history = await t.request({
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}/timeline/${entry.id}/revisions`,
      as: coordinator,
    });
    assert.equal(history.statusCode, 200, history.body);
    const [earlier] = history.json().items;
    assert.equal(earlier.text, 'Meeting with Messaging Platform A: Review of the exploit with the platform');
    assert.equal(earlier.occurredAt, '2019-07-25T18:30:00.000Z');
    assert.equal(earlier.precision, 'day');
    assert.equal(earlier.reason, 'Date and time from the visitor log');
    assert.equal(earlier.replacedBy, 'Test coordinator');

    // A change that the chronology does not show (the minutes) leaves its entry as it is.
    const minutesOnly = await patch(e.id, { version: 2, minutes: 'More detail.' });
    assert.equal(minutesOnly.statusCode, 200, minutesOnly.body);
    assert.equal(minutesOnly.json().chronologyEntry.revision, 2);
    // The system's entry is corrected only through its engagement.
    const direct = await t.request({
      method: 'PATCH',
      url: `/api/v1/incidents/${incident.id}/timeline/${entry.id}`,
      as: coordinator,
      payload: { revision: 2, reason: 'x', text: 'Edited' },
    });
    assert.equal(direct.statusCode, 409, direct.body);
  });

  it("keeps engagements within the incident's scope: 404 outside it, 403 to read-only members and outside organizations", async () => {
    const incident = await f.createIncident();
    const e = await created(incident.id);
    const auditor = await t.login('auditor');
    const analyst = await t.login('analyst');
    const viewer = await t.login('viewer');
    const orgMember = await t.login('org_member');
    await f.addParticipant(incident.id, t.world.orgA.id);

    // Not a member: the incident and its engagements do not exist for them.
    for (const [as, method, url] of [
      [analyst, 'GET', `/api/v1/incidents/${incident.id}/engagements`],
      [analyst, 'GET', `/api/v1/incidents/${incident.id}/disclosures`],
      [analyst, 'GET', `/api/v1/engagements/${e.id}`],
      [auditor, 'GET', `/api/v1/engagements/${e.id}`],
    ] as const) {
      const response = await t.request({ method, url, as });
      assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
    }
    const outsideCreate = await create(incident.id, {}, analyst);
    assert.equal(outsideCreate.statusCode, 404, outsideCreate.body);
    assert.equal(outsideCreate.json().error.code, 'incidents.not_found');
    const outsideUpdate = await patch(e.id, { version: 1, title: 'Probe' }, analyst);
    assert.equal(outsideUpdate.statusCode, 404, outsideUpdate.body);
    assert.equal(outsideUpdate.json().error.code, 'engagements.not_found');
    const unknown = await t.request({ method: 'GET', url: `/api/v1/engagements/${UNKNOWN}`, as: coordinator });
    assert.equal(unknown.statusCode, 404);

    // A reading member reads; an analyst with read access may not change it.
    await db()
      .insertInto('incident_members')
      .values([
        { incident_id: incident.id, user_id: t.world.users.viewer.id, access: 'read', added_by: null, added_at: new Date() },
        { incident_id: incident.id, user_id: t.world.users.analyst.id, access: 'read', added_by: null, added_at: new Date() },
      ])
      .execute();
    const read = await t.request({ method: 'GET', url: `/api/v1/engagements/${e.id}`, as: viewer });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json().abilities, { update: false });
    const analystRead = await t.request({ method: 'GET', url: `/api/v1/engagements/${e.id}`, as: analyst });
    assert.deepEqual(analystRead.json().abilities, { update: false });
    const analystList = await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/engagements`, as: analyst });
    assert.deepEqual(analystList.json().abilities, { create: false });
    const readOnly = await patch(e.id, { version: 1, title: 'Not mine to change' }, analyst);
    assert.equal(readOnly.statusCode, 403, readOnly.body);
    assert.equal(readOnly.json().error.code, 'incidents.forbidden');
    const viewerWrite = await patch(e.id, { version: 1, title: 'Viewer' }, viewer);
    assert.equal(viewerWrite.statusCode, 403);

    // The platform takes part in the incident, yet never sees the CERT's record of its meetings.
    for (const url of [
      `/api/v1/incidents/${incident.id}/engagements`,
      `/api/v1/engagements/${e.id}`,
      `/api/v1/incidents/${incident.id}/disclosures`,
    ]) {
      const response = await t.request({ method: 'GET', url, as: orgMember });
      assert.equal(response.statusCode, 403, `${url}: ${response.body}`);
      assert.equal(response.json().error.code, 'access.forbidden');
    }
    const portalTimeline = await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/timeline`, as: orgMember });
    assert.equal(portalTimeline.statusCode, 200, portalTimeline.body);
    assert.ok(
      !portalTimeline.json().items.some((i: { event: string | null }) => i.event === 'engagement.recorded'),
      'the chronology entry is not shared with the platform',
    );
  });
});
