/** How a report is named and marked: its rule, its status, and the lateness fixed at its first submission. */
import { Badge, Tooltip } from '@mantine/core';
import { REPORT_STATUS_LABELS, type ReportStatus } from '#shared/contracts/incident-reports';
import { formatDateTime } from '../../lib/format-time.ts';
import type { IncidentReportSummary, ReportRule } from './reports-api.ts';

const STATUS_COLORS: Record<ReportStatus, string> = { submitted: 'blue', accepted: 'teal', revision_required: 'orange' };

export function ReportStatusBadge(props: { status: ReportStatus }) {
  return (
    <Badge color={STATUS_COLORS[props.status]} variant="light" data-testid="report-status">
      {REPORT_STATUS_LABELS[props.status]}
    </Badge>
  );
}

/** "2 d 11 h", "2 h", "15 min", "40 s": the largest unit, and the next one when it is not zero. */
export function formatDuration(seconds: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ];
  const total = Math.max(0, Math.round(seconds));
  const first = units.findIndex(([, size]) => total >= size);
  if (first === -1) return '0 s';
  const [name, size] = units[first];
  const parts = [`${Math.floor(total / size)} ${name}`];
  const next = units[first + 1];
  if (next) {
    const n = Math.floor((total % size) / next[1]);
    if (n > 0) parts.push(`${n} ${next[0]}`);
  }
  return parts.join(' ');
}

/** On time, late by how much, or without a fixed due time when it was first filed. */
export function LatenessBadge(props: { report: Pick<IncidentReportSummary, 'firstDueAt' | 'lateBySeconds'> }) {
  const { firstDueAt, lateBySeconds } = props.report;
  if (firstDueAt === null || lateBySeconds === null)
    return (
      <Tooltip label="The obligation had no fixed due time when the report was first filed (a deadline in words, or facts still missing).">
        <Badge color="gray" variant="outline" data-testid="report-lateness">
          No fixed due time
        </Badge>
      </Tooltip>
    );
  const due = `Due ${formatDateTime(firstDueAt, { seconds: true })}`;
  return (
    <Tooltip label={due}>
      <Badge color={lateBySeconds > 0 ? 'red' : 'teal'} variant="light" data-testid="report-lateness">
        {lateBySeconds > 0 ? `${formatDuration(lateBySeconds)} late` : 'On time'}
      </Badge>
    </Tooltip>
  );
}

/** "Early warning · Directive (EU) 2022/2555 (NIS2), Art. 23(4)(a)" */
export function reportTitle(report: Pick<IncidentReportSummary, 'rule' | 'chain'>): string {
  const law = [report.rule.instrument, report.rule.clause].filter(Boolean).join(', ') || report.rule.code;
  return report.chain?.name ? `${report.chain.name} · ${law}` : law;
}

/** The same for a rule the form offers. */
export function ruleTitle(rule: ReportRule): string {
  const d = rule.definition;
  const law = `${d.instrument}, ${d.clause}`;
  return d.chain ? `${d.chain.name} · ${law}` : law;
}
