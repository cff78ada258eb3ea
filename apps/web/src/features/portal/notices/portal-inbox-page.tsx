/**
 * The organization's inbox: the notices issued to it, by what they need: due (soonest
 * first), overdue (longest overdue first), answered and closed (latest first), with the
 * counts from its compliance record.
 */
import { Badge, Button, Card, Group, SegmentedControl, Text } from '@mantine/core';
import { IconChartBar, IconInbox } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import type { NoticeStatus } from '#shared/contracts/notices';
import { EmptyState } from '../../../components/empty-state.tsx';
import { ErrorState } from '../../../components/error-state.tsx';
import { LoadMore } from '../../../components/load-more.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { RequirePermission } from '../../../components/require-permission.tsx';
import { type NoticeFilter, type NoticeListItem, useCompliance, useNoticePages } from '../../notices/notices-api.ts';
import { NoticesTable } from '../../notices/notices-table.tsx';
import { useMe } from '../../session/use-me.ts';

const OPEN: NoticeStatus[] = ['issued', 'acknowledged'];

export const INBOX_VIEWS = {
  due: { label: 'Due', filter: { status: OPEN, overdue: false }, order: 'soonest', empty: 'Nothing is waiting for your answer.' },
  overdue: { label: 'Overdue', filter: { status: OPEN, overdue: true }, order: 'soonest', empty: 'No notice is past its due time.' },
  answered: { label: 'Answered', filter: { status: ['responded'] }, order: 'latest', empty: 'No answered notice yet.' },
  closed: { label: 'Closed', filter: { status: ['closed', 'withdrawn'] }, order: 'latest', empty: 'No closed or withdrawn notice.' },
} as const satisfies Record<string, { label: string; filter: NoticeFilter; order: 'soonest' | 'latest'; empty: string }>;
type View = keyof typeof INBOX_VIEWS;

const dueKey = (n: NoticeListItem) => (n.dueAt ? new Date(n.dueAt).getTime() : Number.MAX_SAFE_INTEGER);

function Inbox(props: { organizationId: string; organizationName: string }) {
  const [params, setParams] = useSearchParams();
  const asked = params.get('view') as View | null;
  const view: View = asked && asked in INBOX_VIEWS ? asked : 'due';
  const spec = INBOX_VIEWS[view];
  const list = useNoticePages(spec.filter);
  const compliance = useCompliance(props.organizationId);
  const items = useMemo(() => {
    const all = list.data?.pages.flatMap((p) => p.items) ?? [];
    // The server pages latest due time first; what is due is read soonest first.
    return spec.order === 'soonest' ? [...all].sort((a, b) => dueKey(a) - dueKey(b)) : all;
  }, [list.data, spec.order]);
  const counts: Partial<Record<View, number>> = compliance.data ? { due: compliance.data.open, overdue: compliance.data.overdue } : {};

  return (
    <>
      <PageHeader
        title="Notices"
        description={`Notices the CERT has issued to ${props.organizationName}. Answer each by its due time, or ask for more time before it passes.`}
        action={
          <Button component={Link} to="/portal/compliance" variant="default" leftSection={<IconChartBar size={16} />}>
            Your compliance record
          </Button>
        }
      />
      <Card padding="lg">
        <Group justify="space-between" mb="md" wrap="wrap">
          <SegmentedControl
            aria-label="Which notices"
            value={view}
            onChange={(v) => setParams(v === 'due' ? {} : { view: v }, { replace: true })}
            data={(Object.keys(INBOX_VIEWS) as View[]).map((v) => ({
              value: v,
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <span>{INBOX_VIEWS[v].label}</span>
                  {counts[v] !== undefined && counts[v] > 0 && (
                    <Badge size="xs" circle color={v === 'overdue' ? 'red' : 'navy'} variant="filled">
                      {counts[v]}
                    </Badge>
                  )}
                </Group>
              ),
            }))}
          />
          <Text size="sm" c="dimmed">
            {spec.order === 'soonest' ? 'Soonest due first' : 'Latest due first'} · times in your zone
          </Text>
        </Group>
        {list.isPending ? (
          <LoadingState rows={4} label="Loading notices" />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : items.length === 0 && view === 'due' && counts.overdue ? (
          // Nothing due yet, but the overdue ones still wait for an answer: say so rather than "nothing is waiting".
          <EmptyState
            icon={<IconInbox size={26} />}
            title={
              counts.overdue === 1
                ? 'One notice is past its due time and waits for your answer.'
                : `${counts.overdue} notices are past their due time and wait for your answer.`
            }
            message="Nothing else is due."
            action={
              <Button variant="light" color="red" onClick={() => setParams({ view: 'overdue' }, { replace: true })}>
                Show overdue notices
              </Button>
            }
          />
        ) : items.length === 0 ? (
          <EmptyState icon={<IconInbox size={26} />} title={spec.empty} />
        ) : (
          <>
            <NoticesTable notices={items} base="/portal/notices" show="incident" />
            <LoadMore
              shown={items.length}
              noun="notices"
              hasMore={!!list.hasNextPage}
              loading={list.isFetchingNextPage}
              onLoad={() => list.fetchNextPage()}
            />
          </>
        )}
      </Card>
    </>
  );
}

export function PortalInboxPage() {
  const me = useMe();
  if (me.user.organization.isHome) return <Navigate to="/incidents" replace />;
  return (
    <RequirePermission permission="notices.read">
      <Inbox organizationId={me.user.organization.id} organizationName={me.user.organization.name} />
    </RequirePermission>
  );
}
