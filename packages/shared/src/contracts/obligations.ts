/**
 * Obligation rules as data (docs/modules/obligations.md, "Rule definition"): the JSON a
 * rule pack holds and `createRule` takes. The schema checks the shape; the server also
 * parses the trigger, deadline and cap grammars and checks the parts against each other
 * (apps/server/src/modules/obligations/rule-definition.ts).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { LEGAL_ROLES } from '../organizations.ts';
import { Strict, literals } from './common.ts';

/**
 * The legal roles a rule can bind: the roles an organization can be given
 * (`organizations.regulated_as`, packages/shared/src/organizations.ts) — one list. `any_person`
 * in a rule binds every organization (IT Act s.70B(6): "any other person").
 */
export const REGULATED_AS_ROLES = LEGAL_ROLES;
export type RegulatedAsRole = (typeof REGULATED_AS_ROLES)[number];

export const RULE_MET_BY = ['incident_report', 'notice_response', 'timeline_entry'] as const;
export type RuleMetBy = (typeof RULE_MET_BY)[number];

export const RULE_CODE_PATTERN = '^[a-z0-9][a-z0-9-]{1,59}$';
/** ISO 3166-1 alpha-2, `EU`, or a subdivision such as `US-TX`. */
export const JURISDICTION_PATTERN = '^[A-Z]{2}(-[A-Z0-9]{1,3})?$';
/** Obligations that ask for the same thing share a topic; order duties add `:<notice id>` to it. */
export const TOPIC_PATTERN = '^[a-z][a-z0-9_]{0,59}$';
const LOCAL_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const Code = Type.String({ maxLength: 60, pattern: RULE_CODE_PATTERN });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Judgement = Type.Optional(Nullable(Type.Boolean()));
const LocalDate = Type.String({ maxLength: 10, pattern: LOCAL_DATE_PATTERN, description: 'YYYY-MM-DD, a local date in the rule\'s zone' });

export const RuleQuestion = Strict({
  key: Type.String({ maxLength: 60, pattern: '^[a-z][a-z0-9_]{0,59}$' }),
  text: Text(1000),
  required: Type.Boolean(),
});
export type RuleQuestion = Static<typeof RuleQuestion>;

export const RuleDefinitionSchema = Strict({
  code: Code,
  jurisdiction: Type.String({ maxLength: 6, pattern: JURISDICTION_PATTERN }),
  instrument: Text(300),
  clause: Text(200),
  summary: Text(2000),
  binds: Strict({
    regulatedAs: Type.Array(literals(REGULATED_AS_ROLES), { minItems: 1, maxItems: REGULATED_AS_ROLES.length, uniqueItems: true }),
    sectors: Type.Array(Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }), { maxItems: 20, uniqueItems: true, description: 'Empty: any sector.' }),
  }),
  condition: Strict({
    categories: Type.Optional(Nullable(Type.Array(Type.String({ maxLength: 60, pattern: '^[a-z0-9-]{2,60}$' }), { minItems: 1, maxItems: 100, uniqueItems: true }))),
    personalData: Judgement,
    highRisk: Judgement,
    significant: Judgement,
    major: Judgement,
    minAffected: Type.Optional(Nullable(Strict({
      country: Type.String({ maxLength: 6, pattern: '^[A-Z]{2}(-([A-Z0-9]{1,3}|\\*))?$', description: 'US, US-TX, or US-* for "in any one state"' }),
      count: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
    }))),
  }),
  trigger: Type.String({ minLength: 1, maxLength: 200, description: 'A fact name, earliest(a, b, …) or submitted(<rule code>)' }),
  deadline: Type.String({ minLength: 1, maxLength: 60, description: '"6 hours", "4 business days", "1 month", "without delay", "as set in the order", …' }),
  cap: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "within 24 hours of aware_at"' }))),
  calendar: Type.Optional(Nullable(Type.String({ maxLength: 20, pattern: '^[A-Z0-9-]{2,20}$', description: 'Holiday calendar code; default: the jurisdiction\'s' }))),
  recipient: Text(200),
  contents: Type.Array(Text(500), { maxItems: 40 }),
  topic: Type.String({ maxLength: 60, pattern: TOPIC_PATTERN }),
  metBy: literals(RULE_MET_BY),
  chain: Type.Optional(Nullable(Strict({
    code: Code,
    step: Type.Integer({ minimum: 1, maximum: 20 }),
    name: Text(200),
    questionnaire: Type.Array(RuleQuestion, { maxItems: 100 }),
  }))),
  inForce: Strict({ from: Nullable(LocalDate), until: Nullable(LocalDate) }),
  legalBasisCodes: Type.Optional(Type.Array(Type.String({ maxLength: 60, pattern: '^[a-z0-9-]{2,60}$' }), { maxItems: 20, uniqueItems: true })),
  source: Text(500),
  confirmed: Type.Boolean({ description: 'false: the rule ships disabled, with its note shown' }),
  note: Type.Optional(Nullable(Text(2000))),
});
export type RuleDefinitionInput = Static<typeof RuleDefinitionSchema>;
