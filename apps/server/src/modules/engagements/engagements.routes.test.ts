import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../../../test/audit-rows.ts';
import type { IncidentFixtures } from '../../../test/incident-fixtures.ts';
import type { Session, TestApp } from '../../../test/test-app.ts';
import { UNKNOWN, engagementKit } from './engagements-test-kit.ts';

describe('engagements', () => {
  const kit = engagementKit();
  let t: TestApp;
  let f: IncidentFixtures;
  let coordinator: Session;
  before(async () => {
    ({ t, f, coordinator } = await kit.open());
  });
  after(() => kit.close());
  const { db, count, create, created, timeline } = kit;

  it('records a meeting with attendees by organization and role, actions and a ledger row, and audits it', async () => {
    const incident = await f.createIncident();
    const e = await created(incident.id);
    assert.equal(e.kind, 'meeting');
    assert.equal(e.occurredAt, '2019-07-25T18:30:00.000Z');
    assert.equal(e.precision, 'day');
    assert.equal(e.timeZone, 'Asia/Kolkata');
    assert.equal(e.location, 'CERT offices, New Delhi');
    assert.equal(e.version, 1);
    assert.deepEqual(
      e.attendees.map((a: { name: string; role: string; organization: { name: string }; user: { name: string } | null }) => [
        a.organization.name,
        a.name,
        a.role,
        a.user?.name ?? null,
      ]),
      [
        ['Test CERT', 'Test coordinator', 'incident coordinator', 'Test coordinator'],
        ['Messaging Platform A', 'A. Person', 'vice-president for policy', null],
      ],
    );
    assert.deepEqual(
      e.actions.map((x: { text: string; ownerOrganization: { name: string }; dueOn: string; doneAt: null }) => [
        x.text,
        x.ownerOrganization.name,
        x.dueOn,
        x.doneAt,
      ]),
      [['Send the list of affected users', 'Messaging Platform A', '2019-08-09', null]],
    );
    assert.equal(e.disclosures.length, 1);
    assert.equal(e.disclosures[0].topicKey, 'vulnerability cve 2019 3568');
    assert.equal(e.disclosures[0].state, 'not_asked');
    assert.equal(e.disclosures[0].organization.name, 'Messaging Platform A');
    assert.deepEqual(e.abilities, { update: true });
    assert.equal(e.createdBy.name, 'Test coordinator');

    const audit = await auditRows(db(), { action: 'engagement.created', targetId: e.id });
    assert.equal(audit.length, 1);
    assert.deepEqual((audit[0].after as { disclosures: unknown }).disclosures, [
      { topic: 'Vulnerability CVE-2019-3568', organizationId: t.world.orgA.id, state: 'not_asked' },
    ]);

    const fetched = await t.request({ method: 'GET', url: `/api/v1/engagements/${e.id}`, as: await t.login('viewer', { fresh: false }) });
    // The viewer is not a member of this incident: it does not exist for them.
    assert.equal(fetched.statusCode, 404, fetched.body);
    assert.equal(fetched.json().error.code, 'engagements.not_found');
  });

  it('places the engagement in the chronology at its own date, precision and zone', async () => {
    const incident = await f.createIncident();
    await f.addEntry(incident.id, { occurredAt: '2019-07-01T00:00:00Z', text: 'Before the meeting' });
    await f.addEntry(incident.id, { occurredAt: '2019-08-15T00:00:00Z', text: 'After the meeting' });
    const e = await created(incident.id);
    assert.ok(e.chronologyEntry?.id);
    const items = await timeline(incident.id);
    const texts = items.filter((i) => i.event !== 'incident.created').map((i) => i.text);
    assert.deepEqual(texts, [
      'Before the meeting',
      'Meeting with Messaging Platform A: Review of the exploit with the platform',
      'After the meeting',
    ]);
    const entry = items.find((i) => i.id === e.chronologyEntry.id);
    assert.ok(entry);
    assert.equal(entry.kind, 'system');
    assert.equal(entry.event, 'engagement.recorded');
    assert.equal(entry.occurredAt, '2019-07-25T18:30:00.000Z');
    assert.equal(entry.precision, 'day');
    assert.equal(entry.timeZone, 'Asia/Kolkata');
    assert.equal(entry.includeInBriefings, true);
    assert.deepEqual(entry.source && { kind: entry.source.kind, title: entry.source.title }, {
      kind: 'meeting',
      title: 'Review of the exploit with the platform',
    });
  });

  it('refuses bad input with a stable code and writes nothing', async () => {
    const incident = await f.createIncident();
    const other = await f.createIncident();
    const otherEntry = await f.addEntry(other.id);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const before = await Promise.all([count('engagements'), count('timeline_entries'), count('disclosure_ledger'), count('audit_events')]);
    const bad: Array<[Record<string, unknown>, number, string]> = [
      [{ occurredAt: inAnHour }, 400, 'engagements.time_in_future'],
      [{ timeZone: 'Mars/Olympus' }, 400, 'engagements.invalid_time_zone'],
      [{ timeZone: 'Asia/Kolkata; drop table' }, 400, 'request.invalid'],
      [{ kind: 'fax' }, 400, 'request.invalid'],
      [{ attendees: [{ organizationId: UNKNOWN, name: 'Nobody' }] }, 404, 'organizations.not_found'],
      [{ actions: [{ text: 'Follow up', ownerOrganizationId: UNKNOWN }] }, 404, 'organizations.not_found'],
      [{ attendees: [{ organizationId: t.world.orgA.id, userId: UNKNOWN }] }, 404, 'users.not_found'],
      [
        { attendees: [{ organizationId: t.world.orgA.id, userId: t.world.users.org_member_b.id }] },
        400,
        'engagements.user_not_in_organization',
      ],
      [{ attendees: [{ organizationId: t.world.orgA.id }] }, 400, 'engagements.attendee_name_required'],
      [{ actions: [{ text: 'Done tomorrow?', doneAt: inAnHour }] }, 400, 'engagements.time_in_future'],
      [
        { disclosures: [{ topic: 'Vulnerability', organizationId: t.world.orgB.id, state: 'withheld' }] },
        400,
        'engagements.organization_not_attending',
      ],
      [
        { disclosures: [{ topic: 'Vulnerability', organizationId: t.world.home.id, state: 'disclosed' }] },
        400,
        'engagements.home_organization',
      ],
      [{ disclosures: [{ topic: '!!!', organizationId: t.world.orgA.id, state: 'withheld' }] }, 400, 'engagements.invalid_topic'],
      [
        {
          disclosures: [
            { topic: 'Vulnerability', organizationId: t.world.orgA.id, state: 'withheld' },
            { topic: ' vulnerability! ', organizationId: t.world.orgA.id, state: 'disclosed' },
          ],
        },
        400,
        'engagements.duplicate_disclosure',
      ],
      [{ disclosures: [{ topic: 'Vulnerability', organizationId: t.world.orgA.id, state: 'maybe' }] }, 400, 'request.invalid'],
      [
        { disclosures: [{ topic: 'Vulnerability', organizationId: t.world.orgA.id, state: 'withheld', sourceEntryId: otherEntry.id }] },
        404,
        'timeline.not_found',
      ],
      [{ attendees: [{ id: UNKNOWN, organizationId: t.world.orgA.id, name: 'Kept?' }] }, 400, 'engagements.invalid_item'],
      [{ title: '   ' }, 400, 'request.invalid'],
      [{ secret: true }, 400, 'request.invalid'],
    ];
    for (const [body, status, code] of bad) {
      const response = await create(incident.id, body);
      assert.equal(response.statusCode, status, `${JSON.stringify(body)} → ${response.body}`);
      assert.equal(response.json().error.code, code, JSON.stringify(body));
    }
    assert.deepEqual(
      await Promise.all([count('engagements'), count('timeline_entries'), count('disclosure_ledger'), count('audit_events')]),
      before,
    );
  });

  it("lists an incident's engagements in date order, by kind, organization and date range, page by page", async () => {
    const incident = await f.createIncident();
    const july = await created(incident.id);
    const letter = await created(incident.id, {
      kind: 'letter_received',
      title: 'The vendor answers',
      occurredAt: '2019-11-18T06:00:00Z',
      precision: 'minute',
      timeZone: 'UTC',
      attendees: [{ organizationId: t.world.orgB.id, name: 'General counsel', role: 'legal' }],
      actions: [],
      disclosures: [],
    });
    const september = await created(incident.id, {
      occurredAt: '2019-09-10T18:30:00Z',
      title: 'Second meeting',
      actions: [{ text: 'Done already', doneAt: '2019-09-12T00:00:00Z' }],
    });
    const url = (query = '') => `/api/v1/incidents/${incident.id}/engagements${query}`;
    const list = async (query = '') => {
      const response = await t.request({ method: 'GET', url: url(query), as: coordinator });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const all = await list();
    assert.deepEqual(
      all.items.map((i: { id: string }) => i.id),
      [july.id, september.id, letter.id],
    );
    assert.deepEqual(all.abilities, { create: true });
    const first = all.items[0];
    assert.deepEqual(
      first.organizations.map((o: { name: string }) => o.name),
      ['Messaging Platform A', 'Test CERT'],
    );
    assert.equal(first.attendeeCount, 2);
    assert.equal(first.openActionCount, 1);
    assert.deepEqual(first.disclosureCounts, { disclosed: 0, withheld: 0, not_asked: 1, refused: 0 });
    assert.equal(all.items[1].openActionCount, 0);

    assert.deepEqual(
      (await list('?kind=letter_received')).items.map((i: { id: string }) => i.id),
      [letter.id],
    );
    assert.deepEqual(
      (await list(`?organizationId=${t.world.orgB.id}`)).items.map((i: { id: string }) => i.id),
      [letter.id],
    );
    assert.deepEqual(
      (await list('?from=2019-09-01T00:00:00Z&to=2019-10-01T00:00:00Z')).items.map((i: { id: string }) => i.id),
      [september.id],
    );
    const page1 = await list('?limit=2');
    assert.equal(page1.items.length, 2);
    assert.ok(page1.nextCursor);
    const page2 = await list(`?limit=2&cursor=${page1.nextCursor}`);
    assert.deepEqual(
      page2.items.map((i: { id: string }) => i.id),
      [letter.id],
    );
    assert.equal(page2.nextCursor, null);
  });
});
