/** One chronology entry: its date at the precision known, what happened, who says so, and its marking. */
import { ActionIcon, Badge, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowsDiff, IconDots, IconHistory, IconPencil } from '@tabler/icons-react';
import { formatDateAtPrecision } from '#shared/dates';
import { TlpBadge } from '../incidents/incident-badges.tsx';
import { localZone } from '../incidents/zoned-time.ts';
import { sourceLine } from './source-line.ts';
import type { TimelineEntry } from './timeline-api.ts';

export interface EntryActions {
  onCorrect?: (entry: TimelineEntry) => void;
  onHistory?: (entry: TimelineEntry) => void;
  onMarkConflict?: (entry: TimelineEntry) => void;
}

export function EntryDate(props: { entry: TimelineEntry }) {
  const { entry } = props;
  // What the system recorded is an instant, best read on the viewer's clock; a source's date is
  // shown in the zone where it was said, also when the system recorded it (an engagement).
  const zone = entry.kind === 'system' && entry.source?.kind === 'system' ? localZone() : entry.timeZone;
  return (
    <Text
      size="sm"
      fw={entry.kind === 'system' ? 500 : 600}
      c={entry.kind === 'system' ? 'dimmed' : undefined}
      span
      data-testid="entry-date"
    >
      {formatDateAtPrecision(entry.occurredAt, entry.precision, zone)}
      {entry.precision !== 'minute' && (
        <Text span size="xs" c="dimmed" fw={400} ml={6}>
          ({entry.timeZone})
        </Text>
      )}
    </Text>
  );
}

function EntryMenu(props: { entry: TimelineEntry; actions: EntryActions }) {
  const { entry, actions } = props;
  const canCorrect = entry.abilities.correct && actions.onCorrect;
  const hasHistory = entry.revision > 1 && actions.onHistory;
  if (!canCorrect && !hasHistory && !actions.onMarkConflict) return null;
  return (
    <Menu position="bottom-end" shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Entry actions">
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {canCorrect && (
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => actions.onCorrect?.(entry)}>
            Correct…
          </Menu.Item>
        )}
        {hasHistory && (
          <Menu.Item leftSection={<IconHistory size={16} />} onClick={() => actions.onHistory?.(entry)}>
            History
          </Menu.Item>
        )}
        {actions.onMarkConflict && (
          <Menu.Item leftSection={<IconArrowsDiff size={16} />} onClick={() => actions.onMarkConflict?.(entry)}>
            Mark as conflicting…
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

export function EntryBody(props: { entry: TimelineEntry; actions?: EntryActions; sharedNames?: string[] }) {
  const { entry } = props;
  const system = entry.kind === 'system';
  const source = sourceLine(entry.source);
  return (
    <Stack gap={4} data-testid={system ? 'system-entry' : 'timeline-entry'} data-entry-id={entry.id}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Group gap="xs">
          <EntryDate entry={entry} />
          {!system && <TlpBadge tlp={entry.tlp} size="xs" />}
          {entry.conflicts.length > 0 && (
            <Badge size="xs" color="red" variant="light" leftSection={<IconArrowsDiff size={10} />}>
              {entry.conflicts.length === 1 ? 'Disputed' : `Disputed ×${entry.conflicts.length}`}
            </Badge>
          )}
          {entry.revision > 1 && (
            <Tooltip label="Corrected; earlier text kept in its history" withArrow>
              <Badge size="xs" color="gray" variant="outline">
                Corrected
              </Badge>
            </Tooltip>
          )}
          {!system && !entry.includeInBriefings && (
            <Badge size="xs" color="gray" variant="light">
              Not in briefings
            </Badge>
          )}
        </Group>
        {!system && props.actions && <EntryMenu entry={entry} actions={props.actions} />}
      </Group>
      <Text
        size="sm"
        c={system ? 'dimmed' : undefined}
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        data-testid="entry-text"
      >
        {entry.text}
      </Text>
      {!system && source && (
        <Text size="xs" c="dimmed" fs="italic" data-testid="entry-source">
          {source}
        </Text>
      )}
      {props.sharedNames && props.sharedNames.length > 0 && (
        <Text size="xs" c="dimmed">
          Shared with {props.sharedNames.join(', ')}
        </Text>
      )}
    </Stack>
  );
}
