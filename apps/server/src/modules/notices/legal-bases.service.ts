/**
 * The catalogue notices cite: legal bases (instrument, clause, summary, a default
 * deadline, the penalty provision for escalation) and the holiday calendars business-day
 * deadlines are counted on. Everyone may read them; administrators add, change and
 * retire. A basis cited by an issued notice keeps its wording (the notice's PDF and hash
 * cover it): retire it and add a new one instead. Obligations count business days on the
 * calendars too, so adding or changing one recomputes every incident's obligations.
 */
import type { Selectable } from 'kysely';
import type {
  CreateHolidayCalendarBody, CreateLegalBasisBody, HolidayCalendar, LegalBasis, UpdateHolidayCalendarBody, UpdateLegalBasisBody,
} from '#shared/contracts/notices';
import type { Actor } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { type UnitOfWork, type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { OBLIGATION_JOBS } from '../obligations/obligation-job-names.ts';
import { isKnownTimeZone } from './due-time.ts';
import { checkHolidayList } from './holiday-list.ts';

type BasisRow = Selectable<DB['legal_bases']> & { calendar_code: string | null; calendar_name: string | null; calendar_time_zone: string | null; in_use: boolean };

function basisView(r: BasisRow): LegalBasis {
  return {
    id: r.id, code: r.code, instrument: r.instrument, clause: r.clause, summary: r.summary, dueAmount: r.due_amount, dueUnit: r.due_unit,
    penaltyProvision: r.penalty_provision,
    calendar: r.calendar_id ? { id: r.calendar_id, code: r.calendar_code ?? '', name: r.calendar_name ?? '', timeZone: r.calendar_time_zone ?? 'UTC' } : null,
    active: r.active, inUse: r.in_use, createdAt: r.created_at.toISOString(),
  };
}

const basisNotFound = () => notFound('notices', 'The legal basis');

/** Refused before any transaction: an unknown zone, a day that does not exist, a day given twice. */
function checkCalendarInput(input: { timeZone?: string; holidays?: ReadonlyArray<{ day: string }> }): void {
  if (input.timeZone !== undefined && !isKnownTimeZone(input.timeZone)) {
    throw new AppError('notices.invalid_time_zone', `${input.timeZone} is not a known time zone.`, { status: 422 });
  }
  if (input.holidays) checkHolidayList(input.holidays);
}

/** Obligations count business days on these calendars: every incident's are recomputed (one job for a burst of changes). */
const recomputeObligations = (uow: UnitOfWork) => uow.enqueue(OBLIGATION_JOBS.recomputeAll, {}, { singletonKey: 'rules' });

export function createLegalBasesService(deps: UnitOfWorkDeps & { clock: () => Date }) {
  const { db, clock } = deps;

  const basesQuery = (executor: typeof db | Parameters<Parameters<typeof inTransaction>[2]>[0]['trx'] = db) => executor
    .selectFrom('legal_bases as b')
    .leftJoin('holiday_calendars as c', 'c.id', 'b.calendar_id')
    .selectAll('b')
    .select((eb) => [
      'c.code as calendar_code', 'c.name as calendar_name', 'c.time_zone as calendar_time_zone',
      eb.exists(eb.selectFrom('notices as n').select('n.id').whereRef('n.legal_basis_id', '=', 'b.id').where('n.issued_at', 'is not', null)).as('in_use'),
    ]);

  async function checkDefault(trx: Parameters<Parameters<typeof inTransaction>[2]>[0]['trx'], due: { amount: number | null; unit: string | null; calendarId: string | null }) {
    if ((due.amount === null) !== (due.unit === null)) {
      throw new AppError('notices.invalid_due', 'Give a default deadline\'s amount and its unit together.', { status: 422 });
    }
    if (due.calendarId && !(await trx.selectFrom('holiday_calendars').select('id').where('id', '=', due.calendarId).executeTakeFirst())) {
      throw new AppError('notices.unknown_calendar', 'The holiday calendar does not exist.', { status: 422 });
    }
  }

  async function calendarsView(ids?: string[]): Promise<HolidayCalendar[]> {
    let query = db.selectFrom('holiday_calendars').selectAll().orderBy('code');
    if (ids) query = query.where('id', 'in', ids);
    const calendars = await query.execute();
    if (calendars.length === 0) return [];
    const holidays = await db.selectFrom('holidays')
      .select((eb) => ['calendar_id', eb.fn<string>('to_char', [eb.ref('day'), eb.val('YYYY-MM-DD')]).as('day'), 'name'])
      .where('calendar_id', 'in', calendars.map((c) => c.id)).orderBy('day').execute();
    return calendars.map((c) => ({
      id: c.id, code: c.code, name: c.name, timeZone: c.time_zone, weekendDays: [...c.weekend_days].sort(),
      holidays: holidays.filter((h) => h.calendar_id === c.id).map((h) => ({ day: h.day, name: h.name })),
    }));
  }

  return {
    async list(): Promise<{ items: LegalBasis[] }> {
      const rows = await basesQuery().orderBy('b.active', 'desc').orderBy('b.code').execute();
      return { items: rows.map((r) => basisView(r as BasisRow)) };
    },

    async create(principal: Principal, actor: Actor, input: CreateLegalBasisBody): Promise<LegalBasis> {
      return inTransaction(deps, actor, async (uow) => {
        await checkDefault(uow.trx, { amount: input.dueAmount ?? null, unit: input.dueUnit ?? null, calendarId: input.calendarId ?? null });
        const inserted = await uow.trx.insertInto('legal_bases').values({
          code: input.code, instrument: input.instrument.trim(), clause: input.clause.trim(), summary: input.summary.trim(),
          due_amount: input.dueAmount ?? null, due_unit: input.dueUnit ?? null, penalty_provision: input.penaltyProvision?.trim() ?? null,
          calendar_id: input.calendarId ?? null, created_by: principal.userId, created_at: clock(),
        }).returning('id').executeTakeFirstOrThrow().catch((error: unknown) => {
          if (isUniqueViolation(error, 'legal_bases_code_key')) throw new AppError('notices.legal_basis_exists', `A legal basis with the code ${input.code} exists already.`, { status: 409 });
          throw error;
        });
        uow.audit({ action: 'legal_basis.created', targetType: 'legal_basis', targetIds: [inserted.id], after: input });
        return basisView(await basesQuery(uow.trx).where('b.id', '=', inserted.id).executeTakeFirstOrThrow() as BasisRow);
      });
    },

    async update(_principal: Principal, actor: Actor, id: string, input: UpdateLegalBasisBody): Promise<LegalBasis> {
      return inTransaction(deps, actor, async (uow) => {
        const before = await basesQuery(uow.trx).where('b.id', '=', id).forUpdate('b').executeTakeFirst() as BasisRow | undefined;
        if (!before) throw basisNotFound();
        const rewording = (['instrument', 'clause', 'summary'] as const).filter((k) => input[k] !== undefined && input[k]?.trim() !== before[k]);
        if (before.in_use && rewording.length) {
          throw new AppError('notices.legal_basis_in_use', 'Issued notices cite this legal basis as it is worded; retire it and add a new one instead.', { status: 409 });
        }
        const next = {
          amount: input.dueAmount !== undefined ? input.dueAmount : before.due_amount,
          unit: input.dueUnit !== undefined ? input.dueUnit : before.due_unit,
          calendarId: input.calendarId !== undefined ? input.calendarId : before.calendar_id,
        };
        await checkDefault(uow.trx, next);
        await uow.trx.updateTable('legal_bases').set({
          ...(input.instrument !== undefined ? { instrument: input.instrument.trim() } : {}),
          ...(input.clause !== undefined ? { clause: input.clause.trim() } : {}),
          ...(input.summary !== undefined ? { summary: input.summary.trim() } : {}),
          ...(input.penaltyProvision !== undefined ? { penalty_provision: input.penaltyProvision?.trim() ?? null } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
          due_amount: next.amount, due_unit: next.unit, calendar_id: next.calendarId,
        }).where('id', '=', id).execute();
        const after = await basesQuery(uow.trx).where('b.id', '=', id).executeTakeFirstOrThrow() as BasisRow;
        uow.audit({ action: 'legal_basis.updated', targetType: 'legal_basis', targetIds: [id], before: basisView(before), after: basisView(after) });
        return basisView(after);
      });
    },

    async listCalendars(): Promise<{ items: HolidayCalendar[] }> {
      return { items: await calendarsView() };
    },

    /** Adds a calendar that rules (by `calendar` or jurisdiction) and notices can count business days on. */
    async createCalendar(_principal: Principal, actor: Actor, input: CreateHolidayCalendarBody): Promise<HolidayCalendar> {
      checkCalendarInput(input);
      const holidays = input.holidays ?? [];
      const weekendDays = input.weekendDays ?? [0, 6];
      const id = await inTransaction(deps, actor, async (uow) => {
        const inserted = await uow.trx.insertInto('holiday_calendars').values({
          code: input.code, name: input.name.trim(), time_zone: input.timeZone, weekend_days: weekendDays, created_at: clock(),
        }).returning('id').executeTakeFirstOrThrow().catch((error: unknown) => {
          if (isUniqueViolation(error, 'holiday_calendars_code_key')) throw new AppError('notices.calendar_exists', `A holiday calendar with the code ${input.code} exists already.`, { status: 409 });
          throw error;
        });
        if (holidays.length) {
          await uow.trx.insertInto('holidays').values(holidays.map((h) => ({ calendar_id: inserted.id, day: h.day, name: h.name.trim() }))).execute();
        }
        recomputeObligations(uow);
        uow.audit({
          action: 'holiday_calendar.created', targetType: 'holiday_calendar', targetIds: [inserted.id],
          after: { code: input.code, name: input.name.trim(), timeZone: input.timeZone, weekendDays, holidays: holidays.map((h) => h.day).sort() },
        });
        return inserted.id;
      });
      return (await calendarsView([id]))[0];
    },

    /** Changes a calendar; a given list of holidays replaces the calendar's. Notice due times already set stay as they are. */
    async updateCalendar(_principal: Principal, actor: Actor, id: string, input: UpdateHolidayCalendarBody): Promise<HolidayCalendar> {
      checkCalendarInput(input);
      await inTransaction(deps, actor, async (uow) => {
        const before = await uow.trx.selectFrom('holiday_calendars').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) throw notFound('notices', 'The holiday calendar');
        if (input.name !== undefined || input.timeZone !== undefined || input.weekendDays !== undefined) {
          await uow.trx.updateTable('holiday_calendars').set({
            ...(input.name !== undefined ? { name: input.name.trim() } : {}),
            ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
            ...(input.weekendDays !== undefined ? { weekend_days: input.weekendDays } : {}),
          }).where('id', '=', id).execute();
        }
        let holidayChanges: { added: string[]; removed: string[] } | undefined;
        if (input.holidays) {
          const old = await uow.trx.selectFrom('holidays').select((eb) => eb.fn<string>('to_char', [eb.ref('day'), eb.val('YYYY-MM-DD')]).as('day')).where('calendar_id', '=', id).execute();
          const oldDays = new Set(old.map((h) => h.day));
          const newDays = new Set(input.holidays.map((h) => h.day));
          holidayChanges = { added: [...newDays].filter((d) => !oldDays.has(d)).sort(), removed: [...oldDays].filter((d) => !newDays.has(d)).sort() };
          await uow.trx.deleteFrom('holidays').where('calendar_id', '=', id).execute();
          if (input.holidays.length) {
            await uow.trx.insertInto('holidays').values(input.holidays.map((h) => ({ calendar_id: id, day: h.day, name: h.name.trim() }))).execute();
          }
        }
        recomputeObligations(uow);
        uow.audit({
          action: 'holiday_calendar.updated', targetType: 'holiday_calendar', targetIds: [id],
          before: { name: before.name, timeZone: before.time_zone, weekendDays: before.weekend_days },
          after: { name: input.name, timeZone: input.timeZone, weekendDays: input.weekendDays, holidays: holidayChanges },
        });
      });
      return (await calendarsView([id]))[0];
    },
  };
}

export type LegalBasesService = ReturnType<typeof createLegalBasesService>;
