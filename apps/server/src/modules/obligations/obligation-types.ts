/**
 * What the obligation engine reads and returns (docs/modules/obligations.md). The engine
 * is a pure function over these shapes; the service loads them from the database and
 * writes the results.
 */
import type { BusinessCalendar } from '../notices/due-time.ts';

/** Time facts a rule's trigger may name. */
export const TIME_FACTS = [
  'occurred_at',
  'detected_at',
  'noticed_at',
  'brought_to_notice_at',
  'aware_at',
  'order_received_at',
  'classified_major_at',
  'materiality_determined_at',
  'discovered_at',
  'breach_determined_at',
  'ransom_paid_at',
] as const;
export type TimeFact = (typeof TIME_FACTS)[number];

/** Judgement facts a rule's condition may require (entered per incident and organization). */
export const JUDGEMENT_FACTS = ['personal_data', 'high_risk', 'significant', 'major'] as const;
export type JudgementFact = (typeof JUDGEMENT_FACTS)[number];

export type ObligationState = 'pending' | 'met' | 'met_late' | 'missed' | 'not_applicable';

/** A parsed trigger: the earliest of the named facts, or the submission time of the report that met another rule. */
export type Trigger = { kind: 'facts'; facts: TimeFact[] } | { kind: 'submitted'; ruleCode: string };

/** A parsed deadline. */
export type Deadline =
  | { kind: 'duration'; amount: number; unit: 'hours' | 'calendar_days' | 'business_days' | 'months' }
  | { kind: 'soft'; wording: 'without delay' | 'without undue delay' | 'as early as possible' }
  | { kind: 'order' };

/** A parsed cap: the due time is at most `amount` hours after another fact (DORA: 24 hours from awareness). */
export interface Cap {
  amount: number;
  unit: 'hours';
  fact: TimeFact;
}

/** A rule definition as stored (obligation_rule_versions.definition) and as packs ship it. */
export interface RuleDefinition {
  code: string;
  jurisdiction: string;
  instrument: string;
  clause: string;
  summary: string;
  binds: { regulatedAs: string[]; sectors: string[] };
  condition: {
    categories?: string[] | null;
    personalData?: boolean | null;
    highRisk?: boolean | null;
    significant?: boolean | null;
    major?: boolean | null;
    minAffected?: { country: string; count: number } | null;
  };
  /** Trigger grammar, e.g. `earliest(noticed_at, brought_to_notice_at)`. */
  trigger: string;
  /** Deadline grammar, e.g. `6 hours`, `4 business days`, `without delay`, `as set in the order`. */
  deadline: string;
  /** e.g. `within 24 hours of aware_at` (DORA's cap on the initial notification). */
  cap?: string | null;
  /** Holiday calendar code for business days; default the jurisdiction's. */
  calendar?: string | null;
  recipient: string;
  contents: string[];
  topic: string;
  metBy: 'incident_report' | 'notice_response' | 'timeline_entry';
  chain?: { code: string; step: number; name: string; questionnaire: Array<{ key: string; text: string; required: boolean }> } | null;
  inForce: { from: string | null; until: string | null };
  /** For order duties: the legal bases (legal_bases.code) of the notices that trigger it. */
  legalBasisCodes?: string[];
  source: string;
  confirmed: boolean;
  note?: string | null;
}

/** A rule as the engine gets it: the stored definition with its id and version. */
export interface RuleForComputation {
  id: string;
  version: number;
  enabled: boolean;
  definition: RuleDefinition;
}

export interface FactValue {
  at: Date;
  timeZone: string | null;
  source: string | null;
}

/** What the engine knows about one incident and one participant organization. */
export interface ObligationFacts {
  incident: {
    id: string;
    reference: string;
    category: string | null;
    /** Incident key times (incidents.occurred_at …), used when the organization has no own value. */
    times: Partial<Record<'occurred_at' | 'detected_at' | 'noticed_at' | 'reported_at', FactValue>>;
    /** Latest affected count per country code (ISO 3166-1 alpha-2, or e.g. US-TX). */
    affected: Record<string, number>;
  };
  organization: {
    id: string;
    name: string;
    jurisdiction: string | null;
    operatesIn: string[];
    regulatedAs: string[];
    sectors: string[];
  };
  /** Facts entered for this (incident, organization). */
  times: Partial<Record<TimeFact, FactValue>>;
  judgements: Partial<Record<JudgementFact, boolean>>;
  /** Issued notices to this organization about this incident (the orders). */
  orders: Array<{
    noticeId: string;
    reference: string;
    legalBasisCode: string | null;
    issuedAt: Date;
    dueAt: Date | null;
    timeZone: string;
    respondedAt: Date | null;
    responseId: string | null;
  }>;
  /** Submitted incident reports of this organization on this incident (first submission time). */
  reports: Array<{ id: string; ruleCode: string; chainCode: string | null; chainStep: number | null; firstSubmittedAt: Date }>;
  /** Timeline entries staff linked as meeting a rule: rule code → entry. */
  links: Record<string, { timelineEntryId: string; occurredAt: Date }>;
}

export interface ExplanationStep {
  /** What this step establishes: applies, trigger, due, state, governs. */
  kind: 'applies' | 'not_applicable' | 'trigger' | 'due' | 'skipped_days' | 'state' | 'governs' | 'needs_fact';
  text: string;
}

export interface ObligationResult {
  ruleId: string;
  ruleVersion: number;
  ruleCode: string;
  noticeId: string | null;
  topic: string;
  governs: boolean;
  state: ObligationState;
  soft: boolean;
  triggerFact: string | null;
  triggerAt: Date | null;
  dueAt: Date | null;
  metBy: { kind: 'incident_report' | 'notice_response' | 'timeline_entry'; id: string } | null;
  metAt: Date | null;
  lateBySeconds: number | null;
  reason: string | null;
  explanation: ExplanationStep[];
}

export interface ComputeInput {
  facts: ObligationFacts;
  rules: RuleForComputation[];
  /** Holiday calendars by code, with their time zone. */
  calendars: Record<string, BusinessCalendar & { code: string; name: string; timeZone: string; holidayNames: Record<string, string> }>;
  now: Date;
  /**
   * False: results without their explanation steps. Recomputation stores only the state,
   * times and `reason`, and an explanation is built again on request (`explainObligation`),
   * so the jobs skip the sentences. Every other field is the same either way.
   */
  explain?: boolean;
}
