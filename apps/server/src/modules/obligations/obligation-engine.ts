/**
 * The obligation engine (docs/modules/obligations.md, "Computation"): from the facts of one
 * incident and one participant organization, the rules and the holiday calendars, the
 * duties the law puts on that organization — one result per rule that binds it (per
 * matching order for order duties) with its state, due time and the explanation a
 * coordinator can defend. Pure: no clock but `now`, no database, no randomness.
 */
import { formatInZone as formatAt } from '../notices/due-time.ts';
import { ruleTitle } from './explain-text.ts';
import {
  type Met,
  type TriggerOutcome,
  type Zone,
  dueFor,
  factValue,
  factsTrigger,
  findMet,
  orderTrigger,
  stateFor,
  zoneFor,
} from './obligation-engine-clock.ts';
import { applyEarliestGoverns } from './obligation-engine-governs.ts';
import { type Binding, type Need, bindingOf, bindingText, evaluateCondition, eventWording, outOfForce, outOfForceBeforeStart } from './obligation-engine-scope.ts';
import type { ComputeInput, ExplanationStep, ObligationFacts, ObligationResult, RuleForComputation } from './obligation-types.ts';
import { type ParsedRule, parseRuleDefinition } from './rule-definition.ts';

type Order = ObligationFacts['orders'][number];

/** A result and the zone its times were counted in (a `submitted(…)` clock runs in its upstream's zone). */
interface Computed {
  result: ObligationResult;
  zone: string;
}

interface Context {
  input: ComputeInput;
  byCode: Map<string, RuleForComputation>;
  computed: Map<string, Computed[] | 'computing'>;
}

/** Rules by code, per rule list: a recomputation passes the same list for party after party. */
const BY_CODE = new WeakMap<RuleForComputation[], Map<string, RuleForComputation>>();

export function computeObligations(input: ComputeInput): ObligationResult[] {
  let byCode = BY_CODE.get(input.rules);
  if (!byCode) {
    byCode = new Map(input.rules.map((r) => [r.definition.code, r]));
    BY_CODE.set(input.rules, byCode);
  }
  const ctx: Context = { input, byCode, computed: new Map() };
  const results: ObligationResult[] = [];
  for (const rule of input.rules) {
    if (rule.enabled) results.push(...resultsOf(ctx, rule).map((c) => c.result));
  }
  const governed = applyEarliestGoverns(results, (r) => zoneOf(ctx, r), (code) => byCode.get(code)?.definition ?? null);
  if (input.explain === false) for (const result of governed) result.explanation = [];
  return governed;
}

function zoneOf(ctx: Context, result: ObligationResult): string {
  const list = ctx.computed.get(result.ruleCode);
  if (!Array.isArray(list)) return 'UTC';
  return list.find((c) => c.result === result)?.zone ?? 'UTC';
}

function resultsOf(ctx: Context, rule: RuleForComputation): Computed[] {
  const code = rule.definition.code;
  const known = ctx.computed.get(code);
  if (known === 'computing') return [];
  if (known) return known;
  ctx.computed.set(code, 'computing');
  const computed = evaluateRule(ctx, rule);
  ctx.computed.set(code, computed);
  return computed;
}

function evaluateRule(ctx: Context, rule: RuleForComputation): Computed[] {
  const { facts } = ctx.input;
  const definition = rule.definition;
  const orderRule = definition.trigger.trim() === 'order_received_at';
  if (!orderRule) {
    const binding = bindingOf(definition, facts.organization, false);
    return binding ? [evaluate(ctx, rule, binding, null)] : [];
  }
  const orders = facts.orders.filter((o) => o.legalBasisCode !== null && (definition.legalBasisCodes ?? []).includes(o.legalBasisCode));
  if (orders.length === 0) return [];
  const binding = bindingOf(definition, facts.organization, true);
  return binding ? orders.map((order) => evaluate(ctx, rule, binding, order)) : [];
}

/**
 * Parsed definitions, by definition object: a batch evaluates each rule once per party, and
 * definitions are not changed after loading (a new version is a new object). A definition
 * that cannot be read is parsed again, so that each result carries its error.
 */
const PARSED = new WeakMap<RuleForComputation['definition'], ParsedRule>();
function parsedRule(definition: RuleForComputation['definition']): ParsedRule {
  let parsed = PARSED.get(definition);
  if (!parsed) {
    parsed = parseRuleDefinition(definition);
    PARSED.set(definition, parsed);
  }
  return parsed;
}

function base(rule: RuleForComputation, order: Order | null): ObligationResult {
  const definition = rule.definition;
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    ruleCode: definition.code,
    noticeId: order?.noticeId ?? null,
    topic: order ? `${definition.topic}:${order.noticeId}` : definition.topic,
    governs: false,
    state: 'pending',
    soft: false,
    triggerFact: null,
    triggerAt: null,
    dueAt: null,
    metBy: null,
    metAt: null,
    lateBySeconds: null,
    reason: null,
    explanation: [],
  };
}

function needsReason(needs: Need[]): string {
  return `${needs.length === 1 ? 'Needs the fact' : 'Needs the facts'}: ${needs.map((n) => n.text).join('; ')}.`;
}

/** The clock-start of `submitted(code)`: when the report that met that rule was submitted. */
function submittedTrigger(ctx: Context, ruleCode: string): { outcome: TriggerOutcome; zone: string | null } {
  const upstream = ctx.byCode.get(ruleCode);
  const computed = upstream?.enabled ? resultsOf(ctx, upstream) : [];
  const met = computed.filter((c) => c.result.metAt !== null).sort((a, b) => a.result.metAt!.getTime() - b.result.metAt!.getTime())[0];
  const title = upstream ? `${ruleCode} (${ruleTitle(upstream.definition)})` : ruleCode;
  if (met) {
    const at = met.result.metAt!;
    return {
      zone: met.zone,
      outcome: {
        kind: 'known', at, fact: `submitted(${ruleCode})`, timeZone: met.zone,
        describe: (zone) => `The clock started on ${formatAt(at, zone)}, when ${title} was met (submitted(${ruleCode})).`,
      },
    };
  }
  if (computed.length > 0 && computed.every((c) => c.result.state === 'not_applicable')) {
    return { zone: null, outcome: { kind: 'upstream_not_applicable', reason: `This step runs from the report under ${title}, which does not apply: ${computed[0].result.reason}` } };
  }
  const report = ctx.input.facts.reports.filter((r) => r.ruleCode === ruleCode).sort((a, b) => a.firstSubmittedAt.getTime() - b.firstSubmittedAt.getTime())[0];
  if (report) {
    return {
      zone: null,
      outcome: {
        kind: 'known', at: report.firstSubmittedAt, fact: `submitted(${ruleCode})`, timeZone: null,
        describe: (zone) => `The clock started on ${formatAt(report.firstSubmittedAt, zone)}, when ${ctx.input.facts.organization.name} submitted its report under ${ruleCode} (submitted(${ruleCode})).`,
      },
    };
  }
  return { zone: null, outcome: { kind: 'waiting', text: `The clock starts when the report under ${title} is submitted; none has been yet.` } };
}

function evaluate(ctx: Context, rule: RuleForComputation, binding: Binding, order: Order | null): Computed {
  const { facts, now, calendars } = ctx.input;
  const explain = ctx.input.explain !== false;
  const definition = rule.definition;
  const organization = facts.organization.name;
  const result = base(rule, order);
  const steps: ExplanationStep[] = explain ? [{ kind: 'applies', text: bindingText(definition, binding, organization, order?.reference ?? null) }] : [];
  if (explain && definition.note) steps.push({ kind: 'applies', text: `Note on this rule: ${definition.note}` });

  let parsed: ParsedRule;
  try {
    parsed = parsedRule(definition);
  } catch (error) {
    const reason = `The rule cannot be read: ${(error as Error).message}`;
    return finish(result, steps, 'UTC', { reason, step: { kind: 'needs_fact', text: reason } });
  }
  result.soft = parsed.deadline.kind === 'soft';

  let trigger: TriggerOutcome;
  let upstreamZone: string | null = null;
  if (order) trigger = orderTrigger(order, organization);
  else if (parsed.trigger.kind === 'submitted') ({ outcome: trigger, zone: upstreamZone } = submittedTrigger(ctx, parsed.trigger.ruleCode));
  else trigger = factsTrigger(facts, parsed.trigger.facts);
  const zone: Zone = zoneFor(definition, calendars, upstreamZone ?? (trigger.kind === 'known' ? trigger.timeZone : null));

  // In force? Decided from the clock start; before it starts, from today and the time the incident occurred.
  const outOfForceReason = trigger.kind === 'known'
    ? outOfForce(definition, trigger.at, zone.timeZone, eventWording(trigger.fact, organization, order?.reference ?? null))
    : outOfForceBeforeStart(definition, now, factValue(facts, 'occurred_at')?.value.at ?? null, zone.timeZone);
  if (trigger.kind === 'known') Object.assign(result, { triggerFact: trigger.fact, triggerAt: trigger.at });
  if (outOfForceReason) return notApplicable(result, steps, zone, outOfForceReason);
  if (trigger.kind === 'upstream_not_applicable') return notApplicable(result, steps, zone, trigger.reason);

  const condition = evaluateCondition(definition, facts);
  if (condition.holds === false) return notApplicable(result, steps, zone, condition.reason);
  if (explain && condition.texts.length) steps.push({ kind: 'applies', text: condition.texts.join(' ') });

  const met = findMet(definition, facts, order, (code) => ctx.byCode.get(code)?.definition.topic ?? null);
  if (met) Object.assign(result, { metBy: { kind: met.kind, id: met.id }, metAt: met.at });
  const needs = [...(condition.holds === 'unknown' ? condition.needs : []), ...(trigger.kind === 'missing' ? trigger.needs : [])];
  if (explain && trigger.kind === 'known') steps.push({ kind: 'trigger', text: trigger.describe(zone.timeZone) });
  if (explain && trigger.kind === 'waiting') steps.push({ kind: 'trigger', text: trigger.text });
  if (needs.length || trigger.kind !== 'known') {
    if (explain) for (const need of needs) steps.push({ kind: 'needs_fact', text: `Needs the fact: ${need.text}. Until it is entered the obligation stays open${need.key.endsWith('_at') ? ' and its clock cannot be placed' : ''}.` });
    if (explain && met) steps.push({ kind: 'state', text: `${metText(met, zone)} Whether that was on time is judged once the missing facts are entered.` });
    const reason = needs.length ? needsReason(needs) : trigger.kind === 'waiting' ? trigger.text : null;
    return finish(result, steps, zone.timeZone, { reason });
  }

  const due = dueFor(parsed, trigger, zone, order, facts, explain);
  steps.push(...due.steps);
  result.dueAt = due.dueAt;
  if (due.error) return finish(result, steps, zone.timeZone, { reason: `The due time cannot be computed: ${due.error}` });
  const state = stateFor(due, met, now, zone, definition, explain);
  if (explain) steps.push({ kind: 'state', text: state.text });
  Object.assign(result, { state: state.state, lateBySeconds: state.lateBySeconds });
  return finish(result, steps, zone.timeZone, { reason: due.needs.length ? needsReason(due.needs) : null });
}

function metText(met: Met, zone: Zone): string {
  return `Met by ${met.text}, on ${formatAt(met.at, zone.timeZone)}.`;
}

function notApplicable(result: ObligationResult, steps: ExplanationStep[], zone: Zone, reason: string): Computed {
  Object.assign(result, { state: 'not_applicable', metBy: null, metAt: null, dueAt: null, lateBySeconds: null });
  return finish(result, steps, zone.timeZone, { reason, step: { kind: 'not_applicable', text: reason } });
}

/** What `obligations.reason` holds at most; the explanation keeps the whole text. */
const MAX_REASON = 1000;

function finish(result: ObligationResult, steps: ExplanationStep[], zone: string, end: { reason: string | null; step?: ExplanationStep }): Computed {
  if (end.step) steps.push(end.step);
  result.reason = end.reason !== null && end.reason.length > MAX_REASON ? `${end.reason.slice(0, MAX_REASON - 1)}…` : end.reason;
  result.explanation = steps;
  return { result, zone };
}
