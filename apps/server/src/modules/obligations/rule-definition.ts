/**
 * Checks a rule definition before it is stored or shipped: the shape (the shared
 * contract), the trigger, deadline and cap grammars, and what the parts say about each
 * other (an order's deadline needs an order to start the clock, a soft deadline has no
 * calendar, a rule is in force before it stops being in force, …).
 */
import { RuleDefinitionSchema } from '#shared/contracts/obligations';
import { Ajv, type ErrorObject } from 'ajv';
import { AppError } from '../../http/app-error.ts';
import type { Cap, Deadline, RuleDefinition, Trigger } from './obligation-types.ts';
import { parseCap, parseDeadline, parseTrigger } from './rule-grammar.ts';

/** A definition with its grammars parsed, as the engine reads it. */
export interface ParsedRule {
  definition: RuleDefinition;
  trigger: Trigger;
  deadline: Deadline;
  cap: Cap | null;
}

const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false, strict: false });
const checkShape = ajv.compile<RuleDefinition>(RuleDefinitionSchema);

function invalid(message: string, details?: unknown): AppError {
  return new AppError('obligations.invalid_rule', message, details === undefined ? {} : { details });
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the rule' : error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') return `${where} has an unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === 'enum') return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Parses the grammars of a definition already known to have the right shape (a stored version). */
export function parseRuleDefinition(definition: RuleDefinition): ParsedRule {
  return {
    definition,
    trigger: parseTrigger(definition.trigger),
    deadline: parseDeadline(definition.deadline),
    cap: definition.cap ? parseCap(definition.cap) : null,
  };
}

function isRealDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** What the parts of a well-formed definition say about each other; the first contradiction found. */
function contradiction(rule: ParsedRule): string | null {
  const { definition: def, trigger, deadline, cap } = rule;
  for (const [name, value] of Object.entries(def.inForce)) {
    if (value !== null && !isRealDate(value)) return `inForce.${name} (${value}) is not a date.`;
  }
  if (def.inForce.from !== null && def.inForce.until !== null && def.inForce.from >= def.inForce.until) {
    return `inForce.from (${def.inForce.from}) must be before inForce.until (${def.inForce.until}).`;
  }
  const order = trigger.kind === 'facts' && trigger.facts.includes('order_received_at');
  if (order && trigger.kind === 'facts' && trigger.facts.length > 1) return 'order_received_at starts the clock on its own: a rule answers one order at a time, so it cannot be part of earliest(…).';
  if (deadline.kind !== 'duration' && def.calendar) return `A "${def.deadline}" deadline counts no days, so the rule takes no calendar (calendar must be null).`;
  if (deadline.kind !== 'duration' && cap) return `A cap limits a deadline of a fixed length; "${def.deadline}" has none.`;
  if (deadline.kind === 'order' && !order) return `"${def.deadline}" needs the trigger order_received_at: the order sets the deadline.`;
  if (order && def.metBy !== 'notice_response') return 'A rule triggered by an order is met by the response to that order (metBy must be notice_response).';
  if (!order && def.metBy === 'notice_response') return 'metBy notice_response needs the trigger order_received_at.';
  if (order && !def.legalBasisCodes?.length) return 'A rule triggered by an order must name the legal bases (legalBasisCodes) of the orders that trigger it.';
  if (!order && def.legalBasisCodes?.length) return 'legalBasisCodes select the orders that trigger a rule; this rule is not triggered by an order.';
  if (trigger.kind === 'submitted' && trigger.ruleCode === def.code) return `submitted(${def.code}) names the rule itself: its clock cannot start when it is met.`;
  if (def.chain && def.metBy !== 'incident_report') return 'A report chain is met by incident reports (metBy must be incident_report).';
  if (!def.confirmed && !def.note) return 'A rule that is not confirmed ships disabled and must say why in its note.';
  return null;
}

/**
 * The definition, checked. Throws `obligations.invalid_rule` (400) for the shape or a
 * contradiction, `obligations.invalid_trigger` or `obligations.invalid_deadline` (400) for
 * a grammar.
 */
export function validateRuleDefinition(input: unknown): RuleDefinition {
  if (!checkShape(input)) {
    const details = (checkShape.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: describe(e) }));
    throw invalid(`The rule definition is invalid: ${details.map((d) => d.message).slice(0, 3).join('; ')}.`, details);
  }
  const rule = parseRuleDefinition(input);
  const problem = contradiction(rule);
  if (problem) throw invalid(`The rule definition ${input.code} is invalid: ${problem}`);
  return input;
}
