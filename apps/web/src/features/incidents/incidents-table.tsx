/** The incidents table; a row opens its incident (mouse or Enter). */
import { Group, Stack, Table, Text } from '@mantine/core';
import { useNavigate } from 'react-router';
import { formatDate, formatDateTime } from '../../lib/format-time.ts';
import { SeverityBadge, StatusBadge, TlpBadge } from './incident-badges.tsx';
import type { IncidentListItem } from './incidents-api.ts';

const count = new Intl.NumberFormat();

export function IncidentsTable(props: { items: IncidentListItem[]; staff: boolean }) {
  const navigate = useNavigate();
  const open = (id: string) => navigate(`/incidents/${id}`);
  return (
    <Table.ScrollContainer minWidth={props.staff ? 900 : 640}>
      <Table horizontalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Reference and title</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Severity</Table.Th>
            <Table.Th>TLP</Table.Th>
            {props.staff && <Table.Th>Category</Table.Th>}
            {props.staff && <Table.Th>Owner</Table.Th>}
            {props.staff && <Table.Th ta="right">Affected</Table.Th>}
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((incident) => (
            <Table.Tr
              key={incident.id}
              className="clickable-row"
              tabIndex={0}
              onClick={() => open(incident.id)}
              onKeyDown={(e) => e.key === 'Enter' && open(incident.id)}
              data-testid="incident-row"
            >
              <Table.Td miw={200}>
                <Stack gap={2}>
                  <Text size="xs" ff="monospace" fw={600} c="dimmed">
                    {incident.reference}
                  </Text>
                  <Text size="sm" fw={500} lineClamp={2}>
                    {incident.title}
                  </Text>
                  {incident.snippet && (
                    <Text
                      size="xs"
                      c="dimmed"
                      lineClamp={2}
                      className="search-snippet"
                      data-testid="search-snippet"
                      // The server escapes everything in a snippet except its own <mark> tags.
                      // biome-ignore lint/security/noDangerouslySetInnerHtml: the snippet is escaped server-side apart from <mark>.
                      dangerouslySetInnerHTML={{ __html: incident.snippet }}
                    />
                  )}
                  {props.staff && incident.tags.length > 0 && (
                    <Group gap={4}>
                      {incident.tags.slice(0, 4).map((tag) => (
                        <Text key={tag} size="xs" c="navy.7">
                          #{tag}
                        </Text>
                      ))}
                    </Group>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td w={1}>
                <StatusBadge status={incident.status} size="sm" />
              </Table.Td>
              <Table.Td w={1}>
                <SeverityBadge severity={incident.severity} size="sm" />
              </Table.Td>
              <Table.Td w={1}>
                <TlpBadge tlp={incident.tlp} size="sm" />
              </Table.Td>
              {props.staff && (
                <Table.Td maw={170}>
                  <Text size="xs" lineClamp={2} c={incident.category ? undefined : 'dimmed'} title={incident.category?.label}>
                    {incident.category?.label ?? '—'}
                  </Text>
                </Table.Td>
              )}
              {props.staff && (
                <Table.Td>
                  <Text size="sm" c={incident.owner ? undefined : 'dimmed'}>
                    {incident.owner?.name ?? 'Unassigned'}
                  </Text>
                </Table.Td>
              )}
              {props.staff && (
                <Table.Td ta="right">
                  <Text size="sm" c={incident.totalAffected === null ? 'dimmed' : undefined}>
                    {incident.totalAffected === null ? '—' : count.format(incident.totalAffected)}
                  </Text>
                </Table.Td>
              )}
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" title={formatDateTime(incident.updatedAt)}>
                  {formatDate(incident.updatedAt)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
