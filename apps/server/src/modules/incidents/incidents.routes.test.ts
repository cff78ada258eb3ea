import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';

const base = { title: 'Spyware delivered through a messaging app call', severity: 'critical', tlp: 'AMBER' } as const;

describe('incidents', () => {
  let t: TestApp;
  let coordinator: Session;
  before(async () => {
    t = await createTestApp();
    coordinator = await t.login('coordinator');
  });
  after(() => t.close());

  const create = async (as: Session, body: Record<string, unknown> = {}) =>
    t.request({ method: 'POST', url: '/api/v1/incidents', as, payload: { ...base, ...body } });

  it('gives each new incident the next reference of its year, never reused', async () => {
    const year = new Date().getUTCFullYear();
    const first = await create(coordinator);
    const second = await create(coordinator, { title: 'A second incident' });
    assert.equal(first.statusCode, 201, first.body);
    const a = first.json().reference as string;
    const b = second.json().reference as string;
    assert.match(a, new RegExp(`^INC-${year}-\\d{4}$`));
    assert.equal(Number(b.slice(-4)), Number(a.slice(-4)) + 1);
  });

  it('refuses invalid CVE ids, unknown time zones, future times and times out of order, writing nothing', async () => {
    const count = async () => Number((await t.testDb.database.db.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const n = await count();
    const bad = [
      [{ cves: ['CVE-19-1'] }, 'request.invalid'],
      [{ keyTimes: { occurred: { at: '2019-05-01T00:00:00Z', timeZone: 'Mars/Olympus' } } }, 'incidents.invalid_time_zone'],
      [{ keyTimes: { detected: { at: '2999-01-01T00:00:00Z', timeZone: 'UTC' } } }, 'incidents.time_in_future'],
      [{ keyTimes: { occurred: { at: '2019-05-02T00:00:00Z', timeZone: 'UTC' }, noticed: { at: '2019-05-01T00:00:00Z', timeZone: 'UTC' } } }, 'incidents.time_order'],
      [{ severity: 'apocalyptic' }, 'request.invalid'],
    ] as const;
    for (const [body, code] of bad) {
      const response = await create(coordinator, body as Record<string, unknown>);
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)} → ${response.body}`);
      assert.equal(response.json().error.code, code);
    }
    assert.equal(await count(), n);
  });

  it('moves through the lifecycle, refuses illegal moves, needs a reason to resolve, and records each move in the chronology', async () => {
    const incident = (await create(coordinator)).json();
    const move = (status: string, version: number, reason?: string) =>
      t.request({ method: 'POST', url: `/api/v1/incidents/${incident.id}/status`, as: coordinator, payload: { status, version, ...(reason ? { reason } : {}) } });
    const illegal = await move('closed', incident.version);
    assert.equal(illegal.statusCode, 409);
    assert.equal(illegal.json().error.code, 'incidents.illegal_transition');
    const triage = await move('triage', incident.version);
    assert.equal(triage.statusCode, 200);
    assert.deepEqual(triage.json().abilities.allowedTransitions, ['investigating', 'coordinating', 'resolved']);
    const noReason = await move('resolved', triage.json().version);
    assert.equal(noReason.json().error.code, 'incidents.reason_required');
    const resolved = await move('resolved', triage.json().version, 'Platform patched the VoIP stack');
    assert.equal(resolved.json().status, 'resolved');
    const timeline = await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}/timeline`, as: coordinator });
    const texts = timeline.json().items.map((e: { text: string }) => e.text);
    assert.ok(texts.some((x: string) => x.includes('moved to resolved') && x.includes('Platform patched')));
  });

  it('refuses a change based on an old version, naming the newer one', async () => {
    const incident = (await create(coordinator)).json();
    const first = await t.request({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, as: coordinator, payload: { version: incident.version, title: 'First edit' } });
    assert.equal(first.statusCode, 200);
    const stale = await t.request({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, as: coordinator, payload: { version: incident.version, title: 'Lost edit' } });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'incidents.version_conflict');
    assert.equal(stale.json().error.details.currentVersion, incident.version + 1);
    const now = await t.request({ method: 'GET', url: `/api/v1/incidents/${incident.id}`, as: coordinator });
    assert.equal(now.json().title, 'First edit');
  });

  it('keeps the history of affected counts and shows the latest per country', async () => {
    const incident = (await create(coordinator)).json();
    const set = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: `/api/v1/incidents/${incident.id}/affected-counts`, as: coordinator, payload });
    await set({ country: 'ZZ', count: 1400, approximate: true, asOf: '2019-10-31', source: 'Platform statement of 31 October 2019', sourceOrganizationId: t.world.orgA.id });
    await set({ country: 'IN', count: 100, asOf: '2019-10-31', source: 'Early estimate' });
    const latest = await set({ country: 'IN', count: 121, asOf: '2019-11-18', source: 'Platform response of 18 November 2019' });
    const body = latest.json();
    assert.deepEqual(body.affectedCounts.map((c: { country: string; count: number }) => [c.country, c.count]), [['ZZ', 1400], ['IN', 121]]);
    assert.deepEqual(body.affectedCountHistory.map((c: { count: number }) => c.count), [100]);
    const negative = await set({ country: 'IN', count: -1, asOf: '2019-11-18', source: 'x' });
    assert.equal(negative.statusCode, 400);
  });

  it('lets only the owner, a coordinator or an admin lower the TLP', async () => {
    const analyst = await t.login('analyst');
    const incident = (await create(coordinator, { tlp: 'RED' })).json();
    await t.testDb.database.db.insertInto('incident_members').values({ incident_id: incident.id, user_id: t.world.users.analyst.id, access: 'write', added_by: null, added_at: new Date() }).execute();
    const byAnalyst = await t.request({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, as: analyst, payload: { version: incident.version, tlp: 'GREEN' } });
    assert.equal(byAnalyst.statusCode, 403);
    assert.equal(byAnalyst.json().error.code, 'incidents.tlp_downgrade_forbidden');
    const raise = await t.request({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, as: analyst, payload: { version: incident.version, title: 'Analyst edit' } });
    assert.equal(raise.statusCode, 200);
    const byCoordinator = await t.request({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, as: coordinator, payload: { version: raise.json().version, tlp: 'GREEN' } });
    assert.equal(byCoordinator.json().tlp, 'GREEN');
  });

  it('shows staff only the incidents they own, share a team on, or are members of', async () => {
    const viewer = await t.login('viewer');
    const mine = (await create(coordinator, { title: 'Hidden from the viewer' })).json();
    const notFound = await t.request({ method: 'GET', url: `/api/v1/incidents/${mine.id}`, as: viewer });
    assert.equal(notFound.statusCode, 404);
    const list = await t.request({ method: 'GET', url: '/api/v1/incidents', as: viewer });
    assert.ok(!list.json().items.some((i: { id: string }) => i.id === mine.id));
    await t.testDb.database.db.insertInto('incident_members').values({ incident_id: mine.id, user_id: t.world.users.viewer.id, access: 'read', added_by: null, added_at: new Date() }).execute();
    const visible = await t.request({ method: 'GET', url: `/api/v1/incidents/${mine.id}`, as: viewer });
    assert.equal(visible.statusCode, 200);
    assert.equal(visible.json().abilities.update, false);
    const edit = await t.request({ method: 'PATCH', url: `/api/v1/incidents/${mine.id}`, as: viewer, payload: { version: 1, title: 'x' } });
    assert.equal(edit.statusCode, 403);
  });

  it('lists to a staff member, in every sort and page by page, exactly the incidents of each way they may see one', async () => {
    const db = t.testDb.database.db;
    const analystId = t.world.users.analyst.id;
    const team = await db.insertInto('teams').values({ id: crypto.randomUUID(), name: `Scope team ${Date.now()}` }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('team_members').values({ team_id: team.id, user_id: analystId }).execute();
    const made: Array<{ id: string }> = [];
    for (let k = 0; k < 10; k++) made.push((await create(coordinator, { title: `Scope ${k}`, tags: ['scope-branches'], severity: (['low', 'high', 'critical'] as const)[k % 3] })).json());
    // 0–1 owned, 2–3 created by the analyst, 4–5 member, 6–7 their team's, 8 owned and team's; 9 none of these.
    await db.updateTable('incidents').set({ owner_id: analystId }).where('id', 'in', [made[0].id, made[1].id, made[8].id]).execute();
    await db.updateTable('incidents').set({ created_by: analystId }).where('id', 'in', [made[2].id, made[3].id]).execute();
    await db.insertInto('incident_members').values([4, 5].map((k) => ({ incident_id: made[k].id, user_id: analystId, access: 'read' as const, added_by: null, added_at: new Date() }))).execute();
    await db.updateTable('incidents').set({ team_id: team.id }).where('id', 'in', [made[6].id, made[7].id, made[8].id]).execute();
    const analyst = await t.login('analyst');
    const expected = made.slice(0, 9).map((i) => i.id).sort();
    for (const sort of ['created_desc', 'created_asc', 'updated_desc', 'severity_desc', 'reference_asc']) {
      const seen: Array<{ id: string; reference: string }> = [];
      let cursor: string | null = null;
      do {
        const response = await t.request({ method: 'GET', url: `/api/v1/incidents?tag=scope-branches&limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`, as: analyst });
        assert.equal(response.statusCode, 200, response.body);
        seen.push(...response.json().items);
        cursor = response.json().nextCursor;
      } while (cursor);
      assert.deepEqual(seen.map((i) => i.id).sort(), expected, sort);
      if (sort === 'reference_asc') assert.deepEqual(seen.map((i) => i.reference), seen.map((i) => i.reference).sort());
    }
    const found = await t.request({ method: 'GET', url: '/api/v1/incidents?q=scope', as: analyst });
    assert.deepEqual(found.json().items.map((i: { id: string }) => i.id).sort(), expected);
  });

  it('finds incidents by full-text search over summaries and timeline text, with highlighted snippets', async () => {
    const incident = (await create(coordinator, { title: 'Voice call exploit', summary: 'A buffer overflow in the VoIP stack allowed remote code execution.' })).json();
    await t.request({
      method: 'POST', url: `/api/v1/incidents/${incident.id}/timeline`, as: coordinator,
      payload: { occurredAt: '2019-07-26T10:00:00Z', precision: 'day', timeZone: 'Asia/Kolkata', text: 'Meeting with the platform; the vulnerability was not disclosed.', source: { kind: 'meeting', title: 'Minutes of 26 July 2019' }, tlp: 'AMBER' },
    });
    const bySummary = await t.request({ method: 'GET', url: '/api/v1/incidents?q=buffer%20overflow', as: coordinator });
    const hit = bySummary.json().items.find((i: { id: string }) => i.id === incident.id);
    assert.ok(hit, bySummary.body);
    assert.match(hit.snippet, /<mark>buffer<\/mark>/i);
    const byTimeline = await t.request({ method: 'GET', url: '/api/v1/incidents?q=%22not%20disclosed%22', as: coordinator });
    assert.ok(byTimeline.json().items.some((i: { id: string }) => i.id === incident.id));
    const none = await t.request({ method: 'GET', url: '/api/v1/incidents?q=ransomware%20-voip', as: coordinator });
    assert.ok(!none.json().items.some((i: { id: string }) => i.id === incident.id));
  });

  it('ranks incidents whose own text matches above those found only in their chronology, across pages', async () => {
    const own: Array<{ id: string }> = [];
    for (let k = 0; k < 2; k++) own.push((await create(coordinator, { title: `Quokka beacon ${k}`, summary: 'Quokka implant found on a handset.' })).json());
    const viaChronology = (await create(coordinator, { title: 'Unrelated title' })).json();
    const entry = await t.request({
      method: 'POST', url: `/api/v1/incidents/${viaChronology.id}/timeline`, as: coordinator,
      payload: { occurredAt: '2019-09-11T10:00:00Z', precision: 'day', timeZone: 'Asia/Kolkata', text: 'The platform mentioned a quokka beacon.', source: { kind: 'meeting', title: 'Minutes of 11 September 2019' }, tlp: 'AMBER' },
    });
    assert.equal(entry.statusCode, 201, entry.body);
    const first = await t.request({ method: 'GET', url: '/api/v1/incidents?q=quokka&limit=2', as: coordinator });
    assert.deepEqual(first.json().items.map((i: { id: string }) => i.id).sort(), own.map((i) => i.id).sort());
    assert.ok(first.json().nextCursor, first.body);
    const second = await t.request({ method: 'GET', url: `/api/v1/incidents?q=quokka&limit=2&cursor=${first.json().nextCursor}`, as: coordinator });
    assert.deepEqual(second.json().items.map((i: { id: string }) => i.id), [viaChronology.id]);
  });

  it('pages through the list with cursors, every incident exactly once', async () => {
    for (let i = 0; i < 7; i++) await create(coordinator, { title: `Paging ${i}`, tags: ['paging'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await t.request({ method: 'GET', url: `/api/v1/incidents?tag=paging&limit=3&sort=severity_desc${cursor ? `&cursor=${cursor}` : ''}`, as: coordinator });
      assert.equal(response.statusCode, 200, response.body);
      seen.push(...response.json().items.map((i: { id: string }) => i.id));
      cursor = response.json().nextCursor;
    } while (cursor);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
  });
});
