/** Affected people per country: the current figures as a table and a chart, and the figures they replaced. */
import { Button, Card, Collapse, Group, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state.tsx';
import { formatDate, formatDateTime } from '../../lib/format-time.ts';
import { AffectedBarChart } from './affected-bar-chart.tsx';
import { countryName } from './country-name.ts';
import type { Incident } from './incidents-api.ts';
import { RecordCountModal } from './record-count-modal.tsx';

type Count = Incident['affectedCounts'][number];
const number = new Intl.NumberFormat();

function CountsTable(props: { rows: Count[]; testId: string }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table data-testid={props.testId} highlightOnHover={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Country</Table.Th>
            <Table.Th ta="right">People</Table.Th>
            <Table.Th>As of</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Recorded</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>
                {countryName(row.country)}{' '}
                <Text span size="xs" c="dimmed" ff="monospace">
                  {row.country}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" fw={600} span title={row.approximate ? 'Approximate figure' : undefined}>
                  {row.approximate ? '≈ ' : ''}
                  {number.format(row.count)}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(`${row.asOf}T12:00:00Z`)}</Table.Td>
              <Table.Td>
                <Text size="sm">{row.source}</Text>
                {row.sourceOrganization && (
                  <Text size="xs" c="dimmed">
                    {row.sourceOrganization.name}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" title={formatDateTime(row.recordedAt)} style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(row.recordedAt)}
                </Text>
                {row.recordedBy && (
                  <Text size="xs" c="dimmed">
                    {row.recordedBy}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function AffectedCountsCard(props: { incident: Incident; onReload: () => void }) {
  const { incident } = props;
  const [recording, setRecording] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const current = [...incident.affectedCounts].sort((a, b) => b.count - a.count);
  const history = [...incident.affectedCountHistory].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  const canRecord = incident.abilities.update;

  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={4}>Affected people</Title>
        {canRecord && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setRecording(true)}>
            Record a new figure
          </Button>
        )}
      </Group>
      {current.length === 0 ? (
        <EmptyState
          icon={<IconUsersGroup size={24} />}
          title="No figures yet"
          message="Record how many people are affected per country (or worldwide) as sources report them; earlier figures are kept."
        />
      ) : (
        <>
          <SimpleGrid cols={1} spacing="lg">
            <AffectedBarChart rows={current} />
            <CountsTable rows={current} testId="affected-table" />
          </SimpleGrid>
          {history.length > 0 && (
            <>
              <Button
                variant="subtle"
                size="xs"
                mt="sm"
                style={{ alignSelf: 'flex-start' }}
                onClick={() => setShowHistory((v) => !v)}
                leftSection={showHistory ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
                aria-expanded={showHistory}
              >
                {showHistory ? 'Hide' : 'Show'} earlier figures ({history.length})
              </Button>
              <Collapse expanded={showHistory}>
                <Text size="xs" c="dimmed" mt="xs" mb={4}>
                  Figures replaced by a later one for the same country.
                </Text>
                <CountsTable rows={history} testId="affected-history" />
              </Collapse>
            </>
          )}
        </>
      )}
      <RecordCountModal incident={incident} opened={recording} onClose={() => setRecording(false)} onReload={props.onReload} />
    </Card>
  );
}
