/**
 * The reports organizations filed on an incident, for staff: newest first, each opening
 * beside the list with its versions as answered, its reviews and — for those who may
 * change the incident and review reports — the verdict on its latest version.
 */
import { Card, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { IconReportAnalytics } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import type { Incident } from '../incidents/incidents-api.ts';
import { LatenessBadge, ReportStatusBadge, reportTitle } from './report-labels.tsx';
import { ReportVersions } from './report-versions.tsx';
import { useReport, useReportPages } from './reports-api.ts';
import { ReportsTable } from './reports-table.tsx';
import { ReviewControls } from './review-controls.tsx';

function ReportDrawerBody(props: { reportId: string }) {
  const report = useReport(props.reportId);
  if (report.isPending) return <LoadingState rows={5} label="Loading report" />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => report.refetch()} />;
  const r = report.data;
  return (
    <Stack gap="md" data-testid="report-detail">
      <Stack gap={4}>
        <Group gap="xs">
          <ReportStatusBadge status={r.status} />
          <LatenessBadge report={r} />
        </Group>
        <Text size="sm">{reportTitle(r)}</Text>
        <Text size="xs" c="dimmed">
          {r.organization.name} · to {r.rule.recipient ?? 'the recipient the rule names'} · first filed{' '}
          {formatDateTime(r.firstSubmittedAt, { seconds: true })}
          {r.firstDueAt ? `, due ${formatDateTime(r.firstDueAt, { seconds: true })}` : ''}
        </Text>
      </Stack>
      <ReviewControls report={r} />
      <ReportVersions versions={r.versions} />
    </Stack>
  );
}

export function IncidentReportsTab(props: { incident: Incident }) {
  const [params, setParams] = useSearchParams();
  const list = useReportPages({ incidentId: props.incident.id });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const openId = params.get('report');
  const open = (id: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id) next.set('report', id);
        else next.delete('report');
        return next;
      },
      { replace: true },
    );
  const opened = items.find((r) => r.id === openId);
  return (
    <Card padding="lg">
      <div>
        <Title order={4}>Reports</Title>
        <Text size="sm" c="dimmed" mb="md">
          The mandatory reports the organizations taking part filed under a rule, with each version as answered. Lateness is fixed when a
          report is first filed.
        </Text>
      </div>
      {list.isPending ? (
        <LoadingState rows={4} label="Loading reports" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconReportAnalytics size={26} />}
          title="No reports yet"
          message="Organizations file their reports from the portal or through the API; they appear here for review."
        />
      ) : (
        <>
          <ReportsTable reports={items} show="organization" onOpen={(r) => open(r.id)} />
          <LoadMore
            shown={items.length}
            noun="reports"
            hasMore={!!list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => list.fetchNextPage()}
          />
        </>
      )}
      <Drawer
        opened={!!openId}
        onClose={() => open(null)}
        position="right"
        size="xl"
        title={
          <Text fw={700} ff="monospace">
            {opened?.externalReference ?? 'Report'}
          </Text>
        }
      >
        {openId && <ReportDrawerBody reportId={openId} />}
      </Drawer>
    </Card>
  );
}
