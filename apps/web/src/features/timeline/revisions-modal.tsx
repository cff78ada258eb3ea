/** The earlier texts of a corrected entry, newest first, each with the reason it was replaced. */
import { Modal, Paper, Stack, Text } from '@mantine/core';
import { formatDateAtPrecision } from '#shared/dates';
import type { DatePrecision, Tlp } from '#shared/incidents';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { TlpBadge } from '../incidents/incident-badges.tsx';
import { EntryBody } from './entry-body.tsx';
import { type TimelineEntry, useRevisions } from './timeline-api.ts';

export function RevisionsModal(props: { incidentId: string; entry: TimelineEntry | null; onClose: () => void }) {
  const revisions = useRevisions(props.incidentId, props.entry?.id ?? null);
  return (
    <Modal opened={!!props.entry} onClose={props.onClose} title="History of this entry" size="lg">
      {props.entry && (
        <Stack gap="md">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={4}>
              Now (revision {props.entry.revision})
            </Text>
            <Paper withBorder p="sm">
              <EntryBody entry={props.entry} />
            </Paper>
          </div>
          {revisions.isPending ? (
            <LoadingState rows={3} label="Loading history" />
          ) : revisions.isError ? (
            <ErrorState error={revisions.error} onRetry={() => revisions.refetch()} />
          ) : (
            revisions.data.map((r) => (
              <div key={r.revision} data-testid="revision">
                <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={4}>
                  Revision {r.revision} · replaced {formatDateTime(r.replacedAt)}
                  {r.replacedBy ? ` by ${r.replacedBy}` : ''}
                </Text>
                <Paper withBorder p="sm" bg="gray.0">
                  <Stack gap={4}>
                    <Text size="sm" fw={600}>
                      {formatDateAtPrecision(r.occurredAt, r.precision as DatePrecision, r.timeZone)}{' '}
                      <TlpBadge tlp={r.tlp as Tlp} size="xs" />
                    </Text>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {r.text}
                    </Text>
                    {(r.sourceTitle || r.sourceSaidBy) && (
                      <Text size="xs" c="dimmed" fs="italic">
                        {[r.sourceTitle, r.sourceSaidBy && `said by ${r.sourceSaidBy}`].filter(Boolean).join(' — ')}
                      </Text>
                    )}
                    {r.reason && (
                      <Text size="xs">
                        <strong>Reason for the correction:</strong> {r.reason}
                      </Text>
                    )}
                  </Stack>
                </Paper>
              </div>
            ))
          )}
        </Stack>
      )}
    </Modal>
  );
}
