/**
 * The three small grammars of a rule definition (docs/modules/obligations.md): when the
 * clock starts (trigger), how long it runs (deadline) and an optional outer limit (cap).
 * Anything else is refused with a message that says what was expected, so an
 * administrator who mistypes "6 hour" or "earliest(noticed_at)" knows how to fix it.
 */
import { AppError } from '../../http/app-error.ts';
import { type Cap, type Deadline, TIME_FACTS, type TimeFact, type Trigger } from './obligation-types.ts';

const FACT_LIST = TIME_FACTS.join(', ');
const RULE_CODE = /^[a-z0-9][a-z0-9-]{1,59}$/;
/** Upper bounds keep every due time inside the range a Date and timestamptz hold. */
const MAX_AMOUNT = { hours: 100_000, calendar_days: 10_000, business_days: 5_000, months: 600 } as const;

export const SOFT_DEADLINES = ['without delay', 'without undue delay', 'as early as possible'] as const;
export const ORDER_DEADLINE = 'as set in the order';

const quoted = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

function invalidTrigger(text: string, why: string): AppError {
  return new AppError(
    'obligations.invalid_trigger',
    `${why} Expected a trigger: a fact name (${FACT_LIST}), earliest(a, b, …) of two or more fact names, or submitted(<rule code>); got ${quoted(text)}.`,
  );
}

function invalidDeadline(text: string, why: string): AppError {
  return new AppError(
    'obligations.invalid_deadline',
    `${why} Expected a deadline such as "6 hours", "1 hour", "60 calendar days", "4 business days", "1 month", `
      + `"without delay", "without undue delay", "as early as possible" or "${ORDER_DEADLINE}"; got ${quoted(text)}.`,
  );
}

export function isTimeFact(name: string): name is TimeFact {
  return (TIME_FACTS as readonly string[]).includes(name);
}

/** `noticed_at`, `earliest(noticed_at, brought_to_notice_at)` or `submitted(eu-nis2-notif)`. */
export function parseTrigger(text: string): Trigger {
  const trimmed = text.trim();
  if (isTimeFact(trimmed)) return { kind: 'facts', facts: [trimmed] };
  const call = /^([a-z_]+)\s*\(([^()]*)\)$/.exec(trimmed);
  if (!call) {
    const why = /^[a-z_]+$/.test(trimmed) ? `"${trimmed}" is not a fact a trigger can name.` : 'The trigger is not in the trigger grammar.';
    throw invalidTrigger(text, why);
  }
  const [, name, inner] = call;
  const args = inner.split(',').map((a) => a.trim());
  if (name === 'submitted') {
    if (args.length !== 1 || !RULE_CODE.test(args[0])) throw invalidTrigger(text, 'submitted(…) takes one rule code (lower-case letters, digits and hyphens).');
    return { kind: 'submitted', ruleCode: args[0] };
  }
  if (name !== 'earliest') throw invalidTrigger(text, `"${name}(…)" is not a trigger function; the functions are earliest and submitted.`);
  if (args.length < 2) throw invalidTrigger(text, 'earliest(…) needs at least two fact names.');
  const unknown = args.find((a) => !isTimeFact(a));
  if (unknown !== undefined) throw invalidTrigger(text, `"${unknown}" is not a fact a trigger can name.`);
  if (new Set(args).size !== args.length) throw invalidTrigger(text, 'earliest(…) names a fact twice.');
  return { kind: 'facts', facts: args as TimeFact[] };
}

const DURATION = /^([1-9][0-9]{0,5}) (hours?|calendar days?|business days?|months?)$/;
const UNITS: Record<string, keyof typeof MAX_AMOUNT> = {
  hour: 'hours', hours: 'hours',
  'calendar day': 'calendar_days', 'calendar days': 'calendar_days',
  'business day': 'business_days', 'business days': 'business_days',
  month: 'months', months: 'months',
};

/** `6 hours`, `60 calendar days`, `4 business days`, `1 month`, a soft wording, or `as set in the order`. */
export function parseDeadline(text: string): Deadline {
  const normalized = text.trim().replace(/\s+/g, ' ');
  const soft = SOFT_DEADLINES.find((w) => w === normalized);
  if (soft) return { kind: 'soft', wording: soft };
  if (normalized === ORDER_DEADLINE) return { kind: 'order' };
  const match = DURATION.exec(normalized);
  if (!match) {
    const why = /^\d+ days?$/.test(normalized) ? 'Say whether the days are calendar days or business days.' : 'The deadline is not in the deadline grammar.';
    throw invalidDeadline(text, why);
  }
  const amount = Number(match[1]);
  const unit = UNITS[match[2]];
  if (amount > MAX_AMOUNT[unit]) throw invalidDeadline(text, `At most ${MAX_AMOUNT[unit]} ${match[2].replace(/s?$/, 's')}.`);
  return { kind: 'duration', amount, unit };
}

/** `within 24 hours of aware_at`: the due time is never later than that. */
export function parseCap(text: string): Cap {
  const match = /^within ([1-9][0-9]{0,5}) hours? of ([a-z_]+)$/.exec(text.trim().replace(/\s+/g, ' '));
  const expected = `Expected a cap such as "within 24 hours of aware_at" (a number of hours and a fact: ${FACT_LIST}); got ${quoted(text)}.`;
  if (!match) throw new AppError('obligations.invalid_deadline', `The cap is not in the cap grammar. ${expected}`);
  const amount = Number(match[1]);
  if (amount > MAX_AMOUNT.hours) throw new AppError('obligations.invalid_deadline', `A cap is at most ${MAX_AMOUNT.hours} hours. ${expected}`);
  if (!isTimeFact(match[2])) throw new AppError('obligations.invalid_deadline', `"${match[2]}" is not a fact a cap can name. ${expected}`);
  return { amount, unit: 'hours', fact: match[2] };
}
