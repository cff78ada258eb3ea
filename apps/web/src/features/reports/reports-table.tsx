/** A table of reports: reference and rule, organization or incident, version and status, first filed and its lateness. */
import { Anchor, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format-time.ts';
import { LatenessBadge, ReportStatusBadge, reportTitle } from './report-labels.tsx';
import type { IncidentReportSummary } from './reports-api.ts';

export function ReportsTable(props: {
  reports: IncidentReportSummary[];
  show: 'organization' | 'incident';
  /** A link per report, or a callback that opens it in place. */
  linkTo?: (report: IncidentReportSummary) => string;
  onOpen?: (report: IncidentReportSummary) => void;
}) {
  const name = (r: IncidentReportSummary) =>
    props.linkTo ? (
      <Anchor component={Link} to={props.linkTo(r)} size="sm" fw={600} ff="monospace">
        {r.externalReference}
      </Anchor>
    ) : (
      <UnstyledButton onClick={() => props.onOpen?.(r)} aria-label={`Open report ${r.externalReference}`}>
        <Text size="sm" fw={600} ff="monospace" c="blue">
          {r.externalReference}
        </Text>
      </UnstyledButton>
    );
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table data-testid="reports-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Report</Table.Th>
            <Table.Th>{props.show === 'organization' ? 'Organization' : 'Incident'}</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>First filed (your time)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.reports.map((r) => (
            <Table.Tr key={r.id} data-testid="report-row">
              <Table.Td maw={380}>
                {name(r)}
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {reportTitle(r)}
                </Text>
              </Table.Td>
              <Table.Td>
                {props.show === 'organization' ? (
                  <Text size="sm">{r.organization.name}</Text>
                ) : (
                  <>
                    <Text size="sm" ff="monospace">
                      {r.incident.reference}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {r.incident.title}
                    </Text>
                  </>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <ReportStatusBadge status={r.status} />
                  <Text size="xs" c="dimmed">
                    v{r.latestVersion}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(r.firstSubmittedAt)}
                </Text>
                <LatenessBadge report={r} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
