/**
 * The clock of one obligation: the zone its days are counted in, the fact that started
 * it, the due time (with a cap), what met it and the state that follows. Pure; every
 * answer carries the sentence that explains it.
 */
import {
  type BusinessCalendar,
  computeDueDetailed,
  DueTimeError,
  describeAmount,
  formatInZone,
  isKnownTimeZone,
  type SkippedDay,
} from '../notices/due-time.ts';
import { factEvent, factNeed, formatDuration, formatSkippedDays, listOf } from './explain-text.ts';
import type { Need } from './obligation-engine-scope.ts';
import type {
  ComputeInput,
  ExplanationStep,
  FactValue,
  ObligationFacts,
  ObligationState,
  RuleDefinition,
  TimeFact,
} from './obligation-types.ts';
import type { ParsedRule } from './rule-definition.ts';

type Calendar = ComputeInput['calendars'][string];
type Order = ObligationFacts['orders'][number];

const WEEKENDS_ONLY: BusinessCalendar = { weekendDays: [0, 6], holidays: new Set() };

export interface Zone {
  timeZone: string;
  calendar: Calendar | null;
  /** The calendar code looked for. */
  calendarCode: string;
  text: string;
}

/** The calendar's zone, else the zone given with the fact that started the clock, else UTC. */
export function zoneFor(definition: RuleDefinition, calendars: ComputeInput['calendars'], factZone: string | null): Zone {
  const calendarCode = definition.calendar ?? definition.jurisdiction;
  const calendar = calendars[calendarCode] ?? null;
  if (calendar && isKnownTimeZone(calendar.timeZone)) {
    return {
      timeZone: calendar.timeZone,
      calendar,
      calendarCode,
      text: `Times are in ${calendar.timeZone}, the time zone of the holiday calendar ${calendar.code} (${calendar.name}).`,
    };
  }
  if (factZone && isKnownTimeZone(factZone)) {
    return {
      timeZone: factZone,
      calendar: null,
      calendarCode,
      text: `Times are in ${factZone}, the time zone given with the fact that started the clock, as there is no holiday calendar ${calendarCode}.`,
    };
  }
  return {
    timeZone: 'UTC',
    calendar: null,
    calendarCode,
    text: `Times are in UTC: there is no holiday calendar ${calendarCode}, and the fact that started the clock has no time zone.`,
  };
}

export type TriggerOutcome =
  | { kind: 'known'; at: Date; fact: string; timeZone: string | null; describe: (zone: string) => string }
  | { kind: 'missing'; needs: Need[] }
  | { kind: 'waiting'; text: string }
  | { kind: 'upstream_not_applicable'; reason: string };

type Found = { fact: TimeFact; value: FactValue; origin: 'organization' | 'incident' };

/** The organization's own value first; for occurred, detected and noticed, the incident's key time of the same name. */
export function factValue(facts: ObligationFacts, fact: TimeFact): Found | null {
  const own = facts.times[fact];
  if (own) return { fact, value: own, origin: 'organization' };
  if (fact === 'occurred_at' || fact === 'detected_at' || fact === 'noticed_at') {
    const incident = facts.incident.times[fact];
    if (incident) return { fact, value: incident, origin: 'incident' };
  }
  return null;
}

function origin(found: Found, organization: string): string {
  if (found.origin === 'incident') return `${found.fact}: the incident's own time, as none was entered for ${organization}`;
  return found.value.source ? `${found.fact}, source: ${found.value.source}` : `${found.fact}, entered for ${organization}`;
}

/** The earliest of the named facts that are known; the missing ones are named too. */
export function factsTrigger(facts: ObligationFacts, names: TimeFact[]): TriggerOutcome {
  const organization = facts.organization.name;
  const found = names.map((n) => factValue(facts, n)).filter((f): f is Found => f !== null);
  if (found.length === 0) return { kind: 'missing', needs: names.map((n) => ({ key: n, text: factNeed(n, organization) })) };
  const first = found.reduce((a, b) => (b.value.at.getTime() < a.value.at.getTime() ? b : a));
  const missing = names.filter((n) => !found.some((f) => f.fact === n));
  return {
    kind: 'known',
    at: first.value.at,
    fact: first.fact,
    timeZone: first.value.timeZone,
    describe: (zone) => {
      const start = `The clock started on ${formatInZone(first.value.at, zone)}, when ${factEvent(first.fact, organization)} (${origin(first, organization)}).`;
      if (names.length === 1) return start;
      const others = found.filter((f) => f !== first).map((f) => `${f.fact} is ${formatInZone(f.value.at, zone)}`);
      const rest = [...others, ...missing.map((n) => `${n} has not been entered`)];
      return `${start} The rule takes the earliest of ${listOf(names)}; ${listOf(rest)}.`;
    },
  };
}

export function orderTrigger(order: Order, organization: string): TriggerOutcome {
  return {
    kind: 'known',
    at: order.issuedAt,
    fact: 'order_received_at',
    timeZone: order.timeZone,
    describe: (zone) =>
      `The clock started on ${formatInZone(order.issuedAt, zone)}, when notice ${order.reference} was issued to ${organization} (order_received_at: the notice's issue time).`,
  };
}

export interface DueOutcome {
  dueAt: Date | null;
  steps: ExplanationStep[];
  /** A fact the cap needs that is not known: the due time may be too late until it is entered. */
  needs: Need[];
  /** The due time could not be computed (an unusable zone or calendar). */
  error: string | null;
}

const UNIT_TEXT = {
  hours: 'elapsed clock hours, day and night, from the moment the clock started',
  calendar_days:
    'calendar days, weekends and holidays included, from the day after the day the clock started; the deadline ends at 23:59:59 on the last day',
  months:
    'calendar months from the day the clock started; the deadline ends at 23:59:59 on the same day of the month (or the last day of a shorter month)',
} as const;

/** What the due time was computed from: the duration's end and the days it skipped, and the cap when the rule has one. */
interface DueWork {
  outcome: Omit<DueOutcome, 'steps'>;
  duration?: { due: Date; skipped: SkippedDay[] };
  cap?: { fact: ReturnType<typeof factValue>; capAt: Date | null };
}

/** The due time: a duration in the zone (business days on the calendar, or weekends only without one), the order's own, or none for a soft deadline; then the cap. */
function computeDueTime(rule: ParsedRule, start: { at: Date }, zone: Zone, order: Order | null, facts: ObligationFacts): DueWork {
  const { deadline } = rule;
  if (deadline.kind === 'soft') return { outcome: { dueAt: null, needs: [], error: null } };
  if (deadline.kind === 'order') return { outcome: { dueAt: order?.dueAt ?? null, needs: [], error: null } };
  let duration: { due: Date; skipped: SkippedDay[] };
  try {
    const calendar = deadline.unit === 'business_days' ? (zone.calendar ?? WEEKENDS_ONLY) : null;
    duration = computeDueDetailed({ from: start.at, amount: deadline.amount, unit: deadline.unit, timeZone: zone.timeZone, calendar });
  } catch (error) {
    if (!(error instanceof DueTimeError)) throw error;
    return { outcome: { dueAt: null, needs: [], error: error.message } };
  }
  if (!rule.cap) return { outcome: { dueAt: duration.due, needs: [], error: null }, duration };
  const fact = factValue(facts, rule.cap.fact);
  if (!fact) {
    return {
      outcome: {
        dueAt: duration.due,
        needs: [{ key: rule.cap.fact, text: factNeed(rule.cap.fact, facts.organization.name) }],
        error: null,
      },
      duration,
      cap: { fact, capAt: null },
    };
  }
  const capAt = new Date(fact.value.at.getTime() + rule.cap.amount * 3_600_000);
  return {
    outcome: { dueAt: capAt.getTime() < duration.due.getTime() ? capAt : duration.due, needs: [], error: null },
    duration,
    cap: { fact, capAt },
  };
}

/** The due time, with the sentences that explain it unless `explain` is false (recomputation stores no explanation). */
export function dueFor(
  rule: ParsedRule,
  start: { at: Date },
  zone: Zone,
  order: Order | null,
  facts: ObligationFacts,
  explain = true,
): DueOutcome {
  const work = computeDueTime(rule, start, zone, order, facts);
  return { ...work.outcome, steps: explain ? dueSteps(rule, work, start, zone, order, facts) : [] };
}

function dueSteps(
  rule: ParsedRule,
  work: DueWork,
  start: { at: Date },
  zone: Zone,
  order: Order | null,
  facts: ObligationFacts,
): ExplanationStep[] {
  const { deadline, definition } = rule;
  if (deadline.kind === 'soft') {
    return [
      {
        kind: 'due',
        text: `The deadline is "${deadline.wording}": there is no fixed time, so the obligation is shown until it is met but is never marked missed. ${zone.text}`,
      },
    ];
  }
  if (deadline.kind === 'order') {
    const text = order?.dueAt
      ? `The deadline is the one notice ${order.reference} sets: due ${formatInZone(order.dueAt, zone.timeZone)}.`
      : `The deadline is the one the notice sets, and notice ${order?.reference ?? ''} sets none: there is no due time to miss until it does.`;
    return [{ kind: 'due', text: `${text} ${zone.text}` }];
  }
  if (!work.duration) return [{ kind: 'due', text: `The due time cannot be computed: ${work.outcome.error}` }];
  const steps: ExplanationStep[] = [];
  const amount = describeAmount(deadline.amount, deadline.unit);
  const how =
    deadline.unit === 'business_days'
      ? zone.calendar
        ? `business days of the holiday calendar ${zone.calendar.code}, from the day after the day the clock started, skipping its weekend days and holidays; the deadline ends at 23:59:59 on the last business day`
        : `business days from the day after the day the clock started. There is no holiday calendar ${zone.calendarCode}, so only Saturdays and Sundays are skipped, not public holidays; the deadline ends at 23:59:59 on the last business day`
      : UNIT_TEXT[deadline.unit];
  steps.push({
    kind: 'due',
    text: `The deadline is ${amount}, counted in ${how}: due ${formatInZone(work.duration.due, zone.timeZone)}. ${zone.text}`,
  });
  if (work.duration.skipped.length) {
    steps.push({
      kind: 'skipped_days',
      text: `Days skipped as not business days: ${formatSkippedDays(work.duration.skipped, zone.calendar?.holidayNames ?? {})}.`,
    });
  }
  if (rule.cap && work.cap) {
    const cap = rule.cap;
    const name = factEvent(cap.fact, facts.organization.name);
    if (!work.cap.fact || !work.cap.capAt) {
      steps.push({
        kind: 'needs_fact',
        text: `${definition.clause} also caps the due time at ${describeAmount(cap.amount, 'hours')} after ${name} (${cap.fact}); that time has not been entered, so the cap is not applied and the due time may be earlier than shown.`,
      });
    } else {
      const capAt = work.cap.capAt;
      const capText = `The due time is also capped at ${describeAmount(cap.amount, 'hours')} after ${name} (${formatInZone(work.cap.fact.value.at, zone.timeZone)}): ${formatInZone(capAt, zone.timeZone)}.`;
      if (capAt.getTime() < work.duration.due.getTime()) {
        const passed =
          capAt.getTime() < start.at.getTime()
            ? ' It had already passed when the clock started, so the obligation was overdue from its start.'
            : '';
        steps.push({
          kind: 'due',
          text: `${capText} The cap is earlier, so it governs: due ${formatInZone(capAt, zone.timeZone)}.${passed}`,
        });
      } else {
        steps.push({ kind: 'due', text: `${capText} The ${amount} end earlier, so they govern.` });
      }
    }
  }
  return steps;
}

export interface Met {
  kind: 'incident_report' | 'notice_response' | 'timeline_entry';
  id: string;
  at: Date;
  text: string;
}

/**
 * What met the obligation, earliest first: a report of this rule (or of its chain step, or
 * of its topic when it has no chain), the response to the order, or a chronology entry
 * staff linked to the rule (a report made before Casebook) — a link counts for any rule
 * that is not an order duty.
 */
export function findMet(
  definition: RuleDefinition,
  facts: ObligationFacts,
  order: Order | null,
  topicOf: (ruleCode: string) => string | null,
): Met | null {
  const candidates: Met[] = [];
  if (definition.metBy === 'incident_report') {
    for (const report of facts.reports) {
      const chain = definition.chain;
      const matches =
        report.ruleCode === definition.code ||
        (chain ? report.chainCode === chain.code && report.chainStep === chain.step : topicOf(report.ruleCode) === definition.topic);
      if (matches)
        candidates.push({
          kind: 'incident_report',
          id: report.id,
          at: report.firstSubmittedAt,
          text: `the report ${facts.organization.name} submitted under ${report.ruleCode}`,
        });
    }
  }
  if (definition.metBy === 'notice_response' && order?.respondedAt && order.responseId) {
    candidates.push({
      kind: 'notice_response',
      id: order.responseId,
      at: order.respondedAt,
      text: `the response of ${facts.organization.name} to notice ${order.reference}`,
    });
  }
  const link = order ? undefined : facts.links[definition.code];
  if (link)
    candidates.push({
      kind: 'timeline_entry',
      id: link.timelineEntryId,
      at: link.occurredAt,
      text: 'the chronology entry staff linked as meeting this obligation',
    });
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.at.getTime() < a.at.getTime() ? b : a));
}

export interface StateOutcome {
  state: ObligationState;
  lateBySeconds: number | null;
  text: string;
}

/** Met, met late, missed or pending, as of `now`. A soft deadline or one the order has not set is never missed. */
export function stateFor(
  due: DueOutcome,
  met: Met | null,
  now: Date,
  zone: Zone,
  definition: RuleDefinition,
  explain = true,
): StateOutcome {
  const late = met && due.dueAt !== null ? Math.ceil((met.at.getTime() - due.dueAt.getTime()) / 1000) : 0;
  const state: ObligationState = met
    ? late > 0
      ? 'met_late'
      : 'met'
    : due.dueAt !== null && now.getTime() > due.dueAt.getTime()
      ? 'missed'
      : 'pending';
  const outcome = { state, lateBySeconds: state === 'met_late' ? late : null };
  return { ...outcome, text: explain ? stateText(state, late, due, met, now, zone.timeZone, definition) : '' };
}

function stateText(
  state: ObligationState,
  late: number,
  due: DueOutcome,
  met: Met | null,
  now: Date,
  tz: string,
  definition: RuleDefinition,
): string {
  if (met) {
    const when = formatInZone(met.at, tz);
    if (due.dueAt === null) return `Met by ${met.text}, on ${when}.`;
    if (state === 'met') return `Met on time by ${met.text}, on ${when}, ${formatDuration(-late)} before the due time.`;
    return `Met late by ${met.text}, on ${when}: ${formatDuration(late)} after the due time of ${formatInZone(due.dueAt, tz)}.`;
  }
  const what =
    definition.metBy === 'notice_response'
      ? 'no response to the notice has been submitted'
      : definition.metBy === 'timeline_entry'
        ? 'no chronology entry has been linked as meeting it'
        : 'no report has been recorded';
  if (due.dueAt === null) return `Open: ${what} yet, as of ${formatInZone(now, tz)}.`;
  if (state === 'missed')
    return `Missed: the due time of ${formatInZone(due.dueAt, tz)} has passed and ${what} (as of ${formatInZone(now, tz)}).`;
  return `Open: ${what} yet; due ${formatInZone(due.dueAt, tz)}, ${formatDuration((due.dueAt.getTime() - now.getTime()) / 1000)} from ${formatInZone(now, tz)}.`;
}
