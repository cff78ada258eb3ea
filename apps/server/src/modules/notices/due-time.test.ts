/** Due-time arithmetic: hours, calendar days and business days, in a zone, across DST changes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { type BusinessCalendar, DueTimeError, addMonths, computeDue, computeDueDetailed, describeAmount, endOfLocalDay, formatInZone, isBusinessDay, isKnownTimeZone, localDate } from './due-time.ts';

const iso = (d: Date) => d.toISOString();
const SAT_SUN = [0, 6];
const india: BusinessCalendar = {
  weekendDays: SAT_SUN,
  holidays: new Set(['2025-01-26', '2025-08-15', '2025-10-02', '2019-11-12']),
};
const plain: BusinessCalendar = { weekendDays: SAT_SUN, holidays: new Set() };

describe('due time in hours', () => {
  it('counts elapsed clock hours, day and night', () => {
    assert.equal(iso(computeDue({ from: new Date('2019-11-26T10:00:00Z'), amount: 72, unit: 'hours', timeZone: 'Asia/Kolkata' })), '2019-11-29T10:00:00.000Z');
    assert.equal(iso(computeDue({ from: new Date('2022-06-27T03:00:00Z'), amount: 6, unit: 'hours', timeZone: 'Asia/Kolkata' })), '2022-06-27T09:00:00.000Z');
  });

  it('is not stretched by the spring DST change in Europe/London: 24 hours from noon GMT end at 13:00 BST', () => {
    const due = computeDue({ from: new Date('2025-03-29T12:00:00Z'), amount: 24, unit: 'hours', timeZone: 'Europe/London' });
    assert.equal(iso(due), '2025-03-30T12:00:00.000Z');
    assert.match(formatInZone(due, 'Europe/London'), /^30 Mar 2025, 13:00:00 BST \(Europe\/London\)$/);
  });

  it('is not shrunk by the autumn DST change in America/New_York: 48 hours from 08:00 EDT end at 07:00 EST', () => {
    const due = computeDue({ from: new Date('2025-11-01T12:00:00Z'), amount: 48, unit: 'hours', timeZone: 'America/New_York' });
    assert.equal(iso(due), '2025-11-03T12:00:00.000Z');
    assert.match(formatInZone(due, 'America/New_York'), /^3 Nov 2025, 07:00:00 GMT-5 \(America\/New_York\)$/);
  });
});

describe('due time in calendar days', () => {
  it('ends at 23:59:59 local time of the Nth local date, counted from the local date of issue', () => {
    // 26 Nov 2019 20:00 UTC is already 27 Nov 01:30 in India: three days run to 30 Nov, India's end of day.
    const due = computeDue({ from: new Date('2019-11-26T20:00:00Z'), amount: 3, unit: 'calendar_days', timeZone: 'Asia/Kolkata' });
    assert.equal(iso(due), '2019-11-30T18:29:59.000Z');
    assert.equal(formatInZone(due, 'Asia/Kolkata'), '30 Nov 2019, 23:59:59 GMT+5:30 (Asia/Kolkata)');
    // The same instant in UTC is still 26 Nov: the days run to 29 Nov.
    assert.equal(iso(computeDue({ from: new Date('2019-11-26T20:00:00Z'), amount: 3, unit: 'calendar_days', timeZone: 'UTC' })), '2019-11-29T23:59:59.000Z');
  });

  it('runs through weekends and holidays', () => {
    // Friday 14 Aug 2025, 2 days: Saturday 16 Aug, over Independence Day.
    const due = computeDue({ from: new Date('2025-08-14T06:00:00Z'), amount: 2, unit: 'calendar_days', timeZone: 'Asia/Kolkata', calendar: india });
    assert.equal(localDate(due, 'Asia/Kolkata'), '2025-08-16');
  });

  it('ends at the local end of day on either side of the spring DST change in Europe/London', () => {
    const from = new Date('2025-03-28T10:00:00Z');
    assert.equal(iso(computeDue({ from, amount: 1, unit: 'calendar_days', timeZone: 'Europe/London' })), '2025-03-29T23:59:59.000Z');
    // 30 March is a 23-hour day: its 23:59:59 BST is 22:59:59 UTC.
    assert.equal(iso(computeDue({ from, amount: 2, unit: 'calendar_days', timeZone: 'Europe/London' })), '2025-03-30T22:59:59.000Z');
  });

  it('ends at the local end of day after the autumn DST change in America/New_York', () => {
    const from = new Date('2025-10-31T19:00:00Z');
    assert.equal(iso(computeDue({ from, amount: 1, unit: 'calendar_days', timeZone: 'America/New_York' })), '2025-11-02T03:59:59.000Z');
    // 2 November is a 25-hour day: its 23:59:59 EST is 04:59:59 UTC the next day.
    assert.equal(iso(computeDue({ from, amount: 2, unit: 'calendar_days', timeZone: 'America/New_York' })), '2025-11-03T04:59:59.000Z');
  });
});

describe('due time in business days', () => {
  it('skips the weekend: one business day from a Friday is the Monday', () => {
    const due = computeDue({ from: new Date('2025-10-31T19:00:00Z'), amount: 1, unit: 'business_days', timeZone: 'America/New_York', calendar: plain });
    // Monday 3 Nov 2025 23:59:59 EST, after the clocks went back on the Sunday.
    assert.equal(iso(due), '2025-11-04T04:59:59.000Z');
  });

  it('skips holidays and weekends together: two business days from Thursday 14 Aug 2025 in India end on Tuesday 19 Aug', () => {
    const due = computeDue({ from: new Date('2025-08-14T04:30:00Z'), amount: 2, unit: 'business_days', timeZone: 'Asia/Kolkata', calendar: india });
    assert.equal(iso(due), '2025-08-19T18:29:59.000Z');
    assert.equal(formatInZone(due, 'Asia/Kolkata'), '19 Aug 2025, 23:59:59 GMT+5:30 (Asia/Kolkata)');
  });

  it('starts counting the day after issue, even when issued on a holiday or weekend', () => {
    // Issued on Saturday 25 Jan 2025; Sunday 26 Jan is Republic Day and a weekend day.
    const due = computeDue({ from: new Date('2025-01-25T05:00:00Z'), amount: 1, unit: 'business_days', timeZone: 'Asia/Kolkata', calendar: india });
    assert.equal(localDate(due, 'Asia/Kolkata'), '2025-01-27');
    // Issued late on a Friday evening in India (still Friday in UTC): Monday is the first business day.
    const late = computeDue({ from: new Date('2019-11-08T17:00:00Z'), amount: 2, unit: 'business_days', timeZone: 'Asia/Kolkata', calendar: india });
    // Saturday 9 Nov India time, so: Mon 11 Nov, (Tue 12 Nov is a holiday), Wed 13 Nov.
    assert.equal(localDate(late, 'Asia/Kolkata'), '2019-11-13');
  });

  it('uses the calendar\'s own weekend days', () => {
    const fridaySaturday: BusinessCalendar = { weekendDays: [5, 6], holidays: new Set() };
    // Thursday 6 Mar 2025: the next business day is Sunday 9 March.
    const due = computeDue({ from: new Date('2025-03-06T08:00:00Z'), amount: 1, unit: 'business_days', timeZone: 'Asia/Dubai', calendar: fridaySaturday });
    assert.equal(localDate(due, 'Asia/Dubai'), '2025-03-09');
  });

  it('crosses the spring DST change in Europe/London and ends at 23:59:59 BST', () => {
    // Friday 28 March 2025, 3 business days: Mon 31 Mar, Tue 1 Apr, Wed 2 Apr.
    const due = computeDue({ from: new Date('2025-03-28T16:00:00Z'), amount: 3, unit: 'business_days', timeZone: 'Europe/London', calendar: plain });
    assert.equal(iso(due), '2025-04-02T22:59:59.000Z');
  });

  it('needs a calendar, a known zone and a calendar that has business days', () => {
    const from = new Date('2025-01-01T00:00:00Z');
    assert.throws(() => computeDue({ from, amount: 1, unit: 'business_days', timeZone: 'UTC' }), DueTimeError);
    assert.throws(() => computeDue({ from, amount: 1, unit: 'hours', timeZone: 'Mars/Olympus_Mons' }), DueTimeError);
    assert.throws(() => computeDue({ from, amount: 1, unit: 'business_days', timeZone: 'UTC', calendar: { weekendDays: [0, 1, 2, 3, 4, 5, 6], holidays: new Set() } }), DueTimeError);
    assert.throws(() => computeDue({ from, amount: 0, unit: 'hours', timeZone: 'UTC' }), DueTimeError);
  });

  it('always ends on a business day at 23:59:59 local time, with exactly N business days after the day of issue (property)', () => {
    const zones = ['Asia/Kolkata', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'UTC'];
    fc.assert(fc.property(
      fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 1, max: 30 }),
      fc.constantFrom(...zones),
      fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
      (from, amount, zone, weekendDays) => {
        const holidays = new Set(['2025-12-25', '2025-12-26', '2026-01-01', '2019-08-15', '2027-10-02']);
        const calendar = { weekendDays, holidays };
        const due = computeDue({ from, amount, unit: 'business_days', timeZone: zone, calendar });
        const last = localDate(due, zone);
        assert.ok(isBusinessDay(last, calendar), `${last} is not a business day`);
        assert.equal(due.getTime(), endOfLocalDay(last, zone).getTime());
        let count = 0;
        for (let day = localDate(from, zone); day < last;) {
          const [y, m, d] = day.split('-').map(Number);
          day = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
          if (isBusinessDay(day, calendar)) count += 1;
        }
        assert.equal(count, amount);
      },
    ), { numRuns: 300 });
  });
});

describe('zones', () => {
  it('knows IANA names and refuses others', () => {
    assert.ok(isKnownTimeZone('Asia/Kolkata'));
    assert.ok(isKnownTimeZone('UTC'));
    assert.ok(!isKnownTimeZone('Asia/Nowhere'));
    assert.ok(!isKnownTimeZone('+05:30'));
  });

  it('gives the local date and the end of a local day as the zone data does, on either side of DST changes', () => {
    const zones = ['Asia/Kolkata', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'Pacific/Apia'];
    // Around the Berlin change of 30 March 2025 (01:00 UTC) and New York's of 2 November 2025 (06:00 UTC).
    assert.equal(localDate(new Date('2025-03-29T22:59:59.999Z'), 'Europe/Berlin'), '2025-03-29');
    assert.equal(localDate(new Date('2025-03-29T23:00:00Z'), 'Europe/Berlin'), '2025-03-30');
    assert.equal(localDate(new Date('2025-11-02T03:59:59Z'), 'America/New_York'), '2025-11-01');
    assert.equal(localDate(new Date('2025-11-02T04:00:00Z'), 'America/New_York'), '2025-11-02');
    assert.equal(endOfLocalDay('2025-03-30', 'Europe/Berlin').toISOString(), '2025-03-30T21:59:59.000Z');
    fc.assert(fc.property(
      fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.constantFrom(...zones),
      (instant, zone) => {
        const local = new TZDate(instant.getTime(), zone);
        const expected = `${String(local.getFullYear()).padStart(4, '0')}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
        // Twice: the first answer fills the per-day cache, the second reads it.
        assert.equal(localDate(instant, zone), expected);
        assert.equal(localDate(instant, zone), expected);
        const [y, m, d] = expected.split('-').map(Number);
        assert.equal(endOfLocalDay(expected, zone).getTime(), new TZDate(y, m - 1, d, 23, 59, 59, zone).getTime());
      },
    ), { numRuns: 2000 });
  });
});

describe('due time in months (obligations)', () => {
  it('ends at 23:59:59 local time on the same day of the month N months later', () => {
    // NIS2: one month from a notification on 22 October 2025 in Berlin, across the change to winter time.
    const { due, skipped } = computeDueDetailed({ from: new Date('2025-10-22T09:15:00Z'), amount: 1, unit: 'months', timeZone: 'Europe/Berlin' });
    assert.equal(iso(due), '2025-11-22T22:59:59.000Z');
    assert.deepEqual(skipped, []);
    assert.equal(describeAmount(1, 'months'), '1 month');
    assert.equal(describeAmount(3, 'months'), '3 months');
  });

  it('ends on the last day of a shorter month', () => {
    assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2025-03-31', 1), '2025-04-30');
    assert.equal(addMonths('2025-11-15', 2), '2026-01-15');
    assert.equal(addMonths('2025-12-31', 14), '2027-02-28');
  });
});

describe('days a business-day count skips', () => {
  it('are listed by date, holidays told from weekend days', () => {
    const { due, skipped } = computeDueDetailed({ from: new Date('2025-08-14T04:30:00Z'), amount: 2, unit: 'business_days', timeZone: 'Asia/Kolkata', calendar: india });
    assert.equal(iso(due), '2025-08-19T18:29:59.000Z');
    assert.deepEqual(skipped, [
      { date: '2025-08-15', reason: 'holiday' },
      { date: '2025-08-16', reason: 'weekend' },
      { date: '2025-08-17', reason: 'weekend' },
    ]);
  });

  it('give the same due time as computeDue (property)', () => {
    fc.assert(fc.property(
      fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 1, max: 30 }),
      fc.constantFrom('hours', 'calendar_days', 'business_days'),
      fc.constantFrom('Asia/Kolkata', 'Europe/London', 'America/New_York'),
      (from, amount, unit, zone) => {
        const rule = { from, amount, unit, timeZone: zone, calendar: india } as const;
        const detailed = computeDueDetailed(rule);
        assert.equal(detailed.due.getTime(), computeDue(rule).getTime());
        for (const day of detailed.skipped) assert.ok(!isBusinessDay(day.date, india));
      },
    ), { numRuns: 200 });
  });
});
