/**
 * The register in numbers, for everyone on the incident: persons per country, category,
 * how affected and notification state — never an identity — and the reconciliation with
 * the figures the incident states (Overview), so a gap between what a platform said and
 * what was actually received shows at a glance.
 */
import { Badge, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { countryName } from '../incidents/country-name.ts';
import { type AffectedCounts, useAffectedCounts } from './affected-persons-api.ts';
import { formatDay } from './register-labels.tsx';

const number = new Intl.NumberFormat();
type CountRow = AffectedCounts['byCountry'][number];
type Reconciliation = AffectedCounts['reconciliation'][number];

function Breakdown(props: { title: string; rows: CountRow[]; total: number; testId: string; label?: (row: CountRow) => string }) {
  const rows = [...props.rows].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return (
    <div data-testid={props.testId}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={6} style={{ letterSpacing: '0.04em' }}>
        {props.title}
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ) : (
        <Stack gap={6}>
          {rows.map((row) => (
            <div key={row.key} data-testid="count-row" data-key={row.key}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" truncate>
                  {props.label ? props.label(row) : row.label}
                </Text>
                <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {number.format(row.count)}
                </Text>
              </Group>
              <Progress value={props.total ? (row.count / props.total) * 100 : 0} size={4} color="navy.5" aria-hidden />
            </div>
          ))}
        </Stack>
      )}
    </div>
  );
}

function Difference(props: { value: number }) {
  if (props.value === 0)
    return (
      <Text size="sm" c="dimmed" span>
        0
      </Text>
    );
  const text = `${props.value > 0 ? '+' : '−'}${number.format(Math.abs(props.value))}`;
  return (
    <Badge
      color={props.value < 0 ? 'orange' : 'red'}
      variant="light"
      title={props.value < 0 ? 'Fewer registered than stated' : 'More registered than stated'}
    >
      {text}
    </Badge>
  );
}

function ReconciliationTable(props: { rows: Reconciliation[] }) {
  const rows = [...props.rows].sort((a, b) =>
    a.country === 'ZZ' ? 1 : b.country === 'ZZ' ? -1 : countryName(a.country).localeCompare(countryName(b.country)),
  );
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table data-testid="reconciliation-table" highlightOnHover={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Country</Table.Th>
            <Table.Th ta="right">Stated</Table.Th>
            <Table.Th ta="right">Registered</Table.Th>
            <Table.Th ta="right">Difference</Table.Th>
            <Table.Th>Stated as of</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr
              key={row.country}
              data-testid="reconciliation-row"
              data-country={row.country}
              bg={row.difference !== 0 ? 'var(--mantine-color-orange-0)' : undefined}
            >
              <Table.Td>
                {countryName(row.country)}{' '}
                <Text span size="xs" c="dimmed" ff="monospace">
                  {row.country}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {number.format(row.stated)}
              </Table.Td>
              <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {number.format(row.registered)}
              </Table.Td>
              <Table.Td ta="right" data-testid="difference">
                <Difference value={row.difference} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDay(row.statedAsOf)}</Text>
                {row.statedSource && (
                  <Text size="xs" c="dimmed" lineClamp={1} title={row.statedSource}>
                    {row.statedSource}
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

export function CountsView(props: { incidentId: string }) {
  const counts = useAffectedCounts(props.incidentId);
  return (
    <Card padding="lg" data-testid="register-counts">
      <Group justify="space-between" align="baseline" mb="md">
        <div>
          <Title order={4}>Affected persons in numbers</Title>
          <Text size="sm" c="dimmed">
            Counted from the register; no identity is shown here.
          </Text>
        </div>
        {counts.data && counts.data.total > 0 && (
          <Text size="sm" data-testid="register-total">
            <Text span fw={700} size="lg">
              {number.format(counts.data.total)}
            </Text>{' '}
            {counts.data.total === 1 ? 'person' : 'persons'} registered
            {counts.data.erased > 0 && (
              <Text span c="dimmed" size="sm">
                {' '}
                · {number.format(counts.data.erased)} with identities erased after the retention period
              </Text>
            )}
          </Text>
        )}
      </Group>
      {counts.isPending ? (
        <LoadingState rows={5} label="Loading counts" />
      ) : counts.isError ? (
        <ErrorState error={counts.error} onRetry={() => counts.refetch()} />
      ) : (
        <Stack gap="lg">
          {counts.data.total === 0 ? (
            <EmptyState
              icon={<IconChartBar size={26} />}
              title="Nobody is registered yet"
              message="Persons added to the register, or imported from a platform's list, are counted here by country, category and notification state."
            />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="xl">
              <Breakdown
                title="Country"
                rows={counts.data.byCountry}
                total={counts.data.total}
                testId="counts-country"
                label={(row) => countryName(row.key)}
              />
              <Breakdown title="Category" rows={counts.data.byCategory} total={counts.data.total} testId="counts-category" />
              <Breakdown title="How affected" rows={counts.data.byAffectedHow} total={counts.data.total} testId="counts-how" />
              <Breakdown
                title="Notification"
                rows={counts.data.byNotificationStatus}
                total={counts.data.total}
                testId="counts-notification"
              />
            </SimpleGrid>
          )}
          <div>
            <Title order={5} mb={4}>
              Against the stated figures
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              The figures the incident states (recorded on the Overview) beside the persons actually registered.
            </Text>
            {counts.data.reconciliation.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="reconciliation-empty">
                The incident states no figures yet.
              </Text>
            ) : (
              <ReconciliationTable rows={counts.data.reconciliation} />
            )}
          </div>
        </Stack>
      )}
    </Card>
  );
}
