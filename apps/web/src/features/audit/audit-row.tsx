/** One audit event as a table row that opens to show its full record. */
import { Anchor, Badge, Box, Code, Collapse, Grid, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { AuditEvent } from '../../api/types.ts';
import { formatDateTime } from '../../lib/format-time.ts';
import { actionColor, actionLabel } from './action-labels.ts';

function Json(props: { label: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {props.label}
      </Text>
      {props.value === null || props.value === undefined ? (
        <Text size="sm" c="dimmed">
          None
        </Text>
      ) : (
        <Code block style={{ maxHeight: 260, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {JSON.stringify(props.value, null, 2)}
        </Code>
      )}
    </Stack>
  );
}

function Detail(props: { label: string; value: string | number | null }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={110} style={{ flexShrink: 0 }}>
        {props.label}
      </Text>
      <Text className="mono" size="xs">
        {props.value ?? '—'}
      </Text>
    </Group>
  );
}

export function AuditRow(props: { event: AuditEvent; open: boolean; onToggle: () => void; onFilterTarget: (id: string) => void }) {
  const { event } = props;
  const actor = event.actor.name ?? event.actor.email ?? (event.actor.userId ? event.actor.userId : 'System');
  return (
    <>
      <Table.Tr data-testid="audit-row" className="clickable-row" onClick={props.onToggle} aria-expanded={props.open}>
        <Table.Td w={36}>
          <UnstyledButton
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle();
            }}
            aria-label={props.open ? 'Hide details' : 'Show details'}
            style={{ display: 'flex' }}
          >
            {props.open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </UnstyledButton>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.occurredAt, { seconds: true })}</Table.Td>
        <Table.Td>
          <Text size="sm" fw={500}>
            {actor}
          </Text>
          {event.actor.userId && event.actor.via && event.actor.via !== 'session' && (
            <Text size="xs" c="dimmed">
              via {event.actor.via}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Stack gap={2}>
            <Text size="sm">{actionLabel(event.action)}</Text>
            <Badge size="xs" variant="light" color={actionColor(event.action)} w="fit-content" tt="none">
              {event.action}
            </Badge>
          </Stack>
        </Table.Td>
        <Table.Td>
          <Text size="xs" c="dimmed">
            {event.targetType ?? ''}
          </Text>
          {event.targetIds.map((id) => (
            <Text key={id} className="mono" size="xs" title={id} style={{ whiteSpace: 'nowrap' }}>
              {id.length > 13 ? `${id.slice(0, 8)}…` : id}
            </Text>
          ))}
        </Table.Td>
      </Table.Tr>
      <Table.Tr style={{ display: props.open ? undefined : 'none' }}>
        <Table.Td colSpan={5} bg="gray.0" p={0}>
          <Collapse expanded={props.open}>
            <Box p="md">
              <Grid gap="md">
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Json label="Before" value={event.before} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Json label="After" value={event.after} />
                </Grid.Col>
              </Grid>
              <Stack gap={4} mt="md">
                <Detail label="Event id" value={event.id} />
                <Detail label="Targets" value={event.targetIds.length ? `${event.targetType ?? ''} ${event.targetIds.join(', ')}`.trim() : null} />
                <Detail label="Request id" value={event.requestId} />
                <Detail label="Client address" value={event.clientAddress} />
                <Detail label="Actor" value={event.actor.userId ? `${event.actor.email ?? ''} (${event.actor.userId})` : 'System'} />
                <Detail label="Chain / seq" value={`${event.chain} / ${event.seq}`} />
                <Detail label="Hash" value={event.hash} />
              </Stack>
              {event.targetIds.length > 0 && (
                <Group gap="xs" mt="sm">
                  {event.targetIds.map((id) => (
                    <Anchor key={id} size="xs" component="button" type="button" onClick={() => props.onFilterTarget(id)}>
                      Show all events for {id.slice(0, 8)}…
                    </Anchor>
                  ))}
                </Group>
              )}
            </Box>
          </Collapse>
        </Table.Td>
      </Table.Tr>
    </>
  );
}
