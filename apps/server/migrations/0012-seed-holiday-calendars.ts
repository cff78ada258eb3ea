/**
 * The holiday calendars the obligation rule packs count in, besides `IN` (migration 0009).
 * A rule counts its days on the calendar named by its `calendar`, else by its jurisdiction
 * (docs/modules/obligations.md, "Zone"); without one, holidays are not skipped.
 *
 * - `US` (America/New_York, Saturday and Sunday): the legal public holidays of 5 U.S.C.
 *   6103(a) on the days federal employees observe them, as the Office of Personnel
 *   Management lists them (opm.gov, "Federal Holidays"): a holiday on a Saturday is
 *   observed on the Friday before, one on a Sunday on the Monday after (6103(b); Executive
 *   Order 11582). Only the observed day is listed. Juneteenth National Independence Day is
 *   a holiday from 2021 (Pub. L. 117-17). New Year's Day 2028 falls on a Saturday and is
 *   observed on Friday 31 December 2027; New Year's Day 2022 was observed on 31 December
 *   2021, outside the years seeded. Not included, being no holiday under 6103(a):
 *   Inauguration Day (6103(c), the Washington area only; in 2025 it fell on Martin Luther
 *   King, Jr.'s Birthday anyway) and the days the President closed the executive
 *   departments by order — 24 December 2019, 9 January 2025 (national day of mourning for
 *   President Carter), 24 and 26 December 2025 (Executive Order 14371). An administrator
 *   adds such a day when a rule's authority treats it as a holiday.
 * - `GB` (Europe/London, Saturday and Sunday): the bank holidays of England and Wales as
 *   GOV.UK lists them ("UK bank holidays", gov.uk/bank-holidays), with their names there:
 *   those of the Banking and Financial Dealings Act 1971, Schedule 1 (Easter Monday, the
 *   last Mondays of May and August, 26 December unless a Sunday, 27 December when 25 or 26
 *   December is a Sunday), New Year's Day, the early May bank holiday and the other
 *   substitute days by royal proclamation, Good Friday and Christmas Day by common law,
 *   and the one-off days: in 2022 the spring bank holiday moved to Thursday 2 June, the
 *   Platinum Jubilee bank holiday on Friday 3 June and the State Funeral of Queen
 *   Elizabeth II on Monday 19 September; in 2023 the coronation of King Charles III on
 *   Monday 8 May. Good Friday and Easter Monday follow Easter Sunday (Gregorian computus:
 *   21 April 2019, 17 April 2022, 9 April 2023, 31 March 2024, 20 April 2025, 5 April 2026,
 *   28 March 2027). 2027 is computed by these rules, not copied from a GOV.UK
 *   announcement: a one-off day proclaimed for 2027 is added by an administrator.
 *   Scotland and Northern Ireland have other bank holidays; the UK rule packs name `GB`.
 * - `EU` (Europe/Brussels, Saturday and Sunday, no holidays): the European Union has no
 *   one calendar of public holidays. Each institution and agency sets its own (the
 *   Commission's differ from the ECB's, and both from ENISA's in Athens), and the
 *   authorities the EU packs' duties are owed to — national CSIRTs, supervisory and
 *   competent authorities — keep their Member State's. None of the EU rules counts
 *   business days (they run in hours and months); the calendar gives them Brussels as
 *   their zone and says, by its name, that no holiday is skipped. A rule that needs a
 *   Member State's holidays names a calendar of its own (`calendar: "DE"`).
 *
 * Dates are written out (not computed here) so that the data is frozen as reviewed. An
 * installation that already has a calendar with one of these codes keeps it unchanged.
 * Forward only: later corrections are made through the API (audited), not by editing this file.
 */
import { type Kysely, sql } from 'kysely';

type Holidays = Array<[day: string, name: string]>;

const US_HOLIDAYS: Holidays = [
  // 2019
  ['2019-01-01', "New Year's Day"],
  ['2019-01-21', 'Birthday of Martin Luther King, Jr.'],
  ['2019-02-18', "Washington's Birthday"],
  ['2019-05-27', 'Memorial Day'],
  ['2019-07-04', 'Independence Day'],
  ['2019-09-02', 'Labor Day'],
  ['2019-10-14', 'Columbus Day'],
  ['2019-11-11', 'Veterans Day'],
  ['2019-11-28', 'Thanksgiving Day'],
  ['2019-12-25', 'Christmas Day'],
  // 2022 (New Year's Day, a Saturday, was observed on 31 December 2021)
  ['2022-01-17', 'Birthday of Martin Luther King, Jr.'],
  ['2022-02-21', "Washington's Birthday"],
  ['2022-05-30', 'Memorial Day'],
  ['2022-06-20', 'Juneteenth National Independence Day (observed)'],
  ['2022-07-04', 'Independence Day'],
  ['2022-09-05', 'Labor Day'],
  ['2022-10-10', 'Columbus Day'],
  ['2022-11-11', 'Veterans Day'],
  ['2022-11-24', 'Thanksgiving Day'],
  ['2022-12-26', 'Christmas Day (observed)'],
  // 2023
  ['2023-01-02', "New Year's Day (observed)"],
  ['2023-01-16', 'Birthday of Martin Luther King, Jr.'],
  ['2023-02-20', "Washington's Birthday"],
  ['2023-05-29', 'Memorial Day'],
  ['2023-06-19', 'Juneteenth National Independence Day'],
  ['2023-07-04', 'Independence Day'],
  ['2023-09-04', 'Labor Day'],
  ['2023-10-09', 'Columbus Day'],
  ['2023-11-10', 'Veterans Day (observed)'],
  ['2023-11-23', 'Thanksgiving Day'],
  ['2023-12-25', 'Christmas Day'],
  // 2024
  ['2024-01-01', "New Year's Day"],
  ['2024-01-15', 'Birthday of Martin Luther King, Jr.'],
  ['2024-02-19', "Washington's Birthday"],
  ['2024-05-27', 'Memorial Day'],
  ['2024-06-19', 'Juneteenth National Independence Day'],
  ['2024-07-04', 'Independence Day'],
  ['2024-09-02', 'Labor Day'],
  ['2024-10-14', 'Columbus Day'],
  ['2024-11-11', 'Veterans Day'],
  ['2024-11-28', 'Thanksgiving Day'],
  ['2024-12-25', 'Christmas Day'],
  // 2025
  ['2025-01-01', "New Year's Day"],
  ['2025-01-20', 'Birthday of Martin Luther King, Jr.'],
  ['2025-02-17', "Washington's Birthday"],
  ['2025-05-26', 'Memorial Day'],
  ['2025-06-19', 'Juneteenth National Independence Day'],
  ['2025-07-04', 'Independence Day'],
  ['2025-09-01', 'Labor Day'],
  ['2025-10-13', 'Columbus Day'],
  ['2025-11-11', 'Veterans Day'],
  ['2025-11-27', 'Thanksgiving Day'],
  ['2025-12-25', 'Christmas Day'],
  // 2026
  ['2026-01-01', "New Year's Day"],
  ['2026-01-19', 'Birthday of Martin Luther King, Jr.'],
  ['2026-02-16', "Washington's Birthday"],
  ['2026-05-25', 'Memorial Day'],
  ['2026-06-19', 'Juneteenth National Independence Day'],
  ['2026-07-03', 'Independence Day (observed)'],
  ['2026-09-07', 'Labor Day'],
  ['2026-10-12', 'Columbus Day'],
  ['2026-11-11', 'Veterans Day'],
  ['2026-11-26', 'Thanksgiving Day'],
  ['2026-12-25', 'Christmas Day'],
  // 2027
  ['2027-01-01', "New Year's Day"],
  ['2027-01-18', 'Birthday of Martin Luther King, Jr.'],
  ['2027-02-15', "Washington's Birthday"],
  ['2027-05-31', 'Memorial Day'],
  ['2027-06-18', 'Juneteenth National Independence Day (observed)'],
  ['2027-07-05', 'Independence Day (observed)'],
  ['2027-09-06', 'Labor Day'],
  ['2027-10-11', 'Columbus Day'],
  ['2027-11-11', 'Veterans Day'],
  ['2027-11-25', 'Thanksgiving Day'],
  ['2027-12-24', 'Christmas Day (observed)'],
  ['2027-12-31', "New Year's Day 2028 (observed)"],
];

const GB_HOLIDAYS: Holidays = [
  // 2019
  ['2019-01-01', "New Year's Day"],
  ['2019-04-19', 'Good Friday'],
  ['2019-04-22', 'Easter Monday'],
  ['2019-05-06', 'Early May bank holiday'],
  ['2019-05-27', 'Spring bank holiday'],
  ['2019-08-26', 'Summer bank holiday'],
  ['2019-12-25', 'Christmas Day'],
  ['2019-12-26', 'Boxing Day'],
  // 2022
  ['2022-01-03', "New Year's Day (substitute day)"],
  ['2022-04-15', 'Good Friday'],
  ['2022-04-18', 'Easter Monday'],
  ['2022-05-02', 'Early May bank holiday'],
  ['2022-06-02', 'Spring bank holiday'],
  ['2022-06-03', 'Platinum Jubilee bank holiday'],
  ['2022-08-29', 'Summer bank holiday'],
  ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
  ['2022-12-26', 'Boxing Day'],
  ['2022-12-27', 'Christmas Day (substitute day)'],
  // 2023
  ['2023-01-02', "New Year's Day (substitute day)"],
  ['2023-04-07', 'Good Friday'],
  ['2023-04-10', 'Easter Monday'],
  ['2023-05-01', 'Early May bank holiday'],
  ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
  ['2023-05-29', 'Spring bank holiday'],
  ['2023-08-28', 'Summer bank holiday'],
  ['2023-12-25', 'Christmas Day'],
  ['2023-12-26', 'Boxing Day'],
  // 2024
  ['2024-01-01', "New Year's Day"],
  ['2024-03-29', 'Good Friday'],
  ['2024-04-01', 'Easter Monday'],
  ['2024-05-06', 'Early May bank holiday'],
  ['2024-05-27', 'Spring bank holiday'],
  ['2024-08-26', 'Summer bank holiday'],
  ['2024-12-25', 'Christmas Day'],
  ['2024-12-26', 'Boxing Day'],
  // 2025
  ['2025-01-01', "New Year's Day"],
  ['2025-04-18', 'Good Friday'],
  ['2025-04-21', 'Easter Monday'],
  ['2025-05-05', 'Early May bank holiday'],
  ['2025-05-26', 'Spring bank holiday'],
  ['2025-08-25', 'Summer bank holiday'],
  ['2025-12-25', 'Christmas Day'],
  ['2025-12-26', 'Boxing Day'],
  // 2026
  ['2026-01-01', "New Year's Day"],
  ['2026-04-03', 'Good Friday'],
  ['2026-04-06', 'Easter Monday'],
  ['2026-05-04', 'Early May bank holiday'],
  ['2026-05-25', 'Spring bank holiday'],
  ['2026-08-31', 'Summer bank holiday'],
  ['2026-12-25', 'Christmas Day'],
  ['2026-12-28', 'Boxing Day (substitute day)'],
  // 2027 (computed, see above)
  ['2027-01-01', "New Year's Day"],
  ['2027-03-26', 'Good Friday'],
  ['2027-03-29', 'Easter Monday'],
  ['2027-05-03', 'Early May bank holiday'],
  ['2027-05-31', 'Spring bank holiday'],
  ['2027-08-30', 'Summer bank holiday'],
  ['2027-12-27', 'Christmas Day (substitute day)'],
  ['2027-12-28', 'Boxing Day (substitute day)'],
];

const CALENDARS: Array<{ code: string; name: string; timeZone: string; holidays: Holidays }> = [
  { code: 'US', name: 'United States: federal holidays (5 U.S.C. 6103, as observed by federal employees)', timeZone: 'America/New_York', holidays: US_HOLIDAYS },
  { code: 'GB', name: 'United Kingdom: bank holidays in England and Wales', timeZone: 'Europe/London', holidays: GB_HOLIDAYS },
  { code: 'EU', name: 'European Union: Saturdays and Sundays only (each institution and Member State keeps its own holidays)', timeZone: 'Europe/Brussels', holidays: [] },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const calendar of CALENDARS) {
    const inserted = await sql<{ id: string }>`
      insert into holiday_calendars (code, name, time_zone, weekend_days)
      values (${calendar.code}, ${calendar.name}, ${calendar.timeZone}, '{0,6}')
      on conflict (code) do nothing
      returning id`.execute(db);
    const calendarId = inserted.rows[0]?.id;
    if (!calendarId || calendar.holidays.length === 0) continue;
    const rows = calendar.holidays.map(([day, name]) => sql`(${calendarId}, ${day}::date, ${name})`);
    await sql`insert into holidays (calendar_id, day, name) values ${sql.join(rows)}`.execute(db);
  }
}
