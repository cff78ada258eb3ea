/**
 * The organization's reports: the list of those it filed (newest first, with where each
 * stands and whether it was late), and the page to file a new one.
 */
import { Anchor, Breadcrumbs, Button, Card, Text } from '@mantine/core';
import { IconPlus, IconReportAnalytics } from '@tabler/icons-react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/empty-state.tsx';
import { ErrorState } from '../../../components/error-state.tsx';
import { LoadMore } from '../../../components/load-more.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { RequirePermission } from '../../../components/require-permission.tsx';
import { useReportPages, useReportRules } from '../../reports/reports-api.ts';
import { ReportsTable } from '../../reports/reports-table.tsx';
import { useMe } from '../../session/use-me.ts';
import { ReportForm } from './report-form.tsx';

function ReportList(props: { organizationId: string }) {
  const list = useReportPages({ organizationId: props.organizationId });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isPending) return <LoadingState rows={5} label="Loading reports" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  if (items.length === 0)
    return (
      <EmptyState
        icon={<IconReportAnalytics size={26} />}
        title="No reports yet"
        message="The reports your organization files under a law (CERT-In, NIS2, GDPR …) are kept here, each version as you sent it."
      />
    );
  return (
    <>
      <ReportsTable reports={items} show="incident" linkTo={(r) => `/portal/reports/${r.id}`} />
      <LoadMore
        shown={items.length}
        noun="reports"
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => list.fetchNextPage()}
      />
    </>
  );
}

export function PortalReportsPage() {
  const me = useMe();
  const org = me.user.organization;
  if (org.isHome) return <Navigate to="/incidents" replace />;
  return (
    <RequirePermission permission="reports.submit">
      <PageHeader
        title="Reports"
        description={`The mandatory incident reports ${org.name} filed, where each stands with the CERT, and whether it was filed on time.`}
        action={
          <Button component={Link} to="/portal/reports/new" leftSection={<IconPlus size={16} />}>
            Report an incident
          </Button>
        }
      />
      <Card padding="lg">
        <ReportList organizationId={org.id} />
      </Card>
    </RequirePermission>
  );
}

function NewReport() {
  const [params] = useSearchParams();
  const rules = useReportRules();
  if (rules.isPending) return <LoadingState rows={6} label="Loading the rules" />;
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => rules.refetch()} />;
  return <ReportForm rules={rules.data} initialIncidentId={params.get('incidentId')} initialRuleCode={params.get('rule')} />;
}

export function NewReportPage() {
  const me = useMe();
  if (me.user.organization.isHome) return <Navigate to="/incidents" replace />;
  return (
    <RequirePermission permission="reports.submit">
      <PageHeader
        eyebrow={
          <Breadcrumbs>
            <Anchor component={Link} to="/portal/reports" size="sm">
              Reports
            </Anchor>
            <Text size="sm">New</Text>
          </Breadcrumbs>
        }
        title="Report an incident"
        description="File the report a law asks of your organization. The CERT sees it at once; how late it was is fixed when you first submit it."
      />
      <NewReport />
    </RequirePermission>
  );
}
