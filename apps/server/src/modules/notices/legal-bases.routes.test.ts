/**
 * The legal-basis catalogue and holiday calendars: the seeded provisions and India
 * calendar, administrators adding and changing them, the wording of a cited basis kept,
 * and a calendar change moving later due times but not those already set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HolidayCalendar, LegalBasis } from '#shared/contracts/notices';
import { auditRows } from '../../../test/audit-rows.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import { type NoticeFixtures, noticeFixtures } from './notice-test-fixtures.ts';

describe('legal bases and holiday calendars', () => {
  let t: TestApp;
  let f: NoticeFixtures;
  let admin: Session;
  let coordinator: Session;
  let orgMember: Session;

  before(async () => {
    t = await createTestApp();
    f = await noticeFixtures(t);
    [admin, coordinator, orgMember] = await Promise.all([t.login('admin'), t.login('coordinator'), t.login('org_member')]);
  });
  after(() => t.close());

  const bases = async (as: Session = coordinator): Promise<LegalBasis[]> => (await t.request({ method: 'GET', url: '/api/v1/legal-bases', as })).json().items;
  const calendars = async (as: Session = coordinator): Promise<HolidayCalendar[]> => (await t.request({ method: 'GET', url: '/api/v1/holiday-calendars', as })).json().items;

  it('comes seeded with the Indian provisions a CERT-In notice cites, with what the law says of their deadlines', async () => {
    const seeded = Object.fromEntries((await bases(orgMember)).map((b) => [b.code, b]));
    const s70b6 = seeded['in-itact-70b6'];
    assert.equal(s70b6.instrument, 'Information Technology Act, 2000');
    assert.equal(s70b6.clause, 's.70B(6)');
    assert.match(s70b6.summary, /may call for information and give direction to the service providers, intermediaries, data centres, body corporate and any other person/);
    assert.equal(s70b6.dueAmount, null, 'the Act sets no time: the notice does');
    assert.match(s70b6.penaltyProvision ?? '', /^IT Act 2000 s\.70B\(7\)/);
    const directions = seeded['in-certin-directions-2022-iii'];
    assert.match(directions.instrument, /20\(3\)\/2022-CERT-In of 28 April 2022/);
    assert.equal(directions.clause, 'direction (iii)');
    assert.match(directions.summary, /within the time specified in the order/);
    assert.equal(directions.dueAmount, null);
    assert.match(seeded['in-certin-directions-2022-ii'].summary, /within 6 hours of noticing/);
    const rules = seeded['in-itrules-2021-3-1-j'];
    assert.equal(rules.clause, 'r.3(1)(j)');
    assert.deepEqual([rules.dueAmount, rules.dueUnit], [72, 'hours']);
    assert.match(rules.summary, /not later than seventy-two hours of the receipt of an order/);
    assert.equal(rules.calendar?.code, 'IN');
  });

  it('comes seeded with the India calendar: Asia/Kolkata, Saturday and Sunday off, the gazetted holidays of 2019 and 2025 to 2027', async () => {
    const india = (await calendars(orgMember)).find((c) => c.code === 'IN');
    assert.ok(india);
    assert.equal(india.timeZone, 'Asia/Kolkata');
    assert.deepEqual(india.weekendDays, [0, 6]);
    const days = new Set(india.holidays.map((h) => h.day));
    for (const year of [2019, 2025, 2026, 2027]) {
      for (const day of ['01-26', '08-15', '10-02', '12-25']) assert.ok(days.has(`${year}-${day}`), `${year}-${day}`);
    }
    assert.ok(days.has('2019-11-12'), 'Guru Nanak\'s Birthday 2019');
    assert.ok(days.has('2025-10-20'), 'Diwali 2025');
    assert.ok(days.has('2019-04-19') && days.has('2025-04-18') && days.has('2026-04-03') && days.has('2027-03-26'), 'Good Friday each year');
    assert.ok(![...days].some((d) => d.startsWith('2020') || d.startsWith('2024')));
  });

  it('lets administrators add and change a basis, audited, and nobody else', async () => {
    const body = { code: 'eu-nis2-23-4-b', instrument: 'Directive (EU) 2022/2555 (NIS2)', clause: 'Art.23(4)(b)', summary: 'Incident notification within 72 hours of becoming aware.', dueAmount: 72, dueUnit: 'hours' };
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/legal-bases', as: coordinator, payload: body })).statusCode, 403);
    const created = await t.request({ method: 'POST', url: '/api/v1/legal-bases', as: admin, payload: body });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().inUse, false);
    const duplicate = await t.request({ method: 'POST', url: '/api/v1/legal-bases', as: admin, payload: body });
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().error.code, 'notices.legal_basis_exists');
    const half = await t.request({ method: 'POST', url: '/api/v1/legal-bases', as: admin, payload: { ...body, code: 'half-due', dueUnit: undefined } });
    assert.equal(half.statusCode, 422);
    const changed = await t.request({ method: 'PATCH', url: `/api/v1/legal-bases/${created.json().id}`, as: admin, payload: { summary: 'Notification within 72 hours.', active: false } });
    assert.equal(changed.statusCode, 200);
    assert.equal(changed.json().active, false);
    assert.equal((await auditRows(t.testDb.database.db, { action: 'legal_basis.updated', targetId: created.json().id })).length, 1);
    const draft = await t.request({ method: 'POST', url: `/api/v1/incidents/${await f.incident()}/notices`, as: coordinator, payload: { organizationId: t.world.orgA.id, kind: 'direction', subject: 'x', dueMode: 'from_basis', legalBasisId: created.json().id } });
    assert.equal(draft.statusCode, 422, 'a retired basis is not cited');
  });

  it('keeps the wording of a basis cited by an issued notice, while its deadline default may change', async () => {
    const notice = await f.issued();
    const id = notice.legalBasis?.id as string;
    assert.equal((await bases()).find((b) => b.id === id)?.inUse, true);
    const reworded = await t.request({ method: 'PATCH', url: `/api/v1/legal-bases/${id}`, as: admin, payload: { summary: 'Something else' } });
    assert.equal(reworded.statusCode, 409);
    assert.equal(reworded.json().error.code, 'notices.legal_basis_in_use');
    const penalty = await t.request({ method: 'PATCH', url: `/api/v1/legal-bases/${id}`, as: admin, payload: { penaltyProvision: 'IT Rules 2021 r.7 (as amended)' } });
    assert.equal(penalty.statusCode, 200);
    assert.equal((await f.read(notice.id)).legalBasis?.summary, notice.legalBasis?.summary);
  });

  it('lets administrators replace a calendar\'s holidays; later due times follow, earlier ones stay', async () => {
    const india = (await calendars()).find((c) => c.code === 'IN') as HolidayCalendar;
    const preview = async () => (await t.request({
      method: 'POST', url: '/api/v1/notices/due-preview', as: coordinator,
      payload: { from: '2027-11-03T06:00:00Z', dueMode: 'from_basis', dueAmount: 1, dueUnit: 'business_days', calendarId: india.id, timeZone: 'Asia/Kolkata' },
    })).json().dueAt;
    assert.equal(await preview(), '2027-11-04T18:29:59.000Z');
    assert.equal((await t.request({ method: 'PATCH', url: `/api/v1/holiday-calendars/${india.id}`, as: coordinator, payload: { name: 'x' } })).statusCode, 403);
    const updated = await t.request({
      method: 'PATCH', url: `/api/v1/holiday-calendars/${india.id}`, as: admin,
      payload: { holidays: [...india.holidays, { day: '2027-11-04', name: 'Diwali (Deepavali), entered by hand' }] },
    });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().holidays.length, india.holidays.length + 1);
    assert.equal(await preview(), '2027-11-05T18:29:59.000Z');
    const audit = await auditRows(t.testDb.database.db, { action: 'holiday_calendar.updated', targetId: india.id });
    assert.deepEqual((audit[0].after as { holidays: { added: string[] } }).holidays.added, ['2027-11-04']);
    const duplicate = await t.request({ method: 'PATCH', url: `/api/v1/holiday-calendars/${india.id}`, as: admin, payload: { holidays: [{ day: '2027-01-01', name: 'a' }, { day: '2027-01-01', name: 'b' }] } });
    assert.equal(duplicate.statusCode, 422);
    const zone = await t.request({ method: 'PATCH', url: `/api/v1/holiday-calendars/${india.id}`, as: admin, payload: { timeZone: 'Asia/Nowhere' } });
    assert.equal(zone.statusCode, 422);
  });
});
