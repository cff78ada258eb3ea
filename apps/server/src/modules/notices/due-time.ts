/**
 * Due-time arithmetic for notices, pure and zone-aware (docs/modules/notices.md, "Due
 * times"):
 *
 * - `hours`: elapsed clock hours from the start, day and night; a DST change does not
 *   stretch or shrink them;
 * - `calendar_days`: the Nth local date after the start's local date, ending at 23:59:59
 *   local time;
 * - `business_days`: the Nth local date after the start's that is neither a weekend day
 *   of the calendar nor one of its holidays, ending at 23:59:59 local time;
 * - `months` (obligations only, e.g. NIS2's final report): the same day of the month N
 *   months after the start's local date, or that month's last day when it is shorter,
 *   ending at 23:59:59 local time, like calendar days.
 *
 * Dates are counted on the wall calendar of the notice's IANA zone and only the final
 * "end of the day" is turned into an instant, in that zone (`@date-fns/tz`), so that the
 * instant is right on either side of a DST change.
 */
import { TZDate, tzOffset } from '@date-fns/tz';

export type DueUnit = 'hours' | 'calendar_days' | 'business_days';
/** The units of an obligation rule's deadline: a notice's units and months. */
export type DurationUnit = DueUnit | 'months';

export interface BusinessCalendar {
  /** 0 = Sunday … 6 = Saturday. */
  weekendDays: readonly number[];
  /** Local dates, YYYY-MM-DD. */
  holidays: ReadonlySet<string>;
}

export interface DueRule {
  from: Date;
  amount: number;
  unit: DueUnit;
  timeZone: string;
  calendar?: BusinessCalendar | null;
}

const DAY_MS = 86_400_000;
/** A longer run of non-business days than this means the calendar is unusable (every day a weekend or holiday). */
const MAX_SKIPPED_DAYS = 366;

/** A non-business day a business-day count stepped over. */
export interface SkippedDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  /** A holiday of the calendar takes precedence over a weekend day falling on the same date. */
  reason: 'weekend' | 'holiday';
}

export class DueTimeError extends Error {
  override name = 'DueTimeError';
}

/** Zones found known: building a formatter to check costs ~0.1 ms, and recomputing obligations checks a zone per rule and party. */
const KNOWN_ZONES = new Set<string>();

/** True when the zone is an IANA name the runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  if (KNOWN_ZONES.has(zone)) return true;
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  if (KNOWN_ZONES.size < 1000) KNOWN_ZONES.add(zone);
  return true;
}

/**
 * A zone's UTC offset in minutes over one UTC day, when it is the same at the day's first
 * and last millisecond; null on a day the offset changes. Asking the runtime's zone data
 * costs a formatter call; recomputing obligations asks for the local date of millions of
 * instants spread over a few thousand days in a few zones, so the answer is kept per day.
 */
const DAY_OFFSETS = new Map<string, Map<number, number | null>>();
function steadyOffset(ms: number, timeZone: string): number | null {
  const day = Math.floor(ms / DAY_MS);
  let byDay = DAY_OFFSETS.get(timeZone);
  if (!byDay) {
    byDay = new Map();
    if (DAY_OFFSETS.size < 1000) DAY_OFFSETS.set(timeZone, byDay);
  }
  let offset = byDay.get(day);
  if (offset === undefined) {
    const first = tzOffset(timeZone, new Date(day * DAY_MS));
    const last = tzOffset(timeZone, new Date(day * DAY_MS + DAY_MS - 1));
    offset = first === last && Number.isFinite(first) ? first : null;
    if (byDay.size < 100_000) byDay.set(day, offset);
  }
  return offset;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  const offset = steadyOffset(ms, timeZone);
  if (offset !== null) {
    const local = new Date(ms + offset * 60_000);
    return isoDate(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  }
  const local = new TZDate(ms, timeZone);
  return isoDate(local.getFullYear(), local.getMonth(), local.getDate());
}

/** Ends of local days already worked out, by zone and date (the same few thousand days recur). */
const DAY_ENDS = new Map<string, number>();

/** The instant at which a local date ends (23:59:59) in a zone. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const key = `${timeZone} ${date}`;
  let end = DAY_ENDS.get(key);
  if (end === undefined) {
    const [y, m, d] = date.split('-').map(Number);
    end = new TZDate(y, m - 1, d, 23, 59, 59, timeZone).getTime();
    if (DAY_ENDS.size >= 200_000) DAY_ENDS.clear();
    DAY_ENDS.set(key, end);
  }
  return new Date(end);
}

function isoDate(year: number, monthIndex: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(monthIndex + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Plain calendar arithmetic on YYYY-MM-DD, with no zone involved. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return isoDate(next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate());
}

function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  return !calendar.weekendDays.includes(weekday(date)) && !calendar.holidays.has(date);
}

/** The due instant under a rule. Throws DueTimeError for a zone or calendar it cannot use. */
export function computeDue(rule: DueRule): Date {
  return computeDueDetailed(rule).due;
}

/**
 * The due instant under a rule whose unit may also be `months`, and the non-business
 * days a business-day count skipped, so that an explanation can name them.
 */
export function computeDueDetailed(rule: Omit<DueRule, 'unit'> & { unit: DurationUnit }): { due: Date; skipped: SkippedDay[] } {
  if (!Number.isInteger(rule.amount) || rule.amount < 1) throw new DueTimeError('The amount of a deadline must be a whole number of at least 1.');
  if (!isKnownTimeZone(rule.timeZone)) throw new DueTimeError(`${rule.timeZone} is not a known time zone.`);
  if (rule.unit === 'hours') return { due: new Date(rule.from.getTime() + rule.amount * 3_600_000), skipped: [] };
  const start = localDate(rule.from, rule.timeZone);
  if (rule.unit === 'calendar_days') return { due: endOfLocalDay(addDays(start, rule.amount), rule.timeZone), skipped: [] };
  if (rule.unit === 'months') return { due: endOfLocalDay(addMonths(start, rule.amount), rule.timeZone), skipped: [] };
  const calendar = rule.calendar;
  if (!calendar) throw new DueTimeError('A deadline in business days needs a holiday calendar.');
  let day = start;
  let counted = 0;
  let run = 0;
  const skipped: SkippedDay[] = [];
  while (counted < rule.amount) {
    day = addDays(day, 1);
    if (isBusinessDay(day, calendar)) {
      counted += 1;
      run = 0;
    } else if (++run > MAX_SKIPPED_DAYS) {
      throw new DueTimeError('The calendar has no business days.');
    } else {
      skipped.push({ date: day, reason: calendar.holidays.has(day) ? 'holiday' : 'weekend' });
    }
  }
  return { due: endOfLocalDay(day, rule.timeZone), skipped };
}

/** The same day N months later on the wall calendar, or the last day of that month when it is shorter (31 Jan + 1 month = 28 or 29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDate(year, month, Math.min(d, lastDay));
}

const UNIT_WORDS: Record<DurationUnit, [string, string]> = {
  hours: ['hour', 'hours'],
  calendar_days: ['calendar day', 'calendar days'],
  business_days: ['business day', 'business days'],
  months: ['month', 'months'],
};

/** "72 hours", "1 business day", "1 month". */
export function describeAmount(amount: number, unit: DurationUnit): string {
  return `${amount} ${UNIT_WORDS[unit][amount === 1 ? 0 : 1]}`;
}

/** Building a formatter costs far more than using one: a list of notices formats many due times in few zones. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = FORMATTERS.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
    });
    if (FORMATTERS.size < 1000) FORMATTERS.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * An instant as people read it in a zone, with the zone named both ways:
 * "29 Nov 2019, 23:59:59 GMT+5:30 (Asia/Kolkata)".
 */
export function formatInZone(instant: Date, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')}:${get('second')} ${get('timeZoneName')} (${timeZone})`;
}
