/** The incident's chronology for CERT staff: filter, add, correct, mark conflicts, export. */
import { Button, Card, Group, SegmentedControl, Select, Switch, Text, Title } from '@mantine/core';
import { IconDownload, IconPlus, IconTimeline } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import type { Incident } from '../incidents/incidents-api.ts';
import { useParticipants } from '../incidents/participants-api.ts';
import { useAllOrganizations } from '../organizations/organizations-api.ts';
import { ChronologyList } from './chronology-list.tsx';
import { ConflictModal } from './conflict-modal.tsx';
import { ConflictPairs } from './conflict-pairs.tsx';
import { EntryModal } from './entry-modal.tsx';
import { RevisionsModal } from './revisions-modal.tsx';
import { exportUrl, type TimelineEntry, type TimelineFilter, useTimeline } from './timeline-api.ts';

export function ChronologyTab(props: { incident: Incident }) {
  const { incident } = props;
  const [kind, setKind] = useState<'all' | 'entry' | 'system'>('all');
  const [sourceOrganizationId, setSourceOrganizationId] = useState<string | null>(null);
  const [conflictsOnly, setConflictsOnly] = useState(false);
  const filter: TimelineFilter = useMemo(
    () => ({ kind: kind === 'all' ? undefined : kind, sourceOrganizationId: sourceOrganizationId ?? undefined, conflictsOnly }),
    [kind, sourceOrganizationId, conflictsOnly],
  );
  const timeline = useTimeline(incident.id, filter);
  const participants = useParticipants(incident.id);
  const organizations = useAllOrganizations();
  const [adding, setAdding] = useState(false);
  const [correcting, setCorrecting] = useState<TimelineEntry | null>(null);
  const [history, setHistory] = useState<TimelineEntry | null>(null);
  const [conflicting, setConflicting] = useState<TimelineEntry | null>(null);
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const names = useMemo(() => new Map((participants.data ?? []).map((p) => [p.organization.id, p.organization.name])), [participants.data]);
  const filtered = kind !== 'all' || !!sourceOrganizationId || conflictsOnly;
  const canWrite = incident.abilities.addTimelineEntry;

  return (
    <>
      <ConflictPairs entries={entries} />
      <Card padding="lg">
        <Group justify="space-between" mb="md" align="flex-start">
          <div>
            <Title order={4}>Chronology</Title>
            <Text size="sm" c="dimmed">
              Every dated event with its source, oldest first. Corrections keep the earlier text.
            </Text>
          </div>
          <Group gap="xs">
            <Button
              component="a"
              href={exportUrl(incident.id, 'csv')}
              download
              variant="default"
              size="sm"
              leftSection={<IconDownload size={16} />}
            >
              CSV
            </Button>
            <Button
              component="a"
              href={exportUrl(incident.id, 'markdown')}
              download
              variant="default"
              size="sm"
              leftSection={<IconDownload size={16} />}
            >
              Markdown
            </Button>
            {canWrite && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                Add entry
              </Button>
            )}
          </Group>
        </Group>
        <Group gap="md" mb="lg" align="flex-end" wrap="wrap">
          <SegmentedControl
            aria-label="Kind of entry"
            data={[
              { value: 'all', label: 'All' },
              { value: 'entry', label: 'Entries' },
              { value: 'system', label: 'Recorded by the system' },
            ]}
            value={kind}
            onChange={(v) => setKind(v as typeof kind)}
          />
          <Select
            aria-label="Source organization"
            placeholder="Any source organization"
            clearable
            searchable
            data={(organizations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            value={sourceOrganizationId}
            onChange={setSourceOrganizationId}
            w={240}
          />
          <Switch label="Conflicts only" checked={conflictsOnly} onChange={(e) => setConflictsOnly(e.currentTarget.checked)} mb={8} />
        </Group>
        {timeline.isPending ? (
          <LoadingState rows={6} label="Loading the chronology" />
        ) : timeline.isError ? (
          <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} />
        ) : entries.length === 0 ? (
          <EmptyState
            icon={<IconTimeline size={26} />}
            title={filtered ? 'No entry matches' : 'Nothing in the chronology yet'}
            message={
              filtered ? 'Clear a filter to see more.' : 'Add meetings, letters and statements as they happen, each with its source.'
            }
          />
        ) : (
          <>
            <ChronologyList
              entries={entries}
              organizationNames={names}
              actions={
                canWrite ? { onCorrect: setCorrecting, onHistory: setHistory, onMarkConflict: setConflicting } : { onHistory: setHistory }
              }
            />
            <LoadMore
              shown={entries.length}
              noun="entries"
              hasMore={!!timeline.hasNextPage}
              loading={timeline.isFetchingNextPage}
              onLoad={() => timeline.fetchNextPage()}
            />
          </>
        )}
      </Card>
      <EntryModal
        incident={incident}
        opened={adding || !!correcting}
        entry={correcting}
        onClose={() => {
          setAdding(false);
          setCorrecting(null);
        }}
        onReload={() => {
          setCorrecting(null);
          void timeline.refetch();
        }}
      />
      <RevisionsModal incidentId={incident.id} entry={history} onClose={() => setHistory(null)} />
      <ConflictModal incidentId={incident.id} entry={conflicting} candidates={entries} onClose={() => setConflicting(null)} />
    </>
  );
}
