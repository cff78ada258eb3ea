/** A short list of the notices waiting for the organization's answer, for its home page and an incident's portal view. */
import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../../components/error-state.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { NoticeFlags, NoticeStatusBadge, noticeTitle } from '../../notices/notice-labels.tsx';
import { useNoticePages } from '../../notices/notices-api.ts';
import { DueCell } from '../../notices/notices-table.tsx';

export function PortalNoticesCard(props: { incidentId?: string; title?: string }) {
  const list = useNoticePages({ incidentId: props.incidentId, ...(props.incidentId ? {} : { status: ['issued', 'acknowledged'] }) });
  const items = useMemo(() => {
    const all = list.data?.pages.flatMap((p) => p.items) ?? [];
    const open = (s: string) => s === 'issued' || s === 'acknowledged';
    // What still needs an answer first, soonest due first; then the rest, latest first.
    return [...all].sort((a, b) => {
      if (open(a.status) !== open(b.status)) return open(a.status) ? -1 : 1;
      const due = (x: typeof a) => (x.dueAt ? new Date(x.dueAt).getTime() : 0);
      return open(a.status) ? due(a) - due(b) : due(b) - due(a);
    });
  }, [list.data]);
  return (
    <Card padding="lg" data-testid="portal-notices-card">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{props.title ?? 'Notices waiting for your answer'}</Title>
        <Button component={Link} to="/portal/notices" variant="subtle" size="xs" rightSection={<IconArrowRight size={14} />}>
          All notices
        </Button>
      </Group>
      {list.isPending ? (
        <LoadingState rows={3} label="Loading notices" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {props.incidentId ? 'The CERT has issued no notice to you in this incident.' : 'No notice is waiting for your answer.'}
        </Text>
      ) : (
        <Stack gap="sm">
          {items.slice(0, 6).map((n) => (
            <Group key={n.id} justify="space-between" align="flex-start" wrap="nowrap" gap="md">
              <div style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/portal/notices/${n.id}`} size="sm" fw={600}>
                  {n.subject}
                </Anchor>
                <Group gap={6}>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {noticeTitle(n)}
                  </Text>
                  <NoticeStatusBadge status={n.status} size="xs" />
                  <NoticeFlags overdue={n.overdue} escalatedAt={null} size="xs" />
                </Group>
              </div>
              <DueCell notice={n} />
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
