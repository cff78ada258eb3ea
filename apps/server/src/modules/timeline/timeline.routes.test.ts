import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditRows } from '../../../test/audit-rows.ts';
import { type IncidentFixtures, entryPayload, incidentFixtures } from '../../../test/incident-fixtures.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';

interface Entry {
  id: string;
  occurredAt: string;
  kind: string;
  text: string;
  revision: number;
  conflicts: Array<{ id: string; otherEntryId: string; note: string }>;
}

describe('chronology', () => {
  let t: TestApp;
  let f: IncidentFixtures;
  let coordinator: Session;
  before(async () => {
    t = await createTestApp();
    f = await incidentFixtures(t);
    coordinator = await t.login('coordinator');
  });
  after(() => t.close());

  const timelineUrl = (id: string, rest = '') => `/api/v1/incidents/${id}/timeline${rest}`;
  const list = async (id: string, query = '', as = coordinator) => {
    const response = await t.request({ method: 'GET', url: timelineUrl(id, query), as });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { items: Entry[]; nextCursor: string | null; total: number };
  };
  const entryCount = async () => Number((await t.testDb.database.db.selectFrom('timeline_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('records an event with its source, precision and zone, and audits it', async () => {
    const incident = await f.createIncident();
    const response = await t.request({
      method: 'POST', url: timelineUrl(incident.id), as: coordinator,
      payload: entryPayload({
        occurredAt: '2019-05-13T04:00:00Z', precision: 'minute', timeZone: 'Asia/Kolkata', text: '  Exploit observed on a journalist\'s phone.  ',
        source: { kind: 'document', title: 'Forensic report', saidBy: 'Lab analyst', organizationId: t.world.orgA.id, date: '2019-05-20' },
        includeInBriefings: false,
      }),
    });
    assert.equal(response.statusCode, 201, response.body);
    const entry = response.json();
    assert.equal(entry.occurredAt, '2019-05-13T04:00:00.000Z');
    assert.equal(entry.precision, 'minute');
    assert.equal(entry.timeZone, 'Asia/Kolkata');
    assert.equal(entry.text, 'Exploit observed on a journalist\'s phone.');
    assert.deepEqual(entry.source, { kind: 'document', title: 'Forensic report', saidBy: 'Lab analyst', organization: { id: t.world.orgA.id, name: 'Messaging Platform A' }, date: '2019-05-20' });
    assert.equal(entry.includeInBriefings, false);
    assert.equal(entry.revision, 1);
    assert.equal(entry.kind, 'entry');
    assert.equal(entry.createdBy, 'Test coordinator');
    assert.deepEqual(entry.abilities, { correct: true });
    assert.equal((await auditRows(t.testDb.database.db, { action: 'timeline.entry_added', targetId: entry.id })).length, 1);
  });

  it('refuses future dates, unknown zones and unknown source organizations, writing nothing', async () => {
    const incident = await f.createIncident();
    const n = await entryCount();
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const bad = [
      [{ occurredAt: inAnHour }, 400, 'timeline.time_in_future'],
      [{ timeZone: 'Mars/Olympus' }, 400, 'timeline.invalid_time_zone'],
      [{ timeZone: 'Asia/Kolkata; drop table' }, 400, 'request.invalid'],
      [{ precision: 'second' }, 400, 'request.invalid'],
      [{ source: { kind: 'system' } }, 400, 'request.invalid'],
      [{ source: { kind: 'statement', organizationId: '00000000-0000-4000-8000-000000000000' } }, 404, 'organizations.not_found'],
    ] as const;
    for (const [body, status, code] of bad) {
      const response = await t.request({ method: 'POST', url: timelineUrl(incident.id), as: coordinator, payload: entryPayload(body) });
      assert.equal(response.statusCode, status, `${JSON.stringify(body)} → ${response.body}`);
      assert.equal(response.json().error.code, code);
    }
    assert.equal(await entryCount(), n);
  });

  it('shares an entry only with organizations that take part', async () => {
    const incident = await f.createIncident();
    await f.addParticipant(incident.id, t.world.orgA.id);
    for (const sharedWith of [[t.world.orgB.id], [t.world.orgA.id, t.world.orgB.id], [t.world.home.id]]) {
      const refused = await t.request({ method: 'POST', url: timelineUrl(incident.id), as: coordinator, payload: entryPayload({ sharedWith }) });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().error.code, 'timeline.not_a_participant');
    }
    const shared = await f.addEntry(incident.id, { sharedWith: [t.world.orgA.id] });
    const correction = await t.request({ method: 'PATCH', url: timelineUrl(incident.id, `/${shared.id}`), as: coordinator, payload: { revision: 1, reason: 'Share wider', sharedWith: [t.world.orgB.id] } });
    assert.equal(correction.json().error.code, 'timeline.not_a_participant');
    const entries = await list(incident.id, '?kind=entry');
    assert.equal(entries.total, 1);
  });

  it('keeps the earlier text of a corrected entry as a revision with the reason, and refuses stale corrections', async () => {
    const incident = await f.createIncident();
    const entry = await f.addEntry(incident.id, { text: 'Patch released on 13 May.', occurredAt: '2019-05-13T00:00:00Z' });
    const correct = (payload: Record<string, unknown>) => t.request({ method: 'PATCH', url: timelineUrl(incident.id, `/${entry.id}`), as: coordinator, payload });
    const first = await correct({ revision: 1, reason: 'Date taken from the advisory', text: 'Patch released on 14 May.', occurredAt: '2019-05-14T00:00:00Z' });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().revision, 2);
    assert.equal(first.json().text, 'Patch released on 14 May.');
    const second = await correct({ revision: 2, reason: 'Wording', text: 'Patch published on 14 May.' });
    assert.equal(second.json().revision, 3);
    const stale = await correct({ revision: 2, reason: 'Late edit', text: 'Lost' });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'timeline.version_conflict');
    const future = await correct({ revision: 3, reason: 'x', occurredAt: new Date(Date.now() + 3_600_000).toISOString() });
    assert.equal(future.json().error.code, 'timeline.time_in_future');

    const revisions = await t.request({ method: 'GET', url: timelineUrl(incident.id, `/${entry.id}/revisions`), as: coordinator });
    assert.equal(revisions.statusCode, 200);
    const items = revisions.json().items;
    assert.deepEqual(items.map((r: { revision: number; text: string; reason: string }) => [r.revision, r.text, r.reason]), [
      [2, 'Patch released on 14 May.', 'Wording'],
      [1, 'Patch released on 13 May.', 'Date taken from the advisory'],
    ]);
    assert.equal(items[1].occurredAt, '2019-05-13T00:00:00.000Z');
    assert.equal(items[0].replacedBy, 'Test coordinator');
    const current = (await list(incident.id, '?kind=entry')).items[0];
    assert.equal(current.text, 'Patch published on 14 May.');
    assert.equal((await auditRows(t.testDb.database.db, { action: 'timeline.entry_corrected', targetId: entry.id })).length, 2);
  });

  it('does not let system entries be corrected, nor entries be reached through another incident', async () => {
    const incident = await f.createIncident();
    const other = await f.createIncident();
    const system = (await list(incident.id, '?kind=system')).items[0];
    assert.equal(system.kind, 'system');
    const refused = await t.request({ method: 'PATCH', url: timelineUrl(incident.id, `/${system.id}`), as: coordinator, payload: { revision: 1, reason: 'x', text: 'Rewritten history' } });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'timeline.system_entry');
    const entry = await f.addEntry(incident.id);
    const elsewhere = await t.request({ method: 'PATCH', url: timelineUrl(other.id, `/${entry.id}`), as: coordinator, payload: { revision: 1, reason: 'x', text: 'y' } });
    assert.equal(elsewhere.statusCode, 404);
    const revisions = await t.request({ method: 'GET', url: timelineUrl(other.id, `/${entry.id}/revisions`), as: coordinator });
    assert.equal(revisions.statusCode, 404);
  });

  it('marks two entries as conflicting once, in either order, and shows it on both', async () => {
    const incident = await f.createIncident();
    const other = await f.createIncident();
    const a = await f.addEntry(incident.id, { text: 'The platform says the fix shipped on 13 May.' });
    const b = await f.addEntry(incident.id, { text: 'The researchers say the fix shipped on 14 May.', occurredAt: '2019-05-14T09:00:00Z' });
    const foreign = await f.addEntry(other.id);
    const mark = (entryA: string, entryB: string, incidentId = incident.id) =>
      t.request({ method: 'POST', url: timelineUrl(incidentId, '/conflicts'), as: coordinator, payload: { entryA, entryB, note: 'Dates differ' } });

    const [low, high] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
    const marked = await mark(high, low);
    assert.equal(marked.statusCode, 201, marked.body);
    assert.equal(marked.json().entryA, low);
    assert.equal(marked.json().entryB, high);
    for (const [x, y] of [[low, high], [high, low]]) {
      const duplicate = await mark(x, y);
      assert.equal(duplicate.statusCode, 409);
      assert.equal(duplicate.json().error.code, 'timeline.conflict_exists');
    }
    assert.equal((await mark(a.id, foreign.id)).statusCode, 404);
    assert.equal((await mark(foreign.id, a.id, incident.id)).statusCode, 404);
    assert.equal((await mark(a.id, b.id, other.id)).statusCode, 404);
    assert.equal((await mark(a.id, a.id)).json().error.code, 'timeline.same_entry');

    const entries = (await list(incident.id, '?kind=entry')).items;
    const byId = new Map(entries.map((e) => [e.id, e]));
    assert.deepEqual(byId.get(a.id)?.conflicts, [{ id: marked.json().id, otherEntryId: b.id, note: 'Dates differ' }]);
    assert.deepEqual(byId.get(b.id)?.conflicts, [{ id: marked.json().id, otherEntryId: a.id, note: 'Dates differ' }]);
    const onlyConflicts = await list(incident.id, '?conflictsOnly=true');
    assert.deepEqual(onlyConflicts.items.map((e) => e.id).sort(), [a.id, b.id].sort());
    assert.equal(onlyConflicts.total, 2);
    assert.equal((await auditRows(t.testDb.database.db, { action: 'timeline.conflict_marked', targetId: marked.json().id })).length, 1);
  });

  it('pages through 250 entries with cursors, each once, in date order, with the total on every page', async () => {
    const incident = await f.createIncident();
    const base = Date.UTC(2019, 3, 1);
    // Every fifth entry shares its instant with the one before, so ties must be broken by id.
    const instant = (k: number) => new Date(base + k * 3_600_000 + ((k * 7919) % 1000));
    const rows = Array.from({ length: 250 }, (_, i) => ({
      incident_id: incident.id, occurred_at: instant(i % 5 === 4 ? i - 1 : i), precision: 'minute' as const,
      time_zone: 'UTC', kind: 'entry' as const, text: `Bulk entry ${i}`, source_kind: 'observation' as const, tlp: 'AMBER' as const,
      created_by: t.world.users.coordinator.id,
    }));
    await t.testDb.database.db.insertInto('timeline_entries').values(rows.reverse()).execute();

    const seen: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(incident.id, `?kind=entry&limit=40${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.total, 250);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    assert.equal(pages, 7);
    assert.equal(seen.length, 250);
    assert.equal(new Set(seen.map((e) => e.id)).size, 250);
    for (let i = 1; i < seen.length; i++) {
      const [p, c] = [seen[i - 1] as Entry, seen[i] as Entry];
      assert.ok(p.occurredAt < c.occurredAt || (p.occurredAt === c.occurredAt && p.id < c.id), `out of order at ${i}`);
    }
    const all = await list(incident.id, '?limit=500');
    assert.equal(all.total, 251, 'the entries and the creation recorded by the system');
    assert.equal(all.nextCursor, null);
    const bad = await t.request({ method: 'GET', url: timelineUrl(incident.id, '?cursor=bm90LWEtY3Vyc29y'), as: coordinator });
    assert.equal(bad.statusCode, 400);
  });

  it('pages and exports entries whose times carry microseconds, as data loaded straight into the database does', async () => {
    const incident = await f.createIncident();
    // 2,050 entries within 15 ms: more than one export batch, and many per millisecond.
    await sql`insert into timeline_entries (incident_id, occurred_at, precision, time_zone, kind, text, source_kind, tlp)
      select ${incident.id}, timestamptz '2019-05-13 09:30:00+00' + k * interval '7 microseconds', 'minute', 'UTC', 'entry', 'Loaded ' || k, 'observation', 'AMBER'
      from generate_series(1, 2050) k`.execute(t.testDb.database.db);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(incident.id, `?kind=entry&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((e) => e.text));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(seen.length, 2050, 'no entry twice');
    assert.deepEqual(seen, Array.from({ length: 2050 }, (_, k) => `Loaded ${k + 1}`));
    const csv = await t.request({ method: 'GET', url: timelineUrl(incident.id, '/export?format=csv'), as: coordinator });
    const lines = csv.body.trim().split('\r\n').filter((l) => l.includes('Loaded '));
    assert.equal(lines.length, 2050);
    assert.equal(new Set(lines).size, 2050);
  });

  it('filters by kind, source organization and conflicts, and counts what it filters', async () => {
    const incident = await f.createIncident();
    await f.addParticipant(incident.id, t.world.orgA.id);
    await f.addEntry(incident.id, { source: { kind: 'statement', organizationId: t.world.orgA.id } });
    await f.addEntry(incident.id, { source: { kind: 'statement', organizationId: t.world.orgA.id }, occurredAt: '2019-05-15T00:00:00Z' });
    await f.addEntry(incident.id, { source: { kind: 'document', organizationId: t.world.orgB.id } });
    await f.addEntry(incident.id, { source: { kind: 'observation' } });

    const everything = await list(incident.id);
    assert.equal(everything.total, 6, 'four entries, the creation and the participant');
    assert.equal((await list(incident.id, '?kind=system')).total, 2);
    const entries = await list(incident.id, '?kind=entry&limit=2');
    assert.equal(entries.total, 4);
    assert.equal(entries.items.length, 2);
    const fromA = await list(incident.id, `?sourceOrganizationId=${t.world.orgA.id}`);
    assert.equal(fromA.total, 2);
    assert.equal(fromA.items.length, 2);
    assert.equal((await list(incident.id, `?sourceOrganizationId=${t.world.orgB.id}`)).total, 1);
    const none = await list(incident.id, '?conflictsOnly=true');
    assert.deepEqual([none.total, none.items.length], [0, 0]);
    const window = await list(incident.id, '?kind=entry&from=2019-05-14T00:00:00Z&to=2019-05-16T00:00:00Z');
    assert.equal(window.total, 1);
  });

  it('lets readers list but not write, and gives them no correct ability', async () => {
    const incident = await f.createIncident();
    const entry = await f.addEntry(incident.id);
    await t.testDb.database.db.insertInto('incident_members').values({ incident_id: incident.id, user_id: t.world.users.analyst.id, access: 'read', added_by: null, added_at: new Date() }).execute();
    const analyst = await t.login('analyst');
    const entries = await list(incident.id, '?kind=entry', analyst);
    assert.deepEqual(entries.items.map((e) => (e as unknown as { abilities: { correct: boolean } }).abilities.correct), [false]);
    const add = await t.request({ method: 'POST', url: timelineUrl(incident.id), as: analyst, payload: entryPayload() });
    assert.equal(add.statusCode, 403);
    const fix = await t.request({ method: 'PATCH', url: timelineUrl(incident.id, `/${entry.id}`), as: analyst, payload: { revision: 1, reason: 'x', text: 'y' } });
    assert.equal(fix.statusCode, 403);
  });
});
