/** The chronology as a vertical timeline in date order; entries recorded by the system are kept quiet. */
import { ThemeIcon, Timeline } from '@mantine/core';
import { IconEye, IconFileText, IconMail, IconMessage, IconSettings, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { SourceKind } from '#shared/incidents';
import { type EntryActions, EntryBody } from './entry-body.tsx';
import type { TimelineEntry } from './timeline-api.ts';

const ICONS: Record<SourceKind, ReactNode> = {
  document: <IconFileText size={14} />,
  statement: <IconMessage size={14} />,
  meeting: <IconUsers size={14} />,
  correspondence: <IconMail size={14} />,
  observation: <IconEye size={14} />,
  system: <IconSettings size={12} />,
};

function Bullet(props: { entry: TimelineEntry }) {
  const system = props.entry.kind === 'system';
  const kind = props.entry.source?.kind ?? (system ? 'system' : 'document');
  return (
    <ThemeIcon
      size={system ? 18 : 26}
      radius="xl"
      variant={system ? 'default' : 'filled'}
      color={props.entry.conflicts.length ? 'red' : system ? 'gray' : 'navy'}
    >
      {ICONS[kind]}
    </ThemeIcon>
  );
}

export function ChronologyList(props: { entries: TimelineEntry[]; actions?: EntryActions; organizationNames?: Map<string, string> }) {
  return (
    <Timeline bulletSize={26} lineWidth={2} color="gray" aria-label="Chronology" data-testid="chronology">
      {props.entries.map((entry) => (
        <Timeline.Item key={entry.id} bullet={<Bullet entry={entry} />} pb={entry.kind === 'system' ? 'xs' : 'md'}>
          <EntryBody
            entry={entry}
            actions={props.actions}
            sharedNames={
              props.organizationNames ? entry.sharedWith.map((id) => props.organizationNames?.get(id) ?? 'an organization') : undefined
            }
          />
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
