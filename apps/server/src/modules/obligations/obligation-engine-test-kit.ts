/**
 * Builders for the engine's tests: organizations, facts, holiday calendars (India's as
 * seeded, and United States federal and Berlin holidays of 2025 as test data), the
 * shipped rules and rules written for a test, all checked like real ones.
 */
import type { BusinessCalendar } from '../notices/due-time.ts';
import { computeObligations } from './obligation-engine.ts';
import type { ComputeInput, FactValue, ObligationFacts, ObligationResult, RuleDefinition, RuleForComputation } from './obligation-types.ts';
import { loadRulePacks } from './packs/index.ts';
import { validateRuleDefinition } from './rule-definition.ts';

type Calendar = ComputeInput['calendars'][string];

function calendar(code: string, name: string, timeZone: string, holidays: Record<string, string>): Calendar {
  const business: BusinessCalendar = { weekendDays: [0, 6], holidays: new Set(Object.keys(holidays)) };
  return { ...business, code, name, timeZone, holidayNames: holidays };
}

/** Part of the IN calendar of migration 0009. */
export const IN_CALENDAR = calendar('IN', 'India: Central Government offices, Delhi/New Delhi', 'Asia/Kolkata', {
  '2019-05-18': 'Buddha Purnima', '2019-06-05': 'Id-ul-Fitr', '2019-08-15': 'Independence Day', '2019-11-12': "Guru Nanak's Birthday",
  '2025-08-15': 'Independence Day', '2025-08-16': 'Janmashtami', '2025-10-02': "Mahatma Gandhi's Birthday; Dussehra",
  '2025-10-20': 'Diwali (Deepavali)', '2025-11-05': "Guru Nanak's Birthday", '2025-12-25': 'Christmas Day',
});

export const US_CALENDAR = calendar('US', 'United States: federal holidays', 'America/New_York', {
  '2025-01-01': "New Year's Day", '2025-01-20': 'Birthday of Martin Luther King, Jr.', '2025-02-17': "Washington's Birthday",
  '2025-05-26': 'Memorial Day', '2025-06-19': 'Juneteenth National Independence Day', '2025-07-04': 'Independence Day',
  '2025-09-01': 'Labor Day', '2025-10-13': 'Columbus Day', '2025-11-11': 'Veterans Day', '2025-11-27': 'Thanksgiving Day',
  '2025-12-25': 'Christmas Day',
});

export const DE_BERLIN_CALENDAR = calendar('DE-BE', 'Germany: Berlin', 'Europe/Berlin', {
  '2025-01-01': 'Neujahr', '2025-03-08': 'Internationaler Frauentag', '2025-04-18': 'Karfreitag', '2025-04-21': 'Ostermontag',
  '2025-05-01': 'Tag der Arbeit', '2025-05-29': 'Christi Himmelfahrt', '2025-06-09': 'Pfingstmontag',
  '2025-10-03': 'Tag der Deutschen Einheit', '2025-12-25': '1. Weihnachtstag', '2025-12-26': '2. Weihnachtstag',
});

export const CALENDARS: ComputeInput['calendars'] = { IN: IN_CALENDAR, US: US_CALENDAR, 'DE-BE': DE_BERLIN_CALENDAR };

export const shippedRules: RuleDefinition[] = loadRulePacks().flatMap((p) => p.rules);

/** The shipped rules as the database holds them after installation: enabled when confirmed. `enableAll` as if an administrator enabled every one. */
export function packRules(options: { only?: string[]; enableAll?: boolean } = {}): RuleForComputation[] {
  return shippedRules
    .filter((d) => !options.only || options.only.includes(d.code))
    .map((definition) => ({ id: `rule-${definition.code}`, version: 1, enabled: options.enableAll || definition.confirmed, definition }));
}

export function shippedRule(code: string): RuleDefinition {
  const rule = shippedRules.find((r) => r.code === code);
  if (!rule) throw new Error(`No shipped rule ${code}.`);
  return rule;
}

/** A rule written for a test, from a shipped one with changes, checked like a real one. */
export function ruleLike(code: string, changes: Partial<RuleDefinition>): RuleForComputation {
  const definition = validateRuleDefinition({ ...shippedRule(code), ...changes });
  return { id: `rule-${definition.code}`, version: 1, enabled: true, definition };
}

export const at = (iso: string, timeZone: string | null = null, source: string | null = null): FactValue => ({ at: new Date(iso), timeZone, source });

export interface FactsInput {
  organization?: Partial<ObligationFacts['organization']>;
  category?: string | null;
  affected?: Record<string, number>;
  incidentTimes?: ObligationFacts['incident']['times'];
  times?: ObligationFacts['times'];
  judgements?: ObligationFacts['judgements'];
  orders?: Array<Partial<ObligationFacts['orders'][number]> & { noticeId: string; legalBasisCode: string; issuedAt: Date }>;
  reports?: Array<Partial<ObligationFacts['reports'][number]> & { ruleCode: string; firstSubmittedAt: Date }>;
  links?: ObligationFacts['links'];
}

export function factsOf(input: FactsInput = {}): ObligationFacts {
  return {
    incident: { id: 'incident-1', reference: 'CB-2025-0001', category: input.category === undefined ? 'malicious-code' : input.category, times: input.incidentTimes ?? {}, affected: input.affected ?? {} },
    organization: { id: 'org-1', name: 'Acme', jurisdiction: 'IN', operatesIn: [], regulatedAs: [], sectors: [], ...input.organization },
    times: input.times ?? {},
    judgements: input.judgements ?? {},
    orders: (input.orders ?? []).map((o) => ({
      reference: `CERT-In/${o.noticeId}`, dueAt: null, timeZone: 'Asia/Kolkata', respondedAt: null, responseId: null, ...o,
    })),
    reports: (input.reports ?? []).map((r, i) => ({ id: `report-${i + 1}`, chainCode: null, chainStep: null, ...r })),
    links: input.links ?? {},
  };
}

export function compute(facts: ObligationFacts, now: string, rules: RuleForComputation[] = packRules(), calendars = CALENDARS): ObligationResult[] {
  return computeObligations({ facts, rules, calendars, now: new Date(now) });
}

/** The one result of a rule (or of a rule and notice). */
export function resultOf(results: ObligationResult[], code: string, noticeId?: string): ObligationResult {
  const found = results.filter((r) => r.ruleCode === code && (noticeId === undefined || r.noticeId === noticeId));
  if (found.length !== 1) throw new Error(`Expected one result of ${code}${noticeId ? ` for ${noticeId}` : ''}, got ${found.length}: ${results.map((r) => r.ruleCode).join(', ')}`);
  return found[0];
}

export function stepText(result: ObligationResult, kind: ObligationResult['explanation'][number]['kind']): string {
  return result.explanation.filter((s) => s.kind === kind).map((s) => s.text).join('\n');
}
