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

  // Per incident, its stored results (about ten): a result finds its stored row by comparing
  // organization, rule and notice, with no key strings built for a million rows.
  const storedOfIncident = new Map<string, StoredObligation[]>();
  for (const s of stored) {
    const list = storedOfIncident.get(s.incidentId);
    if (list) list.push(s);
    else storedOfIncident.set(s.incidentId, [s]);
  }
  // Settled results keep the rule version they were computed with: per party, the rules it has settled under an older version.
  const settledVersion = new Map<string, Map<string, number>>();
  for (const s of stored) {
    if (!SETTLED.has(s.state)) continue;
    const party = `${s.incidentId}/${s.organizationId}`;
    const versions = settledVersion.get(party) ?? new Map<string, number>();
    versions.set(s.ruleId, s.ruleVersion);
    settledVersion.set(party, versions);
  }

  const inserts: ResultRow[] = [];
  const updates: Array<ResultRow & { id: string }> = [];
  const matched = new Set<StoredObligation>();
  for (const [incidentId, parties] of factsByIncident) {
    const before = storedOfIncident.get(incidentId) ?? [];
    for (const facts of parties) {
      const organizationId = facts.organization.id;
      const versions = settledVersion.size ? settledVersion.get(`${incidentId}/${organizationId}`) : undefined;
      const ruleList: RuleForComputation[] = !versions ? rules.current : rules.current.map((rule) => {
        const version = versions.get(rule.id);
        return version !== undefined && version !== rule.version ? (rules.byVersion.get(`${rule.id}@${version}`) ?? rule) : rule;
      });
      for (const result of computeObligations({ facts, rules: ruleList, calendars, now, explain: false })) {
        const row = { incidentId, organizationId, result };
        const previous = before.find((s) => s.organizationId === organizationId && s.ruleId === result.ruleId && s.noticeId === result.noticeId);
        if (!previous) inserts.push(row);
        else {
          matched.add(previous);
          if (differs(previous, result)) updates.push({ ...row, id: previous.id });
          else counts.unchanged++;
        }
      }
    }
  }
  const dropped = stored.filter((s) => !matched.has(s) && !SETTLED.has(s.state));

  await insertObligations(trx, inserts, now);
  await updateObligations(trx, updates, now);
  await deleteObligations(trx, dropped.map((s) => s.id));
  counts.inserted = inserts.length;
  counts.updated = updates.length;
  counts.deleted = dropped.length;
  return counts;
}
