/**
 * Holiday calendars: the seeded US, GB and EU calendars, administrators adding one, and
 * impossible or repeated days refused — on adding and on changing — with nothing written.
 * Obligations count business days on these calendars, so every change queues their
 * recomputation in the same transaction.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { HolidayCalendar } from '#shared/contracts/notices';
import { auditRows } from '../../../test/audit-rows.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import { OBLIGATION_JOBS } from '../obligations/obligation-job-names.ts';

describe('holiday calendars', () => {
  let t: TestApp;
  let admin: Session;
  let coordinator: Session;

  before(async () => {
    t = await createTestApp();
    [admin, coordinator] = await Promise.all([t.login('admin'), t.login('coordinator')]);
  });
  after(() => t.close());

  const calendars = async (): Promise<HolidayCalendar[]> => (await t.request({ method: 'GET', url: '/api/v1/holiday-calendars', as: coordinator })).json().items;
  const calendar = async (code: string) => (await calendars()).find((c) => c.code === code);
  const create = (payload: Record<string, unknown>, as = admin) => t.request({ method: 'POST', url: '/api/v1/holiday-calendars', as, payload });
  const update = (id: string, payload: Record<string, unknown>) => t.request({ method: 'PATCH', url: `/api/v1/holiday-calendars/${id}`, as: admin, payload });
  const recomputeJobs = async () => (await t.testDb.database.executeSql('select singleton_key from pgboss.job where name = $1', [OBLIGATION_JOBS.recomputeAll])).rows as Array<{ singleton_key: string | null }>;

  // Each test starts with no recomputation queued, so that one queued by the test is seen.
  beforeEach(() => t.testDb.database.executeSql('delete from pgboss.job where name = $1', [OBLIGATION_JOBS.recomputeAll]));

  it('comes seeded with the U.S. federal holidays as observed, Juneteenth from 2021, in America/New_York', async () => {
    const us = await calendar('US');
    assert.ok(us);
    assert.equal(us.timeZone, 'America/New_York');
    assert.deepEqual(us.weekendDays, [0, 6]);
    const names = Object.fromEntries(us.holidays.map((h) => [h.day, h.name]));
    assert.equal(names['2025-11-27'], 'Thanksgiving Day');
    assert.equal(names['2019-11-28'], 'Thanksgiving Day');
    assert.equal(names['2022-06-20'], 'Juneteenth National Independence Day (observed)', 'Sunday 19 June 2022 observed on the Monday');
    assert.equal(names['2026-07-03'], 'Independence Day (observed)', 'Saturday 4 July 2026 observed on the Friday');
    assert.equal(names['2027-12-31'], "New Year's Day 2028 (observed)");
    assert.ok(!us.holidays.some((h) => h.day.startsWith('2019-06')), 'no Juneteenth before 2021');
    assert.ok(!us.holidays.some((h) => [0, 6].includes(new Date(`${h.day}T12:00:00Z`).getUTCDay())), 'only the observed weekday is listed');
    for (const year of [2019, 2022, 2023, 2024, 2025, 2026, 2027]) {
      const count: number = us.holidays.filter((h) => h.day.startsWith(`${year}-`)).length;
      assert.equal(count, year === 2019 ? 10 : year === 2022 ? 10 : year === 2027 ? 12 : 11, `${year}`);
    }
  });

  it('comes seeded with the bank holidays of England and Wales, Easter and the one-off days included, in Europe/London', async () => {
    const gb = await calendar('GB');
    assert.ok(gb);
    assert.equal(gb.timeZone, 'Europe/London');
    const names = Object.fromEntries(gb.holidays.map((h) => [h.day, h.name]));
    const easterMondays = ['2019-04-22', '2022-04-18', '2023-04-10', '2024-04-01', '2025-04-21', '2026-04-06', '2027-03-29'];
    for (const day of easterMondays) assert.equal(names[day], 'Easter Monday', day);
    assert.equal(names['2022-06-03'], 'Platinum Jubilee bank holiday');
    assert.equal(names['2022-06-02'], 'Spring bank holiday');
    assert.equal(names['2022-05-30'], undefined, 'the 2022 spring bank holiday moved to 2 June');
    assert.equal(names['2022-09-19'], 'Bank Holiday for the State Funeral of Queen Elizabeth II');
    assert.equal(names['2023-05-08'], 'Bank holiday for the coronation of King Charles III');
    assert.equal(names['2026-12-28'], 'Boxing Day (substitute day)');
    assert.deepEqual([names['2027-12-27'], names['2027-12-28']], ['Christmas Day (substitute day)', 'Boxing Day (substitute day)']);
  });

  it('comes seeded with an EU calendar of weekends only, in Europe/Brussels, whose name says so', async () => {
    const eu = await calendar('EU');
    assert.ok(eu);
    assert.equal(eu.timeZone, 'Europe/Brussels');
    assert.deepEqual(eu.weekendDays, [0, 6]);
    assert.deepEqual(eu.holidays, []);
    assert.match(eu.name, /Saturdays and Sundays only/);
  });

  it('lets administrators add a calendar, audited, that due times then count on, and queues the recomputation of obligations', async () => {
    const body = { code: 'FR-PARIS', name: 'France: Paris', timeZone: 'Europe/Paris', weekendDays: [6, 0], holidays: [{ day: '2027-07-14', name: ' Fête nationale ' }, { day: '2024-02-29', name: 'A leap day' }] };
    assert.equal((await create(body, coordinator)).statusCode, 403);
    const created = await create(body);
    assert.equal(created.statusCode, 201, created.body);
    const view: HolidayCalendar = created.json();
    assert.deepEqual({ ...view, id: undefined }, {
      id: undefined, code: 'FR-PARIS', name: 'France: Paris', timeZone: 'Europe/Paris', weekendDays: [0, 6],
      holidays: [{ day: '2024-02-29', name: 'A leap day' }, { day: '2027-07-14', name: 'Fête nationale' }],
    });
    assert.deepEqual(await calendar('FR-PARIS'), view);
    const audit = await auditRows(t.testDb.database.db, { action: 'holiday_calendar.created', targetId: view.id });
    assert.equal(audit.length, 1);
    assert.deepEqual((audit[0].after as { holidays: string[] }).holidays, ['2024-02-29', '2027-07-14']);
    assert.deepEqual(await recomputeJobs(), [{ singleton_key: 'rules' }]);

    // Tuesday 13 July 2027, 10:00 in Paris: Wednesday 14 July is skipped, one business day ends on Thursday 15 at 23:59:59 CEST.
    const preview = await t.request({
      method: 'POST', url: '/api/v1/notices/due-preview', as: coordinator,
      payload: { from: '2027-07-13T08:00:00Z', dueMode: 'from_basis', dueAmount: 1, dueUnit: 'business_days', calendarId: view.id, timeZone: 'Europe/Paris' },
    });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.json().dueAt, '2027-07-15T21:59:59.000Z');
  });

  it('takes Saturday and Sunday as the weekend when none is given', async () => {
    const created = await create({ code: 'XK', name: 'Kosovo', timeZone: 'Europe/Belgrade' });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual([created.json().weekendDays, created.json().holidays], [[0, 6], []]);
  });

  it('refuses a code that exists already', async () => {
    const response = await create({ code: 'US', name: 'Another United States', timeZone: 'America/Chicago' });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'notices.calendar_exists');
    assert.equal((await calendar('US'))?.timeZone, 'America/New_York');
  });

  it('refuses impossible dates with the day and the reason, and writes nothing', async () => {
    const auditBefore = (await auditRows(t.testDb.database.db, { action: 'holiday_calendar.created' })).length;
    const cases = [
      ['2025-02-30', '2025-02-30 is not a date: February 2025 has 28 days.'],
      ['2025-13-01', '2025-13-01 is not a date: there is no month 13; months run from 01 to 12.'],
      ['2025-02-29', '2025-02-29 is not a date: February 2025 has 28 days.'],
      ['2025-04-31', '2025-04-31 is not a date: April 2025 has 30 days.'],
      ['2025-01-00', '2025-01-00 is not a date: there is no day 00; days run from 01.'],
      ['2100-02-29', '2100-02-29 is not a date: February 2100 has 28 days.'],
    ];
    for (const [day, message] of cases) {
      const response = await create({ code: 'BAD', name: 'Bad dates', timeZone: 'UTC', holidays: [{ day: '2025-01-01', name: 'Fine' }, { day, name: 'Impossible' }] });
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(response.json().error.code, 'notices.invalid_holiday');
      assert.equal(response.json().error.message, message);
      assert.deepEqual(response.json().error.details, { index: 1, day });
    }
    assert.equal(await calendar('BAD'), undefined);
    assert.equal((await auditRows(t.testDb.database.db, { action: 'holiday_calendar.created' })).length, auditBefore);
    assert.deepEqual(await recomputeJobs(), []);
  });

  it('refuses a day given twice, an unknown zone and a malformed code', async () => {
    const twice = await create({ code: 'TWICE', name: 'Twice', timeZone: 'UTC', holidays: [{ day: '2027-01-01', name: 'a' }, { day: '2027-01-01', name: 'b' }] });
    assert.equal(twice.statusCode, 422);
    assert.equal(twice.json().error.code, 'notices.duplicate_holiday');
    assert.match(twice.json().error.message, /2027-01-01 appears twice/);
    const zone = await create({ code: 'NOWHERE', name: 'Nowhere', timeZone: 'Asia/Nowhere' });
    assert.equal(zone.statusCode, 422);
    assert.equal(zone.json().error.code, 'notices.invalid_time_zone');
    const code = await create({ code: 'us-east', name: 'Lower case', timeZone: 'UTC' });
    assert.equal(code.statusCode, 400);
    const weekend = await create({ code: 'WEEK', name: 'Every day off', timeZone: 'UTC', weekendDays: [0, 1, 2, 3, 4, 5, 6] });
    assert.equal(weekend.statusCode, 400, 'a calendar needs a working day');
    assert.deepEqual((await calendars()).filter((c) => ['TWICE', 'NOWHERE', 'us-east', 'WEEK'].includes(c.code)), []);
    assert.deepEqual(await recomputeJobs(), []);
  });

  it('refuses impossible dates when a calendar\'s holidays are replaced, keeping the list it had', async () => {
    const us = await calendar('US') as HolidayCalendar;
    for (const day of ['2025-02-30', '2025-13-01']) {
      const response = await update(us.id, { holidays: [...us.holidays, { day, name: 'Impossible' }] });
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(response.json().error.code, 'notices.invalid_holiday');
      assert.match(response.json().error.message, new RegExp(`^${day} is not a date: `));
    }
    assert.deepEqual(await calendar('US'), us);
    assert.deepEqual(await recomputeJobs(), []);
  });

  it('queues the recomputation of obligations when a calendar changes', async () => {
    const us = await calendar('US') as HolidayCalendar;
    const response = await update(us.id, { holidays: [...us.holidays, { day: '2025-12-26', name: 'Federal government closed (Executive Order 14371)' }] });
    assert.equal(response.statusCode, 200, response.body);
    assert.ok(response.json().holidays.some((h: { day: string }) => h.day === '2025-12-26'));
    assert.deepEqual(await recomputeJobs(), [{ singleton_key: 'rules' }]);
  });
});
