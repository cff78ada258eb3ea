/**
 * Incident reports (docs/modules/obligations.md, "Incident reports"): an organization files
 * the report a rule asks of it, through the portal or with an API token, idempotent on its
 * own reference; staff review each version.
 *
 * - One report per (organization, reference, rule). Submitting again with the same answers
 *   changes nothing; with other answers it adds an immutable version. Each version keeps
 *   the questionnaire it answered, so it reads later exactly as it was answered.
 * - The first submission fixes the report's lateness: the obligations of the incident are
 *   recomputed in the same transaction, and the due time the rule's obligation has then is
 *   compared with the submission time. It is never recomputed; the obligation itself is,
 *   by the job the submission enqueues.
 * - Scope: staff see the reports of incidents they may read and review those they may
 *   change; an organization sees and files its own, on incidents it takes part in.
 */
import { createHash } from 'node:crypto';
import {
  type IncidentReport, type IncidentReportList, type ListIncidentReportsQuery, questionnaireOf, type ReportFact, type ReportQuestion,
  type ReviewIncidentReportBody, type SubmitIncidentReportBody, type SubmittedIncidentReport,
} from '#shared/contracts/incident-reports';
import { JUDGEMENT_FACT_NAMES } from '#shared/contracts/obligation-api';
import type { Principal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import { canonicalJson } from '../../audit/canonical-json.ts';
import { inTransaction, type UnitOfWork, type UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { isKnownTimeZone } from '../notices/due-time.ts';
import { recordSystemEntry } from '../timeline/system-entries.ts';
import { presentReport, presentReportWithVersions } from './incident-report-view.ts';
import {
  type FactValue, findEnabledRule, findReportByKey, insertReport, insertReview, insertVersion, latestVersion, lockReportKey, obligationDue,
  participates, reportsQuery, reviewsOf, versionsOf, writeFacts,
} from './incident-reports.repository.ts';
import { enqueueRecompute } from './obligation-job-names.ts';
import { recomputeIncidents } from './obligation-recompute.ts';
import { openIncidentFromReport } from './report-incident.ts';

const CLOCK_SKEW_MS = 5 * 60_000;
const reportNotFound = () => notFound('incident_reports', 'The report');
const invalid = (code: string, message: string, details?: unknown) => new AppError(`incident_reports.${code}`, message, { status: 422, details });

/** Refuses answers the questionnaire does not ask for and required questions left blank. */
function checkAnswers(questionnaire: ReportQuestion[], answers: Record<string, string>): void {
  const keys = new Set(questionnaire.map((q) => q.key));
  const unknown = Object.keys(answers).filter((key) => !keys.has(key));
  if (unknown.length > 0) {
    throw invalid('unknown_answer', `The questionnaire of this report asks no question ${unknown.join(', ')}; it asks ${[...keys].join(', ')}.`, { unknown });
  }
  const missing = questionnaire.filter((q) => q.required && !(Object.hasOwn(answers, q.key) && answers[q.key].trim() !== '')).map((q) => q.key);
  if (missing.length > 0) throw invalid('answer_required', `Answer the required question${missing.length === 1 ? '' : 's'} ${missing.join(', ')}.`, { missing });
}

/** The facts a report asserts, checked as setObligationFacts checks them. */
function checkFacts(facts: ReportFact[], now: Date): FactValue[] {
  const names = facts.map((f) => f.fact);
  if (new Set(names).size !== names.length) throw invalid('duplicate_fact', 'Each fact may be given once.');
  return facts.map((f) => {
    if (JUDGEMENT_FACT_NAMES.includes(f.fact)) {
      if (f.value === undefined || f.at !== undefined || f.timeZone !== undefined) throw invalid('invalid_fact', `${f.fact} is a yes/no judgement: give "value" only.`);
      return { fact: f.fact, at: null, timeZone: null, value: f.value };
    }
    if (f.at === undefined || f.value !== undefined) throw invalid('invalid_fact', `${f.fact} is a time: give "at" and "timeZone", not "value".`);
    if (!f.timeZone) throw invalid('time_zone_required', `Give the zone ${f.fact} was observed in ("timeZone", e.g. Asia/Kolkata).`);
    if (!isKnownTimeZone(f.timeZone)) throw invalid('invalid_time_zone', `${f.timeZone} is not a known time zone.`);
    const at = new Date(f.at);
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('fact_in_future', `${f.fact} cannot be in the future.`);
    return { fact: f.fact, at, timeZone: f.timeZone, value: null };
  });
}

function assertNotBeforeOccurrence(facts: FactValue[], incidentOccurredAt: Date | null): void {
  const occurred = facts.find((f) => f.fact === 'occurred_at')?.at ?? incidentOccurredAt;
  if (!occurred) return;
  for (const f of facts) {
    if (f.fact !== 'occurred_at' && f.at && f.at.getTime() < occurred.getTime()) {
      throw invalid('fact_before_occurrence', `${f.fact} cannot be before the incident occurred (${occurred.toISOString()}).`);
    }
  }
}

const contentHash = (questionnaire: ReportQuestion[], answers: Record<string, string>) =>
  createHash('sha256').update(canonicalJson({ questionnaire, answers })).digest('hex');

export function createIncidentReportsService(deps: UnitOfWorkDeps & { clock: () => Date }) {
  const { db, clock } = deps;

  async function load(principal: Principal, reportId: string, executor: UnitOfWorkDeps['db'] | UnitOfWork['trx'] = db): Promise<IncidentReport> {
    const row = await reportsQuery(executor, incidentScope(principal)).where('ir.id', '=', reportId).executeTakeFirst();
    if (!row) throw reportNotFound();
    const versions = await versionsOf(executor, [row.id]);
    const reviews = await reviewsOf(executor, versions.map((v) => v.id));
    return presentReportWithVersions(principal, row, versions, reviews);
  }

  /** Writes the asserted facts; returns whether any changed (and audits them as facts set). */
  async function recordFacts(uow: UnitOfWork, principal: Principal, incidentId: string, facts: FactValue[], source: string, now: Date) {
    const written = await writeFacts(uow.trx, { incidentId, organizationId: principal.organizationId }, facts, { source, recordedBy: principal.userId, now });
    if (written.changed.length === 0) return false;
    uow.audit({
      action: 'obligation_facts.set', targetType: 'incident', targetIds: [incidentId],
      before: Object.fromEntries(written.before.map((f) => [f.fact, f.at?.toISOString() ?? f.value])),
      after: { organizationId: principal.organizationId, ...Object.fromEntries(written.changed.map((f) => [f.fact, f.at?.toISOString() ?? f.value])) },
    });
    return true;
  }

  return {
    async submit(principal: Principal, actor: Actor, input: SubmitIncidentReportBody): Promise<SubmittedIncidentReport> {
      const now = clock();
      const rule = await findEnabledRule(db, input.ruleCode);
      if (rule?.definition.metBy !== 'incident_report') {
        throw invalid('unknown_rule', `No enabled rule ${input.ruleCode} is met by an incident report.`);
      }
      const questionnaire = questionnaireOf(rule.definition);
      checkAnswers(questionnaire, input.answers);
      const facts = checkFacts(input.facts ?? [], now);
      if (input.incidentId && input.incident) throw invalid('incident_ambiguous', 'Give either the incident the report is about or the facts of a new one, not both.');
      const answers = input.answers;
      const key = { organizationId: principal.organizationId, externalReference: input.externalReference, ruleCode: rule.code };
      const via = principal.via === 'token' ? 'api' : 'portal';
      const source = `Report ${input.externalReference} under ${rule.code}`;

      const done = await inTransaction(deps, actor, async (uow) => {
        await lockReportKey(uow.trx, key);
        const organization = await uow.trx.selectFrom('organizations').select('name').where('id', '=', principal.organizationId).executeTakeFirstOrThrow();
        const existing = await findReportByKey(uow.trx, key);

        if (existing) {
          if (input.incidentId && input.incidentId !== existing.incident_id) {
            throw new AppError('incident_reports.reference_in_use', `Your reference ${input.externalReference} already names a report under ${rule.code} about another incident.`, { status: 409 });
          }
          const incident = await participates(uow.trx, principal.organizationId, existing.incident_id);
          if (!incident) throw notFound('incidents', 'The incident');
          assertNotBeforeOccurrence(facts, incident.occurred_at);
          const factsChanged = await recordFacts(uow, principal, incident.id, facts, source, now);
          if (factsChanged) enqueueRecompute(uow, incident.id);
          const latest = await latestVersion(uow.trx, existing);
          if (canonicalJson(latest.answers) === canonicalJson(answers)) return { outcome: 'unchanged' as const, reportId: existing.id };
          const version = existing.latest_version + 1;
          await insertVersion(uow.trx, {
            reportId: existing.id, version, questionnaire, answers, submittedBy: principal.userId, submittedVia: via, submittedAt: now,
            contentSha256: contentHash(questionnaire, answers),
          });
          await recordSystemEntry(uow.trx, {
            incidentId: incident.id, event: 'incident_report.submitted', at: now, tlp: incident.tlp, actorId: principal.userId, sharedWith: [principal.organizationId],
            text: `${organization.name} submitted version ${version} of its report ${input.externalReference} under ${rule.code}`,
          });
          enqueueRecompute(uow, incident.id);
          uow.audit({ action: 'incident_report.submitted', targetType: 'incident_report', targetIds: [existing.id, incident.id, principal.organizationId], after: { version, ruleCode: rule.code, via } });
          return { outcome: 'revised' as const, reportId: existing.id };
        }

        let incidentId: string;
        let tlp: 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED' = 'AMBER';
        if (input.incidentId) {
          const incident = await participates(uow.trx, principal.organizationId, input.incidentId);
          if (!incident) throw notFound('incidents', 'The incident');
          assertNotBeforeOccurrence(facts, incident.occurred_at);
          incidentId = incident.id;
          tlp = incident.tlp;
        } else if (input.incident) {
          const opened = await openIncidentFromReport(uow, principal, input.incident, { organizationName: organization.name, externalReference: input.externalReference, now });
          assertNotBeforeOccurrence(facts, opened.occurredAt);
          incidentId = opened.id;
        } else {
          throw invalid('incident_required', 'Name the incident the report is about (incidentId), or describe a new one (incident).');
        }
        await recordFacts(uow, principal, incidentId, facts, source, now);

        // The due time as it stands at this moment fixes the report's lateness for good.
        const counts = await recomputeIncidents(uow.trx, [incidentId], now);
        if (counts.inserted + counts.updated + counts.deleted > 0) {
          uow.audit({ action: 'obligations.recomputed', targetType: 'incident', targetIds: [incidentId], after: { ...counts } });
        }
        const dueAt = await obligationDue(uow.trx, { incidentId, organizationId: principal.organizationId, ruleId: rule.id });
        const lateBySeconds = dueAt ? Math.max(0, Math.ceil((now.getTime() - dueAt.getTime()) / 1000)) : null;
        const chain = rule.definition.chain ?? null;
        const report = await insertReport(uow.trx, {
          organizationId: principal.organizationId, externalReference: input.externalReference, incidentId, ruleCode: rule.code,
          chainCode: chain?.code ?? null, chainStep: chain?.step ?? null, firstSubmittedAt: now, firstDueAt: dueAt, lateBySeconds, createdBy: principal.userId,
        });
        await insertVersion(uow.trx, {
          reportId: report.id, version: 1, questionnaire, answers, submittedBy: principal.userId, submittedVia: via, submittedAt: now,
          contentSha256: contentHash(questionnaire, answers),
        });
        await recordSystemEntry(uow.trx, {
          incidentId, event: 'incident_report.submitted', at: now, tlp, actorId: principal.userId, sharedWith: [principal.organizationId],
          text: `${organization.name} submitted its report ${input.externalReference} under ${rule.code}`,
        });
        enqueueRecompute(uow, incidentId);
        uow.audit({
          action: 'incident_report.submitted', targetType: 'incident_report', targetIds: [report.id, incidentId, principal.organizationId],
          after: { version: 1, ruleCode: rule.code, externalReference: input.externalReference, via, firstDueAt: dueAt?.toISOString() ?? null, lateBySeconds },
        });
        return { outcome: 'created' as const, reportId: report.id };
      });
      return { ...(await load(principal, done.reportId)), outcome: done.outcome };
    },

    /** Reports by first submission, newest first. */
    async list(principal: Principal, query: ListIncidentReportsQuery): Promise<IncidentReportList> {
      const limit = query.limit ?? 50;
      const cursor = decodeCursor<{ at: string; id: string }>(query.cursor, { at: 'timestamp', id: 'uuid' });
      let q = reportsQuery(db, incidentScope(principal));
      if (query.incidentId) q = q.where('ir.incident_id', '=', query.incidentId);
      if (query.organizationId) q = q.where('ir.organization_id', '=', query.organizationId);
      if (cursor) {
        const at = new Date(cursor.at);
        q = q.where((eb) => eb.or([eb('ir.first_submitted_at', '<', at), eb.and([eb('ir.first_submitted_at', '=', at), eb('ir.id', '<', cursor.id)])]));
      }
      const rows = await q.orderBy('ir.first_submitted_at', 'desc').orderBy('ir.id', 'desc').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => presentReport(principal, row)),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.first_submitted_at.toISOString(), id: last.id }) : null,
      };
    },

    get: (principal: Principal, reportId: string) => load(principal, reportId),

    /** A verdict on the latest version; "revision required" needs a comment saying what to change. */
    async review(principal: Principal, actor: Actor, reportId: string, version: number, input: ReviewIncidentReportBody): Promise<IncidentReport> {
      const comment = input.comment?.trim() ? input.comment : null;
      if (input.verdict === 'revision_required' && !comment) throw invalid('comment_required', 'Say what the organization should revise.');
      await inTransaction(deps, actor, async (uow) => {
        const row = await reportsQuery(uow.trx, incidentScope(principal)).where('ir.id', '=', reportId).executeTakeFirst();
        if (!row) throw reportNotFound();
        if (!row.can_write) throw new AppError('incident_reports.forbidden', 'You may read this incident but not change it.', { status: 403 });
        // Held until COMMIT, so that a revision submitted meanwhile cannot slip under the verdict.
        const report = await uow.trx.selectFrom('incident_reports').select(['id', 'latest_version']).where('id', '=', reportId).forUpdate().executeTakeFirstOrThrow();
        const target = await uow.trx.selectFrom('incident_report_versions').select(['id', 'version'])
          .where('report_id', '=', reportId).where('version', '=', version).executeTakeFirst();
        if (!target) throw notFound('incident_reports', `Version ${version} of the report`);
        if (version !== report.latest_version) {
          throw new AppError('incident_reports.not_latest_version', `Only the latest version (${report.latest_version}) may be reviewed.`, { status: 409, details: { latestVersion: report.latest_version } });
        }
        const review = await insertReview(uow.trx, { versionId: target.id, verdict: input.verdict, comment, reviewedBy: principal.userId, reviewedAt: clock() });
        uow.audit({
          action: 'incident_report.reviewed', targetType: 'incident_report', targetIds: [reportId, row.incident_id, row.organization_id, review.id],
          after: { version, verdict: input.verdict, comment },
        });
      });
      return load(principal, reportId);
    },
  };
}

export type IncidentReportsService = ReturnType<typeof createIncidentReportsService>;
