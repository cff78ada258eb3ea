/** Requests for more time on a notice: the list with their decisions, and the decision itself (grant with a due time, or refuse). */
import { Badge, Button, Group, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { formatDateTime } from '../../lib/format-time.ts';
import { isoToZoned, zonedToIso } from '../incidents/zoned-time.ts';
import { formatDue } from './due-format.ts';
import { type Extension, type Notice, useDecideExtension } from './notices-api.ts';

const STATUS_COLORS = { pending: 'orange', granted: 'teal', refused: 'red' } as const;
const STATUS_LABELS = { pending: 'Waiting for a decision', granted: 'Granted', refused: 'Refused' } as const;

export function ExtensionsList(props: { notice: Pick<Notice, 'extensions' | 'timeZone'>; onDecide?: (e: Extension) => void }) {
  const { extensions, timeZone } = props.notice;
  if (extensions.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No request for more time.
      </Text>
    );
  return (
    <Stack gap="md" data-testid="extensions">
      {extensions.map((e) => (
        <Stack key={e.id} gap={4}>
          <Group justify="space-between" gap="xs">
            <Badge color={STATUS_COLORS[e.status]} variant="light" size="sm">
              {STATUS_LABELS[e.status]}
            </Badge>
            <Text size="xs" c="dimmed">
              {formatDateTime(e.requestedAt)}
              {e.requestedBy ? ` · ${e.requestedBy.name}` : ''}
            </Text>
          </Group>
          <Text size="sm">
            Asks until <strong>{formatDue(e.requestedDueAt, timeZone)}</strong>
          </Text>
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {e.reason}
          </Text>
          {e.status === 'granted' && e.grantedDueAt && (
            <Text size="sm">
              Now due {formatDue(e.grantedDueAt, timeZone)}
              {e.previousDueAt ? ` (was ${formatDue(e.previousDueAt, timeZone)})` : ''}
            </Text>
          )}
          {e.decidedAt && (
            <Text size="xs" c="dimmed">
              Decided {formatDateTime(e.decidedAt)}
              {e.decidedBy ? ` by ${e.decidedBy.name}` : ''}
              {e.decisionNote ? `: ${e.decisionNote}` : ''}
            </Text>
          )}
          {e.status === 'pending' && props.onDecide && (
            <Group>
              <Button size="xs" variant="light" color="orange" onClick={() => props.onDecide?.(e)}>
                Decide
              </Button>
            </Group>
          )}
        </Stack>
      ))}
    </Stack>
  );
}

export function DecideExtensionModal(props: {
  notice: Notice;
  extension: Extension;
  opened: boolean;
  onClose: () => void;
  onError: (error: unknown) => void;
}) {
  const { notice, extension } = props;
  const zone = notice.timeZone;
  const [decision, setDecision] = useState<'grant' | 'refuse'>('grant');
  const [local, setLocal] = useState(() => isoToZoned(extension.requestedDueAt, zone));
  const [note, setNote] = useState('');
  const decide = useDecideExtension(notice);
  const granted = zonedToIso(local, zone);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Decide the request for more time">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (decision === 'grant' && !granted) return;
          decide.mutate(
            {
              extensionId: extension.id,
              decision,
              ...(decision === 'grant' && granted ? { grantedDueAt: granted } : {}),
              ...(note.trim() ? { note: note.trim() } : {}),
            },
            {
              onSuccess: () => {
                props.onClose();
                notifications.show({ color: 'teal', message: decision === 'grant' ? 'More time granted.' : 'Request refused.' });
              },
              onError: props.onError,
            },
          );
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            {extension.requestedBy?.name ?? 'The organization'} asks until <strong>{formatDue(extension.requestedDueAt, zone)}</strong>
            {notice.dueAt ? `, instead of ${formatDue(notice.dueAt, zone)}` : ''}.
          </Text>
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {extension.reason}
          </Text>
          <SegmentedControl
            aria-label="Decision"
            value={decision}
            onChange={(v) => setDecision(v as 'grant' | 'refuse')}
            data={[
              { value: 'grant', label: 'Grant' },
              { value: 'refuse', label: 'Refuse' },
            ]}
          />
          {decision === 'grant' && (
            <TextInput
              type="datetime-local"
              label={`New due time (${zone})`}
              value={local}
              onChange={(e) => setLocal(e.currentTarget.value)}
              error={local && !granted ? 'Not a date and time.' : undefined}
            />
          )}
          <Textarea
            label="Note to the organization"
            autosize
            minRows={2}
            maxLength={4000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={decide.isPending} color={decision === 'refuse' ? 'red' : undefined}>
              {decision === 'grant' ? 'Grant more time' : 'Refuse'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
