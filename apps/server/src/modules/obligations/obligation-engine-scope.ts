/**
 * Whether a rule reaches an organization and an incident: the legal role, the sector and
 * the jurisdiction (binding), the dates the rule is in force, and its condition (incident
 * category, judgements, affected counts). Pure; each answer carries the sentence that
 * explains it.
 */
import { localDate } from '../notices/due-time.ts';
import { factEvent, formatDay, judgementClause, judgementNeed, listOf, roleList, ruleTitle } from './explain-text.ts';
import type { JudgementFact, ObligationFacts, RuleDefinition } from './obligation-types.ts';
import { isTimeFact } from './rule-grammar.ts';

/** The Member States of the European Union: an organization established in one is regulated in `EU`. */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

/** `UK` is not an ISO 3166-1 code but is what people write for GB. */
const canonical = (code: string) => (code === 'UK' ? 'GB' : code);

export interface Binding {
  /** The organization's roles the rule names, or `any_person`. */
  roles: string[];
  /** How the organization is regulated in the rule's jurisdiction, or null when only an order brings it in. */
  jurisdiction: string | null;
  sectors: string[];
}

type Organization = ObligationFacts['organization'];

/** "regulated in IN", "established in DE, a Member State of the EU", "operating in US-TX". */
function jurisdictionMatch(jurisdiction: string, organization: Organization): string | null {
  const wanted = canonical(jurisdiction);
  const places: Array<[code: string, verb: string]> = [
    ...(organization.jurisdiction ? [[organization.jurisdiction, 'established in'] as [string, string]] : []),
    ...organization.operatesIn.map((c) => [c, 'regulated in'] as [string, string]),
  ];
  for (const [place, verb] of places) {
    const code = canonical(place);
    if (code === wanted) return `${verb} ${place}`;
    if (wanted === 'EU' && EU_MEMBER_STATES.has(code)) return `${verb} ${place}, a Member State of the EU`;
    if (/^[A-Z]{2}$/.test(wanted) && code.startsWith(`${wanted}-`)) return `${verb} ${place}, part of ${wanted}`;
  }
  return null;
}

/** How a rule binds the organization, or null when it does not (no result at all). `viaOrder`: an order under the rule's legal basis brings the organization within the jurisdiction. */
export function bindingOf(definition: RuleDefinition, organization: Organization, viaOrder: boolean): Binding | null {
  const anyPerson = definition.binds.regulatedAs.includes('any_person');
  const roles = anyPerson ? ['any_person'] : definition.binds.regulatedAs.filter((r) => organization.regulatedAs.includes(r));
  if (roles.length === 0) return null;
  const sectors = definition.binds.sectors.filter((s) => organization.sectors.includes(s));
  if (definition.binds.sectors.length > 0 && sectors.length === 0) return null;
  const jurisdiction = jurisdictionMatch(definition.jurisdiction, organization);
  if (jurisdiction === null && !viaOrder) return null;
  return { roles, jurisdiction, sectors };
}

export function bindingText(definition: RuleDefinition, binding: Binding, organization: string, orderReference: string | null): string {
  const who = binding.roles[0] === 'any_person'
    ? `${ruleTitle(definition)} binds any person, ${organization} included`
    : `${ruleTitle(definition)} binds ${organization} as ${roleList(binding.roles)}`;
  const where = binding.jurisdiction
    ? `, ${binding.jurisdiction}`
    : `; notice ${orderReference} was issued to it under a legal basis of this rule, which brings it within the rule's jurisdiction (${definition.jurisdiction})`;
  const sectors = binding.sectors.length ? ` The rule is limited to the sector${binding.sectors.length > 1 ? 's' : ''} ${listOf(binding.sectors)}, where ${organization} works.` : '';
  return `${who}${where}.${sectors}`;
}

/** Null when the rule is in force for a clock started at `at`; otherwise why not. */
export function outOfForce(definition: RuleDefinition, at: Date, timeZone: string, event: string): string | null {
  const { from, until } = definition.inForce;
  // Most rules are in force without end: no local date to work out.
  if (from === null && until === null) return null;
  const day = localDate(at, timeZone);
  if (from !== null && day < from) {
    return `${ruleTitle(definition)} came into force on ${formatDay(from)}; ${event} on ${formatDay(day)} (${timeZone}).`;
  }
  if (until !== null && day >= until) {
    return `${ruleTitle(definition)} applies to clocks started before ${formatDay(until)}; ${event} on ${formatDay(day)} (${timeZone}).`;
  }
  return null;
}

/**
 * For a clock whose start is not known yet: the rule cannot apply if it comes into force
 * after today (a clock-start fact is never in the future), or if it had ceased to apply
 * when the incident occurred (nothing about an incident happens before it occurs).
 */
export function outOfForceBeforeStart(definition: RuleDefinition, now: Date, occurredAt: Date | null, timeZone: string): string | null {
  const { from, until } = definition.inForce;
  if (from !== null && localDate(now, timeZone) < from) {
    return `${ruleTitle(definition)} comes into force on ${formatDay(from)}; it does not apply to a clock that has not started before then.`;
  }
  if (until !== null && occurredAt !== null && localDate(occurredAt, timeZone) >= until) {
    return `${ruleTitle(definition)} applies to clocks started before ${formatDay(until)}; the incident occurred on ${formatDay(localDate(occurredAt, timeZone))}, and no clock of it starts before then.`;
  }
  return null;
}

/** "Acme noticed the incident": what started the clock, for the in-force reason. */
export function eventWording(fact: string, organization: string, orderReference: string | null): string {
  if (fact === 'order_received_at') return `notice ${orderReference} was issued`;
  if (isTimeFact(fact)) return factEvent(fact, organization);
  return 'the report this step runs from was submitted';
}

export interface Need {
  key: string;
  text: string;
}

export type ConditionOutcome =
  | { holds: true; texts: string[] }
  | { holds: false; reason: string }
  | { holds: 'unknown'; texts: string[]; needs: Need[] };

const JUDGEMENT_KEYS: Array<[keyof RuleDefinition['condition'], JudgementFact]> = [
  ['personalData', 'personal_data'],
  ['highRisk', 'high_risk'],
  ['significant', 'significant'],
  ['major', 'major'],
];

/** Every non-null part of the condition must hold; a part whose fact is not yet known is a need, never a silent "no". */
export function evaluateCondition(definition: RuleDefinition, facts: ObligationFacts): ConditionOutcome {
  const condition = definition.condition;
  const organization = facts.organization.name;
  const texts: string[] = [];
  const needs: Need[] = [];
  if (condition.categories) {
    const category = facts.incident.category;
    if (category === null || category === 'undetermined') {
      needs.push({ key: 'category', text: `the incident's category (the rule applies to ${condition.categories.length} listed types${category ? '; it is recorded as undetermined' : ''})` });
    } else if (!condition.categories.includes(category)) {
      return { holds: false, reason: `The incident's category, ${category}, is not one of the types ${ruleTitle(definition)} lists.` };
    } else {
      texts.push(`The incident's category, ${category}, is one of the types the rule lists.`);
    }
  }
  for (const [key, fact] of JUDGEMENT_KEYS) {
    const wanted = condition[key];
    if (wanted === null || wanted === undefined) continue;
    const value = facts.judgements[fact];
    if (value === undefined) needs.push({ key: fact, text: judgementNeed(fact) });
    else if (value !== wanted) {
      return { holds: false, reason: `${organization} recorded that ${judgementClause(fact, value)}; ${ruleTitle(definition)} applies only when ${judgementClause(fact, wanted as boolean)}.` };
    } else texts.push(`${organization} recorded that ${judgementClause(fact, value)}.`);
  }
  const min = condition.minAffected;
  if (min) {
    const outcome = affectedOutcome(min, facts.incident.affected, definition);
    if (outcome.holds === false) return outcome;
    if (outcome.holds === true) texts.push(outcome.text);
    else needs.push(outcome.need);
  }
  return needs.length ? { holds: 'unknown', texts, needs } : { holds: true, texts };
}

function affectedOutcome(
  min: { country: string; count: number },
  affected: Record<string, number>,
  definition: RuleDefinition,
): { holds: true; text: string } | { holds: false; reason: string } | { holds: 'unknown'; need: Need } {
  const wildcard = min.country.endsWith('-*');
  const prefix = min.country.slice(0, 2);
  const entries = Object.entries(affected).filter(([code]) => (wildcard ? code.startsWith(`${prefix}-`) : code === min.country));
  const place = wildcard ? `any one subdivision of ${prefix}` : min.country;
  if (entries.length === 0) {
    return { holds: 'unknown', need: { key: `affected:${min.country}`, text: `the number of people affected in ${place} (the rule applies from ${min.count})` } };
  }
  const [code, count] = entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  const where = wildcard ? `${code}, the most affected subdivision of ${prefix}` : code;
  if (count < min.count) return { holds: false, reason: `${count} people are recorded as affected in ${where}; ${ruleTitle(definition)} applies from ${min.count}.` };
  return { holds: true, text: `${count} people are recorded as affected in ${where}, at least the ${min.count} the rule requires.` };
}
