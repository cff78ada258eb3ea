/** The latest audited events, for those who may read the audit log. */
import { Anchor, Card, Group, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime, formatRelative } from '../../lib/format-time.ts';
import { actionLabel } from '../audit/action-labels.ts';
import { useAuditPages } from '../audit/audit-api.ts';

export function RecentActivityCard() {
  const events = useAuditPages({}, 6);
  const items = events.data?.pages[0]?.items ?? [];
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={4}>Recent activity</Title>
        <Anchor component={Link} to="/admin/audit-log" size="sm">
          Open the audit log
        </Anchor>
      </Group>
      {events.isPending ? (
        <LoadingState rows={4} />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => events.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconHistory size={24} />} title="Nothing recorded yet" />
      ) : (
        <Timeline bulletSize={12} lineWidth={2}>
          {items.map((event) => (
            <Timeline.Item key={event.id}>
              <Stack gap={0}>
                <Text size="sm">
                  <Text span fw={600}>
                    {event.actor.name ?? event.actor.email ?? 'System'}
                  </Text>{' '}
                  · {actionLabel(event.action)}
                </Text>
                <Text size="xs" c="dimmed" title={formatDateTime(event.occurredAt, { seconds: true })}>
                  {formatRelative(event.occurredAt)}
                </Text>
              </Stack>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}
