/** The notices of an incident, latest due time first, with the way to compose a new one. */
import { Button, Card, Group, Text, Title } from '@mantine/core';
import { IconFileCertificate, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import type { Incident } from '../incidents/incidents-api.ts';
import { usePermissions } from '../session/use-me.ts';
import { useNoticePages } from './notices-api.ts';
import { NoticesTable } from './notices-table.tsx';

export function IncidentNoticesTab(props: { incident: Incident }) {
  const { incident } = props;
  const { can } = usePermissions();
  const list = useNoticePages({ incidentId: incident.id });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const canCompose = can('notices.write') && incident.abilities.update;
  const compose = canCompose && (
    <Button component={Link} to={`/incidents/${incident.id}/notices/new`} leftSection={<IconPlus size={16} />}>
      New notice
    </Button>
  );
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Title order={4}>Notices</Title>
          <Text size="sm" c="dimmed">
            Formal calls under a law to the organizations taking part, with their deadlines and answers.
          </Text>
        </div>
        {compose}
      </Group>
      {list.isPending ? (
        <LoadingState rows={4} label="Loading notices" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconFileCertificate size={26} />}
          title="No notices yet"
          message="Call for information from a participating organization, or direct it to act, under a legal provision and with a deadline."
        />
      ) : (
        <>
          <NoticesTable notices={items} base="/notices" show="organization" />
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
  );
}
