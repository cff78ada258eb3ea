/**
 * The words of an obligation's explanation: how facts, dates, durations and rules are
 * named, so that every step reads as a sentence a coordinator can put in front of the
 * organization or a court, with every time shown in a named zone.
 */
import type { SkippedDay } from '../notices/due-time.ts';
import type { ExplanationStep, JudgementFact, ObligationResult, RuleDefinition, TimeFact } from './obligation-types.ts';

/** The explanation as paragraphs, one per step, separated by blank lines. */
export function explanationText(result: Pick<ObligationResult, 'explanation'>): string {
  return result.explanation.map((step: ExplanationStep) => step.text).join('\n\n');
}

/** "CERT-In Directions No. 20(3)/2022-CERT-In of 28 April 2022, dir. (ii), Annexure I" */
export function ruleTitle(definition: Pick<RuleDefinition, 'instrument' | 'clause'>): string {
  return `${definition.instrument}, ${definition.clause}`;
}

const EVENTS: Record<TimeFact, (organization: string) => string> = {
  occurred_at: () => 'the incident occurred',
  detected_at: () => 'the incident was detected',
  noticed_at: (o) => `${o} noticed the incident`,
  brought_to_notice_at: (o) => `the incident was brought to the notice of ${o}`,
  aware_at: (o) => `${o} became aware of the incident`,
  order_received_at: (o) => `${o} received the order`,
  classified_major_at: (o) => `${o} classified the incident as major`,
  materiality_determined_at: (o) => `${o} determined that the incident is material`,
  discovered_at: (o) => `${o} discovered the breach`,
  breach_determined_at: (o) => `${o} determined that a breach had occurred`,
  ransom_paid_at: (o) => `${o} paid a ransom`,
};

/** "Acme noticed the incident" */
export function factEvent(fact: TimeFact, organization: string): string {
  return EVENTS[fact](organization);
}

/** "when Acme became aware of the incident (aware_at)" as a need: "when Acme became aware of the incident" */
export function factNeed(fact: TimeFact, organization: string): string {
  return `when ${EVENTS[fact](organization)} (${fact})`;
}

const JUDGEMENTS: Record<JudgementFact, [yes: string, no: string]> = {
  personal_data: ['personal data is involved', 'no personal data is involved'],
  high_risk: ['the incident is likely to result in a high risk to people', 'the incident is not likely to result in a high risk to people'],
  significant: ['the incident is significant', 'the incident is not significant'],
  major: ['the incident is major', 'the incident is not major'],
};

/** "personal data is involved" / "no personal data is involved" */
export function judgementClause(fact: JudgementFact, value: boolean): string {
  return JUDGEMENTS[fact][value ? 0 : 1];
}

/** "whether personal data is involved (personal_data)" */
export function judgementNeed(fact: JudgementFact): string {
  return `whether ${JUDGEMENTS[fact][0]} (${fact})`;
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const WEEKDAY_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long' });

function utcDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** Days already written out: a recomputation names the same few thousand dates again and again. */
const DAYS_WRITTEN = new Map<string, string>();

/** "27 June 2022" for 2022-06-27. */
export function formatDay(date: string): string {
  let written = DAYS_WRITTEN.get(date);
  if (written === undefined) {
    written = DAY_FORMAT.format(utcDay(date));
    if (DAYS_WRITTEN.size >= 50_000) DAYS_WRITTEN.clear();
    DAYS_WRITTEN.set(date, written);
  }
  return written;
}

/** "Thursday 27 November 2025 (Thanksgiving Day)", "Saturday 29 November 2025 (weekend)". */
export function formatSkippedDays(days: SkippedDay[], holidayNames: Record<string, string>): string {
  return days
    .map((day) => `${WEEKDAY_FORMAT.format(utcDay(day.date))} ${formatDay(day.date)} (${day.reason === 'holiday' ? (holidayNames[day.date] ?? 'holiday') : 'weekend'})`)
    .join(', ');
}

/** "15 days 2 h 14 min", "3 h", "45 s". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const parts = [days ? `${days} ${days === 1 ? 'day' : 'days'}` : '', hours ? `${hours} h` : '', minutes ? `${minutes} min` : ''];
  return parts.filter(Boolean).join(' ');
}

const ROLES: Record<string, string> = {
  service_provider: 'a service provider',
  intermediary: 'an intermediary',
  data_centre: 'a data centre',
  body_corporate: 'a body corporate',
  government_organisation: 'a Government organisation',
  any_person: 'any person',
  data_fiduciary: 'a Data Fiduciary',
  telecom_entity: 'a telecommunication entity',
  controller: 'a controller',
  processor: 'a processor',
  essential_entity: 'an essential entity',
  important_entity: 'an important entity',
  financial_entity: 'a financial entity',
  sec_registrant: 'an SEC registrant',
  covered_entity: 'a covered entity',
  hipaa_covered_entity: 'a HIPAA covered entity',
  business: 'a business',
  operator_of_essential_services: 'an operator of essential services',
  relevant_digital_service_provider: 'a relevant digital service provider',
};

/** "an intermediary and a body corporate" */
export function roleList(roles: readonly string[]): string {
  return listOf(roles.map((r) => ROLES[r] ?? r.replaceAll('_', ' ')));
}

/** "a, b and c" */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
