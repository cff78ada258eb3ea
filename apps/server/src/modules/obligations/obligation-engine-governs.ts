/**
 * Earliest governs: obligations of one organization that ask for the same thing (one
 * topic) are all shown, and the one that falls due first governs. A fixed due time
 * governs over one not yet known, and both over a soft deadline ("as early as
 * possible"), which never governs over a timed one.
 */
import { formatInZone } from '../notices/due-time.ts';
import { listOf, ruleTitle } from './explain-text.ts';
import type { ObligationResult, RuleDefinition } from './obligation-types.ts';

function rank(result: ObligationResult): number {
  if (result.dueAt !== null && !result.soft) return 0;
  return result.soft ? 2 : 1;
}

function compare(a: ObligationResult, b: ObligationResult): number {
  return rank(a) - rank(b)
    || (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0)
    || a.ruleCode.localeCompare(b.ruleCode);
}

function whyFirst(first: ObligationResult, other: ObligationResult): string {
  const tie = rank(first) === rank(other) && (rank(first) !== 0 || first.dueAt?.getTime() === other.dueAt?.getTime());
  if (tie) return rank(first) === 0 ? 'falls due at the same time; it governs as it comes first by rule code' : 'governs as it comes first by rule code';
  if (rank(first) === rank(other)) return 'governs, as it falls due first';
  if (rank(other) === 2) return 'governs: a soft deadline never governs over one of fixed length';
  return 'governs, as its due time is fixed and this one\'s is not yet known';
}

/** Sets `governs` on each result and adds a step naming the others of its topic. Results that do not apply never govern. */
export function applyEarliestGoverns(
  results: ObligationResult[],
  zoneOf: (result: ObligationResult) => string,
  definitionOf: (ruleCode: string) => RuleDefinition | null,
): ObligationResult[] {
  const topics = new Map<string, ObligationResult[]>();
  for (const result of results) {
    result.governs = false;
    if (result.state === 'not_applicable') continue;
    const group = topics.get(result.topic) ?? [];
    group.push(result);
    topics.set(result.topic, group);
  }
  for (const [topic, group] of topics) {
    group.sort(compare);
    const [first, ...others] = group;
    first.governs = true;
    if (others.length === 0) continue;
    const label = (r: ObligationResult, zone: string) => {
      const definition = definitionOf(r.ruleCode);
      const name = definition ? `${r.ruleCode} (${ruleTitle(definition)})` : r.ruleCode;
      const due = r.dueAt !== null ? `due ${formatInZone(r.dueAt, zone)}` : r.soft ? 'with no fixed due time' : 'whose due time is not yet known';
      return `${name}, ${due}`;
    };
    const zone = zoneOf(first);
    const why = rank(first) === 0 ? 'this one falls due first' : rank(first) === 1 ? 'none has a fixed due time yet, and this one is not a soft deadline' : 'none has a fixed due time';
    first.explanation.push({
      kind: 'governs',
      text: `Governs: of the obligations that ask for the same thing (topic ${topic}), ${why}. Also shown: ${listOf(others.map((o) => label(o, zone)))}.`,
    });
    for (const other of others) {
      other.explanation.push({
        kind: 'governs',
        text: `Does not govern: ${label(first, zoneOf(other))}, asks for the same thing (topic ${topic}) and ${whyFirst(first, other)}.`,
      });
    }
  }
  return results;
}
