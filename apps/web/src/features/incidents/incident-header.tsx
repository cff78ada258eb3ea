/** The top of an incident page: reference, title, its marks, and the actions the caller may take. */
import { Anchor, Breadcrumbs, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { SeverityBadge, StatusBadge, TlpBadge } from './incident-badges.tsx';
import type { Incident } from './incidents-api.ts';

export function IncidentHeader(props: { incident: Incident; listLabel: string; actions?: ReactNode; onEdit?: () => void }) {
  const { incident } = props;
  return (
    <Stack gap={6} mb="lg">
      <Breadcrumbs>
        <Anchor component={Link} to="/incidents" size="sm">
          {props.listLabel}
        </Anchor>
        <Text size="sm" ff="monospace" data-testid="incident-reference">
          {incident.reference}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Stack gap={6} style={{ flex: 1, minWidth: 280 }}>
          <Group gap="xs">
            <StatusBadge status={incident.status} />
            <SeverityBadge severity={incident.severity} />
            <TlpBadge tlp={incident.tlp} />
          </Group>
          <Title order={2} data-testid="incident-title">
            {incident.title}
          </Title>
        </Stack>
        <Group gap="sm">
          {props.actions}
          {props.onEdit && (
            <Button leftSection={<IconPencil size={16} />} onClick={props.onEdit}>
              Edit
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
