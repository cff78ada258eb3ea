/**
 * How a report reads in the API: its incident, organization, rule and chain step, where it
 * stands (its latest version's latest review), the lateness fixed at its first submission,
 * what the caller may do with it, and — on its page — every version with its reviews.
 */
import type { IncidentReport, IncidentReportSummary, ReportQuestion, ReportVersion } from '#shared/contracts/incident-reports';
import { roleHas } from '#shared/roles';
import type { Principal } from '../../access/principal.ts';
import type { ReportRow, reviewsOf, versionsOf } from './incident-reports.repository.ts';
import type { RuleDefinition } from './obligation-types.ts';

type VersionRow = Awaited<ReturnType<typeof versionsOf>>[number];
type ReviewRow = Awaited<ReturnType<typeof reviewsOf>>[number];

export function presentReport(principal: Principal, row: ReportRow): IncidentReportSummary {
  const definition = row.definition as RuleDefinition | null;
  const chainName = definition?.chain && definition.chain.code === row.chain_code ? definition.chain.name : null;
  return {
    id: row.id,
    externalReference: row.external_reference,
    incident: { id: row.incident_id, reference: row.incident_reference, title: row.incident_title },
    organization: { id: row.organization_id, name: row.organization_name },
    rule: {
      code: row.rule_code,
      jurisdiction: definition?.jurisdiction ?? null,
      instrument: definition?.instrument ?? null,
      clause: definition?.clause ?? null,
      recipient: definition?.recipient ?? null,
    },
    chain: row.chain_code && row.chain_step ? { code: row.chain_code, step: row.chain_step, name: chainName } : null,
    latestVersion: row.latest_version,
    status: row.latest_verdict ?? 'submitted',
    firstSubmittedAt: row.first_submitted_at.toISOString(),
    lastSubmittedAt: row.last_submitted_at.toISOString(),
    firstDueAt: row.first_due_at?.toISOString() ?? null,
    lateBySeconds: row.late_by_seconds === null ? null : Number(row.late_by_seconds),
    abilities: {
      review: principal.isStaff && roleHas(principal.role, 'reports.review') && Boolean(row.can_write),
      revise: !principal.isStaff && roleHas(principal.role, 'reports.submit') && row.organization_id === principal.organizationId,
    },
  };
}

export function presentVersions(versions: VersionRow[], reviews: ReviewRow[]): ReportVersion[] {
  return versions.map((v) => ({
    version: v.version,
    questionnaire: v.questionnaire as ReportQuestion[],
    answers: v.answers as Record<string, string>,
    submittedBy: v.submitted_by ? { id: v.submitted_by, name: v.submitted_by_name ?? '' } : null,
    submittedVia: v.submitted_via,
    submittedAt: v.submitted_at.toISOString(),
    contentSha256: v.content_sha256,
    reviews: reviews.filter((r) => r.version_id === v.id).map((r) => ({
      id: r.id, verdict: r.verdict, comment: r.comment, reviewedBy: { id: r.reviewed_by, name: r.reviewed_by_name }, reviewedAt: r.reviewed_at.toISOString(),
    })),
  }));
}

export function presentReportWithVersions(principal: Principal, row: ReportRow, versions: VersionRow[], reviews: ReviewRow[]): IncidentReport {
  return { ...presentReport(principal, row), versions: presentVersions(versions, reviews) };
}
