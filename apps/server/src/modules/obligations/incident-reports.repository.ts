/**
 * SQL of incident reports: the reports with their incident, organization and rule, always
 * read through the incident scope (an organization only its own); their versions and
 * reviews; and what a submission writes — the report, a version, the facts it asserts.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { canRead, canWrite, type IncidentScope } from '../incidents/incidents.scope.ts';
import type { RuleDefinition } from './obligation-types.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Reports the scope may read, with what their list and page show. */
export function reportsQuery(db: Executor, scope: IncidentScope) {
  let query = db.selectFrom('incident_reports as ir')
    .innerJoin('incidents as i', 'i.id', 'ir.incident_id')
    .innerJoin('organizations as o', 'o.id', 'ir.organization_id')
    .innerJoin('incident_report_versions as lv', (join) => join.onRef('lv.report_id', '=', 'ir.id').onRef('lv.version', '=', 'ir.latest_version'))
    .leftJoin('obligation_rules as r', 'r.code', 'ir.rule_code')
    .leftJoin('obligation_rule_versions as rv', (join) => join.onRef('rv.rule_id', '=', 'r.id').onRef('rv.version', '=', 'r.version'))
    .select((eb) => [
      'ir.id', 'ir.external_reference', 'ir.incident_id', 'i.reference as incident_reference', 'i.title as incident_title',
      'ir.organization_id', 'o.name as organization_name', 'ir.rule_code', 'ir.chain_code', 'ir.chain_step', 'rv.definition',
      'ir.latest_version', 'ir.first_submitted_at', 'ir.first_due_at', 'ir.late_by_seconds', 'lv.submitted_at as last_submitted_at',
      eb.selectFrom('incident_report_reviews as rr').select('rr.verdict').whereRef('rr.version_id', '=', 'lv.id')
        .orderBy('rr.reviewed_at', 'desc').limit(1).as('latest_verdict'),
      canWrite(eb, scope).as('can_write'),
    ])
    .where((eb) => canRead(eb, scope));
  if (scope.kind === 'organization') query = query.where('ir.organization_id', '=', scope.organizationId);
  return query;
}

export type ReportRow = Awaited<ReturnType<ReturnType<typeof reportsQuery>['execute']>>[number];

/** The versions of reports, newest first, with who submitted them. */
export async function versionsOf(db: Executor, reportIds: string[]) {
  if (reportIds.length === 0) return [];
  return db.selectFrom('incident_report_versions as v')
    .leftJoin('users as u', 'u.id', 'v.submitted_by')
    .select(['v.id', 'v.report_id', 'v.version', 'v.questionnaire', 'v.answers', 'v.submitted_by', 'u.name as submitted_by_name', 'v.submitted_via',
      'v.submitted_at', 'v.content_sha256'])
    .where('v.report_id', 'in', reportIds)
    .orderBy('v.report_id').orderBy('v.version', 'desc')
    .execute();
}

/** The reviews of versions, oldest first, with who reviewed them. */
export async function reviewsOf(db: Executor, versionIds: string[]) {
  if (versionIds.length === 0) return [];
  return db.selectFrom('incident_report_reviews as rr')
    .innerJoin('users as u', 'u.id', 'rr.reviewed_by')
    .select(['rr.id', 'rr.version_id', 'rr.verdict', 'rr.comment', 'rr.reviewed_by', 'u.name as reviewed_by_name', 'rr.reviewed_at'])
    .where('rr.version_id', 'in', versionIds)
    .orderBy('rr.reviewed_at')
    .execute();
}

/** An enabled rule by code, at its current version. */
export async function findEnabledRule(db: Executor, code: string) {
  const row = await db.selectFrom('obligation_rules as r')
    .innerJoin('obligation_rule_versions as v', (join) => join.onRef('v.rule_id', '=', 'r.id').onRef('v.version', '=', 'r.version'))
    .select(['r.id', 'r.code', 'r.version', 'v.definition'])
    .where('r.code', '=', code).where('r.enabled', '=', true)
    .executeTakeFirst();
  return row ? { id: row.id, code: row.code, version: row.version, definition: row.definition as RuleDefinition } : undefined;
}

/**
 * Serialises submissions under one (organization, reference, rule) until COMMIT, so that
 * a retried request finds the report its first attempt made instead of racing it.
 */
export async function lockReportKey(trx: Transaction<DB>, key: { organizationId: string; externalReference: string; ruleCode: string }): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`casebook:incident_report:${key.organizationId}:${key.ruleCode}:${key.externalReference}`}))`.execute(trx);
}

export async function findReportByKey(trx: Transaction<DB>, key: { organizationId: string; externalReference: string; ruleCode: string }) {
  return trx.selectFrom('incident_reports').selectAll()
    .where('organization_id', '=', key.organizationId).where('external_reference', '=', key.externalReference).where('rule_code', '=', key.ruleCode)
    .forUpdate()
    .executeTakeFirst();
}

export async function latestVersion(trx: Transaction<DB>, report: { id: string; latest_version: number }) {
  return trx.selectFrom('incident_report_versions').selectAll()
    .where('report_id', '=', report.id).where('version', '=', report.latest_version)
    .executeTakeFirstOrThrow();
}

/** Whether the organization takes part in the incident and may read it (TLP:RED only when named). */
export async function participates(db: Executor, organizationId: string, incidentId: string) {
  return db.selectFrom('incidents as i')
    .select(['i.id', 'i.tlp', 'i.occurred_at'])
    .where('i.id', '=', incidentId)
    .where((eb) => canRead(eb, { kind: 'organization', organizationId }))
    .executeTakeFirst();
}

/** The due time the rule's obligation of (incident, organization) has as computed now; null when none is fixed. */
export async function obligationDue(trx: Transaction<DB>, key: { incidentId: string; organizationId: string; ruleId: string }): Promise<Date | null> {
  const row = await trx.selectFrom('obligations').select(['due_at', 'soft', 'state'])
    .where('incident_id', '=', key.incidentId).where('organization_id', '=', key.organizationId).where('rule_id', '=', key.ruleId)
    .where('notice_id', 'is', null)
    .executeTakeFirst();
  if (!row || row.soft || row.state === 'not_applicable') return null;
  return row.due_at;
}

/** The CERT's first active administrator, who owns incidents opened by an organization's report. */
export async function firstAdminId(trx: Transaction<DB>): Promise<string | null> {
  const row = await trx.selectFrom('users as u').innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select('u.id').where('o.is_home', '=', true).where('u.role', '=', 'admin').where('u.disabled_at', 'is', null)
    .orderBy('u.created_at').orderBy('u.id').limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface FactValue {
  fact: string;
  at: Date | null;
  timeZone: string | null;
  value: boolean | null;
}

/**
 * Writes facts of (incident, organization), keeping the values they replace as revisions
 * (as setObligationFacts does). Returns the facts whose value changed.
 */
export async function writeFacts(
  trx: Transaction<DB>,
  key: { incidentId: string; organizationId: string },
  facts: FactValue[],
  meta: { source: string; recordedBy: string; now: Date },
): Promise<{ changed: FactValue[]; before: Array<{ fact: string; at: Date | null; value: boolean | null }> }> {
  if (facts.length === 0) return { changed: [], before: [] };
  const existing = await trx.selectFrom('obligation_facts').selectAll()
    .where('incident_id', '=', key.incidentId).where('organization_id', '=', key.organizationId).where('fact', 'in', facts.map((f) => f.fact))
    .execute();
  const byName = new Map(existing.map((f) => [f.fact, f]));
  const changed = facts.filter((f) => {
    const old = byName.get(f.fact);
    return !old || (old.value_at?.getTime() ?? null) !== (f.at?.getTime() ?? null) || old.value_bool !== f.value || (f.at !== null && old.time_zone !== f.timeZone);
  });
  if (changed.length === 0) return { changed, before: [] };
  const replaced = existing.filter((f) => changed.some((c) => c.fact === f.fact));
  if (replaced.length > 0) {
    await trx.insertInto('obligation_fact_revisions').values(replaced.map((f) => ({
      incident_id: f.incident_id, organization_id: f.organization_id, fact: f.fact, value_at: f.value_at, time_zone: f.time_zone,
      value_bool: f.value_bool, source: f.source, recorded_by: f.recorded_by, recorded_at: f.recorded_at, replaced_at: meta.now,
    }))).execute();
    await trx.deleteFrom('obligation_facts').where('incident_id', '=', key.incidentId).where('organization_id', '=', key.organizationId)
      .where('fact', 'in', replaced.map((f) => f.fact)).execute();
  }
  await trx.insertInto('obligation_facts').values(changed.map((f) => ({
    incident_id: key.incidentId, organization_id: key.organizationId, fact: f.fact, value_at: f.at, time_zone: f.at ? f.timeZone : null,
    value_bool: f.value, source: meta.source, recorded_by: meta.recordedBy, recorded_at: meta.now,
  }))).execute();
  return { changed, before: replaced.map((f) => ({ fact: f.fact, at: f.value_at, value: f.value_bool })) };
}

export async function insertReport(trx: Transaction<DB>, values: {
  organizationId: string; externalReference: string; incidentId: string; ruleCode: string; chainCode: string | null; chainStep: number | null;
  firstSubmittedAt: Date; firstDueAt: Date | null; lateBySeconds: number | null; createdBy: string;
}): Promise<{ id: string; latest_version: number }> {
  return trx.insertInto('incident_reports').values({
    organization_id: values.organizationId, external_reference: values.externalReference, incident_id: values.incidentId, rule_code: values.ruleCode,
    chain_code: values.chainCode, chain_step: values.chainStep, latest_version: 1, first_submitted_at: values.firstSubmittedAt,
    first_due_at: values.firstDueAt, late_by_seconds: values.lateBySeconds, created_by: values.createdBy, created_at: values.firstSubmittedAt,
  }).returning(['id', 'latest_version']).executeTakeFirstOrThrow();
}

export async function insertVersion(trx: Transaction<DB>, values: {
  reportId: string; version: number; questionnaire: unknown; answers: unknown; submittedBy: string; submittedVia: 'portal' | 'api'; submittedAt: Date; contentSha256: string;
}): Promise<string> {
  const row = await trx.insertInto('incident_report_versions').values({
    report_id: values.reportId, version: values.version, questionnaire: JSON.stringify(values.questionnaire), answers: JSON.stringify(values.answers),
    submitted_by: values.submittedBy, submitted_via: values.submittedVia, submitted_at: values.submittedAt, content_sha256: values.contentSha256,
  }).returning('id').executeTakeFirstOrThrow();
  if (values.version > 1) await trx.updateTable('incident_reports').set({ latest_version: values.version }).where('id', '=', values.reportId).execute();
  return row.id;
}

export async function insertReview(trx: Transaction<DB>, values: { versionId: string; verdict: 'accepted' | 'revision_required'; comment: string | null; reviewedBy: string; reviewedAt: Date }) {
  return trx.insertInto('incident_report_reviews').values({
    version_id: values.versionId, verdict: values.verdict, comment: values.comment, reviewed_by: values.reviewedBy, reviewed_at: values.reviewedAt,
  }).returning('id').executeTakeFirstOrThrow();
}
