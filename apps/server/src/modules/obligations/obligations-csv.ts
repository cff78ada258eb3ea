/**
 * Obligations as CSV rows: one line per obligation with the rule it applies, its state and
 * times in UTC. Every cell is quoted, and a cell a spreadsheet would read as a formula
 * (starting with = + - @, a tab or a carriage return) is defused with a leading quote.
 */
import { csvCell } from '../../http/csv-cell.ts';

export const OBLIGATIONS_CSV_HEADER = [
  'incident_reference', 'organization', 'rule_code', 'jurisdiction', 'instrument', 'clause', 'topic', 'governs', 'state',
  'trigger_fact', 'trigger_at', 'due_at', 'met_at', 'late_by_seconds', 'reason',
] as const;

export interface ObligationCsvRow {
  incidentReference: string;
  organization: string;
  ruleCode: string;
  jurisdiction: string;
  instrument: string;
  clause: string;
  topic: string;
  governs: boolean;
  state: string;
  triggerFact: string | null;
  triggerAt: Date | null;
  dueAt: Date | null;
  metAt: Date | null;
  lateBySeconds: number | null;
  reason: string | null;
}

export function obligationCsvLine(r: ObligationCsvRow): string {
  return [
    r.incidentReference, r.organization, r.ruleCode, r.jurisdiction, r.instrument, r.clause, r.topic, r.governs, r.state,
    r.triggerFact, r.triggerAt?.toISOString() ?? null, r.dueAt?.toISOString() ?? null, r.metAt?.toISOString() ?? null, r.lateBySeconds, r.reason,
  ].map(csvCell).join(',');
}
