/**
 * Incident reports (docs/modules/obligations.md, "Incident reports"): the mandatory
 * reports an organization files under a rule, idempotent on its own reference, kept as
 * immutable versions that each hold the questionnaire they answered, and reviewed by staff.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Cursor, Limit, Strict, Timestamp, Uuid, literals } from './common.ts';
import { KeyTime, SeveritySchema, TimeZone } from './incidents.ts';
import { FACT_NAMES } from './obligation-api.ts';
import { RULE_CODE_PATTERN } from './obligations.ts';

export const REPORT_VERDICTS = ['accepted', 'revision_required'] as const;
export type ReportVerdict = (typeof REPORT_VERDICTS)[number];
export const REPORT_VERDICT_LABELS: Record<ReportVerdict, string> = { accepted: 'Accepted', revision_required: 'Revision required' };

/** Where a report stands: its latest version's latest review, or `submitted` before any. */
export const REPORT_STATUSES = ['submitted', ...REPORT_VERDICTS] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { submitted: 'Awaiting review', ...REPORT_VERDICT_LABELS };

/** How the organization first stood in an incident its report opened. */
export const REPORTER_ROLES = ['affected_platform', 'reporter'] as const;

export const ANSWER_KEY_PATTERN = '^[a-z][a-z0-9_]{0,59}$';
export const MAX_ANSWER_LENGTH = 20_000;
export const MAX_EXTERNAL_REFERENCE_LENGTH = 100;

export interface ReportQuestion {
  key: string;
  text: string;
  required: boolean;
}

/**
 * The questions a report under this rule answers: the rule's chain step questionnaire;
 * for a rule without a chain, a description of the incident and one question per item
 * the rule says the report must contain. Server and web use this one function, and
 * every version stores the questionnaire it answered.
 */
export function questionnaireOf(definition: {
  contents: string[];
  chain?: { questionnaire: ReportQuestion[] } | null;
}): ReportQuestion[] {
  if (definition.chain) return definition.chain.questionnaire.map((q) => ({ key: q.key, text: q.text, required: q.required }));
  return [
    { key: 'description', text: 'What happened, what is affected, and what has been done so far', required: true },
    ...definition.contents.map((text, i) => ({ key: `content_${i + 1}`, text, required: false })),
  ];
}

export const ReportAnswers = Type.Record(
  Type.String({ pattern: ANSWER_KEY_PATTERN }),
  Type.String({ maxLength: MAX_ANSWER_LENGTH }),
  { maxProperties: 100, additionalProperties: false, description: 'Answer text by question key, as the rule\'s questionnaire asks.' },
);

/** A fact of the organization the report asserts: a time (with its zone) or a yes/no judgement. */
export const ReportFact = Strict({
  fact: literals(FACT_NAMES),
  at: Type.Optional(Timestamp),
  timeZone: Type.Optional(TimeZone),
  value: Type.Optional(Type.Boolean()),
});
export type ReportFact = Static<typeof ReportFact>;

/** What a first report says about an incident Casebook does not know yet. */
export const ReportedIncident = Strict({
  title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
  summary: Type.Optional(Type.String({ maxLength: 50000 })),
  categoryCode: Type.Optional(Type.String({ minLength: 2, maxLength: 60, pattern: '^[a-z0-9-]+$' })),
  severity: Type.Optional(SeveritySchema),
  keyTimes: Type.Optional(Strict({
    occurred: Type.Optional(KeyTime),
    detected: Type.Optional(KeyTime),
    noticed: Type.Optional(KeyTime),
  })),
  role: Type.Optional(literals(REPORTER_ROLES)),
});
export type ReportedIncident = Static<typeof ReportedIncident>;

export const SubmitIncidentReportBody = Strict({
  ruleCode: Type.String({ minLength: 2, maxLength: 60, pattern: RULE_CODE_PATTERN }),
  externalReference: Type.String({
    minLength: 1, maxLength: MAX_EXTERNAL_REFERENCE_LENGTH, pattern: '^\\S(.*\\S)?$',
    description: 'The organization\'s own reference; submitting again under it and the same rule revises the same report.',
  }),
  incidentId: Type.Optional(Uuid),
  incident: Type.Optional(ReportedIncident),
  answers: ReportAnswers,
  facts: Type.Optional(Type.Array(ReportFact, { maxItems: FACT_NAMES.length })),
});
export type SubmitIncidentReportBody = Static<typeof SubmitIncidentReportBody>;

export const ReviewIncidentReportBody = Strict({
  verdict: literals(REPORT_VERDICTS),
  comment: Type.Optional(Type.String({ maxLength: 4000 })),
});
export type ReviewIncidentReportBody = Static<typeof ReviewIncidentReportBody>;

export const ListIncidentReportsQuery = Strict({
  incidentId: Type.Optional(Uuid),
  organizationId: Type.Optional(Uuid),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type ListIncidentReportsQuery = Static<typeof ListIncidentReportsQuery>;

export const ReportParams = Strict({ reportId: Uuid });
export const ReportVersionParams = Strict({ reportId: Uuid, version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });

const NullableText = Type.Union([Type.String(), Type.Null()]);
const PersonRef = Type.Union([Strict({ id: Uuid, name: Type.String() }), Type.Null()]);

export const ReportQuestionView = Strict({ key: Type.String(), text: Type.String(), required: Type.Boolean() });

export const ReportReview = Strict({
  id: Uuid,
  verdict: literals(REPORT_VERDICTS),
  comment: NullableText,
  reviewedBy: PersonRef,
  reviewedAt: Timestamp,
});
export type ReportReview = Static<typeof ReportReview>;

export const ReportVersion = Strict({
  version: Type.Integer(),
  questionnaire: Type.Array(ReportQuestionView),
  answers: Type.Record(Type.String(), Type.String()),
  submittedBy: PersonRef,
  submittedVia: literals(['portal', 'api'] as const),
  submittedAt: Timestamp,
  contentSha256: Type.String(),
  reviews: Type.Array(ReportReview),
});
export type ReportVersion = Static<typeof ReportVersion>;

const ReportCore = {
  id: Uuid,
  externalReference: Type.String(),
  incident: Strict({ id: Uuid, reference: Type.String(), title: Type.String() }),
  organization: Strict({ id: Uuid, name: Type.String() }),
  rule: Strict({
    code: Type.String(),
    jurisdiction: NullableText,
    instrument: NullableText,
    clause: NullableText,
    recipient: NullableText,
  }),
  chain: Type.Union([Strict({ code: Type.String(), step: Type.Integer(), name: NullableText }), Type.Null()]),
  latestVersion: Type.Integer(),
  status: literals(REPORT_STATUSES),
  firstSubmittedAt: Timestamp,
  lastSubmittedAt: Timestamp,
  firstDueAt: Type.Union([Timestamp, Type.Null()], { description: 'The due time of the rule\'s obligation when the report was first submitted; null without a fixed one.' }),
  lateBySeconds: Type.Union([Type.Integer(), Type.Null()], { description: 'Seconds after firstDueAt of the first submission (0 when on time); fixed then, never recomputed.' }),
  abilities: Strict({ review: Type.Boolean(), revise: Type.Boolean() }),
};

export const IncidentReportSummary = Strict(ReportCore);
export type IncidentReportSummary = Static<typeof IncidentReportSummary>;

export const IncidentReportList = Strict({ items: Type.Array(IncidentReportSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type IncidentReportList = Static<typeof IncidentReportList>;

export const IncidentReport = Strict({ ...ReportCore, versions: Type.Array(ReportVersion, { description: 'Newest first.' }) });
export type IncidentReport = Static<typeof IncidentReport>;

export const SubmittedIncidentReport = Strict({
  ...ReportCore,
  versions: Type.Array(ReportVersion),
  outcome: literals(['created', 'revised', 'unchanged'] as const, { description: 'A new report, a new version of it, or the same answers again (nothing written).' }),
});
export type SubmittedIncidentReport = Static<typeof SubmittedIncidentReport>;
