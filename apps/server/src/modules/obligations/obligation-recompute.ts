/**
 * Recomputes the obligations of a batch of incidents inside one transaction: loads their
 * facts, the rules and the calendars, runs the engine, and writes only the differences,
 * keeping each replaced result in obligation_revisions.
 *
 * Versions: a settled result (met, met late, missed) stays on the rule version it was
 * computed with — a rule change does not rewrite it; its facts can still change it (a
 * report's time corrected). Pending and not-applicable results move to the current
 * version. A result the engine no longer produces (participant removed, rule disabled) is
 * dropped when it was pending or not applicable, and kept when it was settled.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { computeObligations } from './obligation-engine.ts';
import { loadObligationFacts } from './obligation-facts.repository.ts';
import type { ComputeInput, ObligationResult, RuleForComputation } from './obligation-types.ts';
import {
  deleteObligations, insertObligations, loadCalendars, loadRules, loadStoredObligations, lockIncidents, type ResultRow, type StoredObligation,
  updateObligations,
} from './obligations.repository.ts';

export interface RecomputeCounts {
  incidents: number;
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

const SETTLED = new Set(['met', 'met_late', 'missed']);

const keyOf = (incidentId: string, organizationId: string, ruleId: string, noticeId: string | null) =>
  `${incidentId}/${organizationId}/${ruleId}/${noticeId ?? ''}`;

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

/** True when a new result says something other than the stored one. */
export function differs(stored: StoredObligation, result: ObligationResult): boolean {
  return stored.ruleVersion !== result.ruleVersion
    || stored.topic !== result.topic
    || stored.governs !== result.governs
    || stored.state !== result.state
    || stored.soft !== result.soft
    || stored.triggerFact !== result.triggerFact
    || !sameTime(stored.triggerAt, result.triggerAt)
    || !sameTime(stored.dueAt, result.dueAt)
    || stored.metByKind !== (result.metBy?.kind ?? null)
    || stored.metById !== (result.metBy?.id ?? null)
    || !sameTime(stored.metAt, result.metAt)
    || stored.lateBySeconds !== result.lateBySeconds
    || stored.reason !== result.reason;
}

export async function recomputeIncidents(
  trx: Transaction<DB>,
  incidentIds: string[],
  now: Date,
  cache: { calendars?: ComputeInput['calendars'] } = {},
): Promise<RecomputeCounts> {
  const ids = [...new Set(incidentIds)];
  const counts: RecomputeCounts = { incidents: ids.length, inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  if (ids.length === 0) return counts;
  await lockIncidents(trx, ids);

  const [factsByIncident, stored] = await Promise.all([loadObligationFacts(trx, ids), loadStoredObligations(trx, ids)]);
  const settledOlder = stored.filter((s) => SETTLED.has(s.state)).map((s) => ({ ruleId: s.ruleId, version: s.ruleVersion }));
  const rules = await loadRules(trx, settledOlder);
  cache.calendars ??= await loadCalendars(trx);
  const calendars = cache.calendars;

  const storedByKey = new Map(stored.map((s) => [keyOf(s.incidentId, s.organizationId, s.ruleId, s.noticeId), s]));
  const settledVersion = new Map<string, number>();
  for (const s of stored) if (SETTLED.has(s.state)) settledVersion.set(`${s.incidentId}/${s.organizationId}/${s.ruleId}`, s.ruleVersion);

  const inserts: ResultRow[] = [];
  const updates: Array<ResultRow & { id: string }> = [];
  const seen = new Set<string>();
  for (const [incidentId, parties] of factsByIncident) {
    for (const facts of parties) {
      const organizationId = facts.organization.id;
      const ruleList: RuleForComputation[] = rules.current.map((rule) => {
        const version = settledVersion.get(`${incidentId}/${organizationId}/${rule.id}`);
        return version !== undefined && version !== rule.version ? (rules.byVersion.get(`${rule.id}@${version}`) ?? rule) : rule;
      });
      for (const result of computeObligations({ facts, rules: ruleList, calendars, now })) {
        const key = keyOf(incidentId, organizationId, result.ruleId, result.noticeId);
        seen.add(key);
        const before = storedByKey.get(key);
        const row = { incidentId, organizationId, result };
        if (!before) inserts.push(row);
        else if (differs(before, result)) updates.push({ ...row, id: before.id });
        else counts.unchanged++;
      }
    }
  }
  const dropped = stored.filter((s) => !seen.has(keyOf(s.incidentId, s.organizationId, s.ruleId, s.noticeId)) && !SETTLED.has(s.state));

  await insertObligations(trx, inserts, now);
  await updateObligations(trx, updates, now);
  await deleteObligations(trx, dropped.map((s) => s.id));
  counts.inserted = inserts.length;
  counts.updated = updates.length;
  counts.deleted = dropped.length;
  return counts;
}
