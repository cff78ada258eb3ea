/**
 * Checks a holiday calendar's list of dated holidays before it is stored. A day that does
 * not exist (30 February, month 13) must be refused with a message that names it, not
 * left to the database, which would fail the whole request without saying which day.
 */
import { AppError } from '../../http/app-error.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Why `day` (YYYY-MM-DD) is not a date, or null when it is one. */
export function impossibleDayReason(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return 'write it as YYYY-MM-DD';
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1) return 'there is no year 0';
  if (month < 1 || month > 12) return `there is no month ${match[2]}; months run from 01 to 12`;
  if (date < 1) return 'there is no day 00; days run from 01';
  const length = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
  if (date > length) return `${MONTHS[month - 1]} ${year} has ${length} days`;
  return null;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Refuses a list with a day that does not exist (`notices.invalid_holiday`) or a day given twice (`notices.duplicate_holiday`). */
export function checkHolidayList(holidays: ReadonlyArray<{ day: string }>): void {
  const seen = new Set<string>();
  for (const [index, { day }] of holidays.entries()) {
    const reason = impossibleDayReason(day);
    if (reason) {
      throw new AppError('notices.invalid_holiday', `${day} is not a date: ${reason}.`, { status: 422, details: { index, day } });
    }
    if (seen.has(day)) {
      throw new AppError('notices.duplicate_holiday', `${day} appears twice in the list of holidays; give each day once.`, { status: 422, details: { index, day } });
    }
    seen.add(day);
  }
}
