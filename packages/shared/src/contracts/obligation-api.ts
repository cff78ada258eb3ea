/**
 * Obligations API: computed obligations with their state and explanation, the facts they
 * are computed from, the rules, and the compliance summary (docs/modules/obligations.md).
 * The rule definition itself is in ./obligations.ts.
 */
import { type Static, type TProperties, Type } from '@sinclair/typebox';
import { Cursor, literals, NullableTimestamp, Strict, Timestamp, Uuid } from './common.ts';
import { TimeZone } from './incidents.ts';

export const OBLIGATION_STATES = ['pending', 'met', 'met_late', 'missed', 'not_applicable'] as const;
export type ObligationStateName = (typeof OBLIGATION_STATES)[number];
export const OBLIGATION_STATE_LABELS: Record<ObligationStateName, string> = {
  pending: 'Pending',
  met: 'Met',
  met_late: 'Met late',
  missed: 'Missed',
  not_applicable: 'Not applicable',
};

export const FACT_NAMES = [
  'occurred_at', 'detected_at', 'noticed_at', 'brought_to_notice_at', 'aware_at', 'classified_major_at', 'materiality_determined_at',
  'discovered_at', 'breach_determined_at', 'ransom_paid_at', 'personal_data', 'high_risk', 'significant', 'major',
] as const;
export type FactName = (typeof FACT_NAMES)[number];
export const FACT_LABELS: Record<FactName, string> = {
  occurred_at: 'Occurred',
  detected_at: 'Detected',
  noticed_at: 'Noticed by the organization',
  brought_to_notice_at: 'Brought to its notice',
  aware_at: 'Became aware',
  classified_major_at: 'Classified as major',
  materiality_determined_at: 'Materiality determined',
  discovered_at: 'Breach discovered',
  breach_determined_at: 'Breach determined',
  ransom_paid_at: 'Ransom paid',
  personal_data: 'Personal data involved',
  high_risk: 'High risk to people',
  significant: 'Significant incident',
  major: 'Major incident',
};
export const JUDGEMENT_FACT_NAMES: readonly FactName[] = ['personal_data', 'high_risk', 'significant', 'major'];

function Ref<T extends TProperties>(extra: T) {
  return Strict({ id: Uuid, ...extra });
}

export const Obligation = Strict({
  id: Uuid,
  incident: Ref({ reference: Type.String() }),
  organization: Ref({ name: Type.String() }),
  rule: Ref({
    code: Type.String(), version: Type.Integer(), jurisdiction: Type.String(), instrument: Type.String(), clause: Type.String(),
    recipient: Type.String(), summary: Type.String(),
  }),
  notice: Type.Union([Ref({ reference: Type.String() }), Type.Null()]),
  topic: Type.String(),
  governs: Type.Boolean(),
  state: literals(OBLIGATION_STATES),
  soft: Type.Boolean({ description: 'A deadline in words ("without delay"): shown, never missed automatically.' }),
  deadline: Type.String({ description: 'The rule\'s deadline as written, e.g. "6 hours".' }),
  triggerFact: Type.Union([Type.String(), Type.Null()]),
  triggerAt: NullableTimestamp,
  dueAt: NullableTimestamp,
  metBy: Type.Union([Strict({ kind: literals(['incident_report', 'notice_response', 'timeline_entry'] as const), id: Uuid }), Type.Null()]),
  metAt: NullableTimestamp,
  lateBySeconds: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  computedAt: Timestamp,
});
export type Obligation = Static<typeof Obligation>;

export const ObligationList = Strict({ items: Type.Array(Obligation), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type ObligationList = Static<typeof ObligationList>;

export const ListObligationsQuery = Strict({
  incidentId: Type.Optional(Uuid),
  organizationId: Type.Optional(Uuid),
  state: Type.Optional(literals(OBLIGATION_STATES)),
  ruleCode: Type.Optional(Type.String({ minLength: 2, maxLength: 60, pattern: '^[a-z0-9-]+$' })),
  dueFrom: Type.Optional(Timestamp),
  dueTo: Type.Optional(Timestamp),
  governingOnly: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export type ListObligationsQuery = Static<typeof ListObligationsQuery>;

export const ObligationParams = Strict({ obligationId: Uuid });

export const ExplanationStep = Strict({
  kind: literals(['applies', 'not_applicable', 'trigger', 'due', 'skipped_days', 'state', 'governs', 'needs_fact'] as const),
  text: Type.String(),
});

export const ObligationExplanation = Strict({
  obligation: Obligation,
  steps: Type.Array(ExplanationStep),
  history: Type.Array(Strict({
    ruleVersion: Type.Integer(), state: literals(OBLIGATION_STATES), dueAt: NullableTimestamp, metAt: NullableTimestamp,
    lateBySeconds: Type.Union([Type.Integer(), Type.Null()]), reason: Type.Union([Type.String(), Type.Null()]),
    computedAt: Timestamp, replacedAt: Timestamp,
  })),
});
export type ObligationExplanation = Static<typeof ObligationExplanation>;

export const FactInput = Strict({
  fact: literals(FACT_NAMES),
  at: Type.Optional(NullableTimestamp),
  timeZone: Type.Optional(TimeZone),
  value: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  source: Type.Optional(Type.String({ maxLength: 500 })),
});
export const SetObligationFactsBody = Strict({ facts: Type.Array(FactInput, { minItems: 1, maxItems: 20 }) });
export type SetObligationFactsBody = Static<typeof SetObligationFactsBody>;
export const FactsParams = Strict({ id: Uuid, organizationId: Uuid });

export const ObligationFactView = Strict({
  fact: literals(FACT_NAMES),
  at: NullableTimestamp,
  timeZone: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.Boolean(), Type.Null()]),
  source: Type.Union([Type.String(), Type.Null()]),
  recordedAt: Timestamp,
});
export const ObligationFactsView = Strict({
  incidentId: Uuid,
  organization: Ref({ name: Type.String() }),
  facts: Type.Array(ObligationFactView),
});
export type ObligationFactsView = Static<typeof ObligationFactsView>;
export const ObligationFactsList = Strict({ items: Type.Array(ObligationFactsView) });

export const ComplianceQuery = Strict({
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  organizationId: Type.Optional(Uuid),
});
export const ComplianceRow = Strict({
  organization: Ref({ name: Type.String() }),
  rule: Strict({ id: Uuid, code: Type.String(), jurisdiction: Type.String(), instrument: Type.String(), clause: Type.String() }),
  onTime: Type.Integer(),
  late: Type.Integer(),
  missed: Type.Integer(),
  pending: Type.Integer(),
  medianLateSeconds: Type.Union([Type.Integer(), Type.Null()]),
});
export const ComplianceSummary = Strict({ rows: Type.Array(ComplianceRow), totals: Strict({ onTime: Type.Integer(), late: Type.Integer(), missed: Type.Integer(), pending: Type.Integer() }) });
export type ComplianceSummary = Static<typeof ComplianceSummary>;

export const RuleParams = Strict({ ruleId: Uuid });

export const LinkObligationEntryBody = Strict({
  organizationId: Uuid,
  ruleCode: Type.String({ minLength: 2, maxLength: 60, pattern: '^[a-z0-9-]+$' }),
  timelineEntryId: Type.Union([Uuid, Type.Null()], { description: 'The chronology entry that met the rule, or null to remove the link.' }),
});
export const ObligationLink = Strict({ incidentId: Uuid, organizationId: Uuid, ruleCode: Type.String(), timelineEntryId: Type.Union([Uuid, Type.Null()]) });
