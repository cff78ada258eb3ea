/**
 * The due time of a notice from its settings: a fixed instant, or an amount and unit (the
 * notice's own, else its legal basis' default) counted from the issue time on the
 * notice's calendar (else the basis') in the notice's zone. Used at issue and by the
 * composer's live preview, so both give the same answer.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DueMode, DueUnit } from '#shared/contracts/notices';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import { type BusinessCalendar, DueTimeError, computeDue, describeAmount, formatInZone, isKnownTimeZone } from './due-time.ts';

export interface DueSettings {
  dueMode: DueMode;
  dueAt: Date | null;
  dueAmount: number | null;
  dueUnit: DueUnit | null;
  calendarId: string | null;
  timeZone: string | null;
  legalBasisId: string | null;
}

export interface ResolvedDue {
  dueAt: Date;
  amount: number | null;
  unit: DueUnit | null;
  calendarId: string | null;
  timeZone: string;
  dueLocal: string;
  explanation: string;
}

const invalid = (message: string) => new AppError('notices.invalid_due', message, { status: 422 });

/** Settings that contradict themselves are refused whatever the stage of the notice. */
export function assertDueSettingsConsistent(s: Pick<DueSettings, 'dueMode' | 'dueAt' | 'dueAmount' | 'dueUnit' | 'timeZone'>): void {
  if ((s.dueAmount === null) !== (s.dueUnit === null)) throw invalid('Give a deadline\'s amount and its unit together.');
  if (s.dueMode === 'fixed' && s.dueAmount !== null) throw invalid('A fixed deadline takes a due time, not an amount and unit.');
  if (s.dueMode === 'from_basis' && s.dueAt !== null) throw invalid('A deadline computed at issue takes no fixed due time.');
  if (s.timeZone !== null && !isKnownTimeZone(s.timeZone)) throw invalid(`${s.timeZone} is not a known time zone.`);
}

export async function loadCalendar(db: Kysely<DB> | Transaction<DB>, id: string) {
  const calendar = await db.selectFrom('holiday_calendars').select(['id', 'code', 'name', 'time_zone', 'weekend_days']).where('id', '=', id).executeTakeFirst();
  if (!calendar) return undefined;
  const holidays = await db.selectFrom('holidays').select((eb) => eb.fn<string>('to_char', [eb.ref('day'), eb.val('YYYY-MM-DD')]).as('day')).where('calendar_id', '=', id).execute();
  const business: BusinessCalendar = { weekendDays: calendar.weekend_days, holidays: new Set(holidays.map((h) => h.day)) };
  return { ...calendar, business };
}

/** The zone a notice's due time is in when none is given: its calendar's, else UTC. */
export async function defaultTimeZone(db: Kysely<DB> | Transaction<DB>, calendarId: string | null, legalBasisId: string | null): Promise<string> {
  let id = calendarId;
  if (!id && legalBasisId) id = (await db.selectFrom('legal_bases').select('calendar_id').where('id', '=', legalBasisId).executeTakeFirst())?.calendar_id ?? null;
  if (!id) return 'UTC';
  return (await db.selectFrom('holiday_calendars').select('time_zone').where('id', '=', id).executeTakeFirst())?.time_zone ?? 'UTC';
}

export async function resolveDue(db: Kysely<DB> | Transaction<DB>, settings: DueSettings, from: Date): Promise<ResolvedDue> {
  assertDueSettingsConsistent(settings);
  const timeZone = settings.timeZone ?? await defaultTimeZone(db, settings.calendarId, settings.legalBasisId);
  if (settings.dueMode === 'fixed') {
    if (!settings.dueAt) throw invalid('Set the due time of the notice.');
    if (settings.dueAt.getTime() <= from.getTime()) throw invalid('The due time must be after the time of issue.');
    return { dueAt: settings.dueAt, amount: null, unit: null, calendarId: settings.calendarId, timeZone, dueLocal: formatInZone(settings.dueAt, timeZone), explanation: 'A fixed due time.' };
  }
  const basis = settings.legalBasisId
    ? await db.selectFrom('legal_bases').select(['due_amount', 'due_unit', 'calendar_id', 'clause']).where('id', '=', settings.legalBasisId).executeTakeFirst()
    : undefined;
  const amount = settings.dueAmount ?? basis?.due_amount ?? null;
  const unit = settings.dueUnit ?? basis?.due_unit ?? null;
  if (amount === null || unit === null) {
    throw invalid('The legal basis sets no deadline: give the notice its own amount and unit, or a fixed due time.');
  }
  const calendarId = settings.calendarId ?? basis?.calendar_id ?? null;
  const calendar = calendarId ? await loadCalendar(db, calendarId) : undefined;
  if (calendarId && !calendar) throw invalid('The holiday calendar does not exist.');
  let dueAt: Date;
  try {
    dueAt = computeDue({ from, amount, unit, timeZone, calendar: calendar?.business ?? null });
  } catch (error) {
    if (error instanceof DueTimeError) throw invalid(error.message);
    throw error;
  }
  const source = settings.dueAmount !== null ? 'set in the notice' : `the default of ${basis?.clause ?? 'the legal basis'}`;
  const how = unit === 'hours'
    ? 'clock hours, day and night'
    : unit === 'calendar_days'
      ? `ending at 23:59:59 on the last day in ${timeZone}`
      : `skipping the weekend days and holidays of the ${calendar?.code} calendar, ending at 23:59:59 on the last business day in ${timeZone}`;
  return {
    dueAt, amount, unit, calendarId, timeZone, dueLocal: formatInZone(dueAt, timeZone),
    explanation: `${describeAmount(amount, unit)} from issue (${source}): ${how}.`,
  };
}
