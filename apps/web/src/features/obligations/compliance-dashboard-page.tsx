/**
 * How organizations have met the duties the law put on them, across the incidents the
 * viewer may read: per organization a bar of on time, late, missed and pending, then per
 * organization and rule the counts and the median lateness. The period selects the
 * obligations whose clock started in it; the CSV lists, one row each, those due in it.
 */
import { Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconChartBar, IconDownload } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { localZone } from '../incidents/zoned-time.ts';
import { spanText } from '../notices/due-format.ts';
import { type ComplianceSummary, exportUrl, useComplianceSummary } from './obligations-api.ts';

type Row = ComplianceSummary['rows'][number];
type Counts = Pick<Row, 'onTime' | 'late' | 'missed' | 'pending'>;

const PARTS: Array<{ key: keyof Counts; label: string; color: string }> = [
  { key: 'onTime', label: 'On time', color: 'teal' },
  { key: 'late', label: 'Late', color: 'orange' },
  { key: 'missed', label: 'Missed', color: 'red' },
  { key: 'pending', label: 'Pending', color: 'blue' },
];

/** "2025-03-01" at midnight on the viewer's clock, as an instant; the end date counts whole. */
function dayStart(date: string, plusDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays).toISOString();
}

function Stat(props: { label: string; value: number; color: string }) {
  return (
    <Card padding="md" data-testid={`total-${props.label.toLowerCase().replace(/\W+/g, '-')}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {props.label}
      </Text>
      <Text fz={28} fw={700} c={props.value > 0 ? `${props.color}.8` : undefined} lh={1.2}>
        {props.value}
      </Text>
    </Card>
  );
}

/** One stacked horizontal bar: each part as wide as its share, its count on it when there is room. */
function StackedBar(props: { counts: Counts; label: string }) {
  const total = PARTS.reduce((sum, p) => sum + props.counts[p.key], 0);
  return (
    <div
      role="img"
      aria-label={`${props.label}: ${PARTS.map((p) => `${props.counts[p.key]} ${p.label.toLowerCase()}`).join(', ')}`}
      style={{ display: 'flex', height: 22, borderRadius: 4, overflow: 'hidden', background: 'var(--mantine-color-gray-1)' }}
    >
      {PARTS.filter((p) => props.counts[p.key] > 0).map((p) => (
        <Tooltip key={p.key} label={`${p.label}: ${props.counts[p.key]}`}>
          <div
            style={{
              width: `${(props.counts[p.key] / total) * 100}%`,
              background: `var(--mantine-color-${p.color}-6)`,
              color: 'white',
              fontSize: 12,
              fontWeight: 600,
              lineHeight: '22px',
              textAlign: 'center',
              overflow: 'hidden',
              minWidth: 3,
            }}
          >
            {props.counts[p.key]}
          </div>
        </Tooltip>
      ))}
    </div>
  );
}

function ByOrganization(props: { rows: Row[] }) {
  const orgs = new Map<string, { name: string; counts: Counts }>();
  for (const r of props.rows) {
    const entry = orgs.get(r.organization.id) ?? { name: r.organization.name, counts: { onTime: 0, late: 0, missed: 0, pending: 0 } };
    for (const p of PARTS) entry.counts[p.key] += r[p.key];
    orgs.set(r.organization.id, entry);
  }
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={4}>By organization</Title>
        <Group gap="md">
          {PARTS.map((p) => (
            <Group key={p.key} gap={6}>
              <div style={{ width: 12, height: 12, borderRadius: 2, background: `var(--mantine-color-${p.color}-6)` }} />
              <Text size="xs">{p.label}</Text>
            </Group>
          ))}
        </Group>
      </Group>
      <Stack gap="sm" data-testid="compliance-chart">
        {[...orgs.values()].map((o) => (
          <div key={o.name} style={{ display: 'grid', gridTemplateColumns: 'minmax(140px, 220px) 1fr', gap: 12, alignItems: 'center' }}>
            <Text size="sm" fw={500} truncate>
              {o.name}
            </Text>
            <StackedBar counts={o.counts} label={o.name} />
          </div>
        ))}
      </Stack>
    </Card>
  );
}

function ByRule(props: { rows: Row[] }) {
  return (
    <Card padding="lg">
      <Title order={4} mb="md">
        By organization and rule
      </Title>
      <Table.ScrollContainer minWidth={860}>
        <Table data-testid="compliance-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Organization</Table.Th>
              <Table.Th>Rule</Table.Th>
              <Table.Th ta="right">On time</Table.Th>
              <Table.Th ta="right">Late</Table.Th>
              <Table.Th ta="right">Missed</Table.Th>
              <Table.Th ta="right">Pending</Table.Th>
              <Table.Th>Median lateness</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.rows.map((r) => (
              <Table.Tr key={`${r.organization.id}-${r.rule.id}`} data-testid="compliance-rule-row">
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {r.organization.name}
                  </Text>
                </Table.Td>
                <Table.Td maw={380}>
                  <Text size="sm" ff="monospace">
                    {r.rule.code}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.rule.jurisdiction} · {r.rule.instrument} · {r.rule.clause}
                  </Text>
                </Table.Td>
                {PARTS.map((p) => (
                  <Table.Td key={p.key} ta="right" data-part={p.key}>
                    <Text size="sm" fw={r[p.key] > 0 && p.key !== 'onTime' ? 700 : 400} c={r[p.key] > 0 ? `${p.color}.8` : 'dimmed'}>
                      {r[p.key]}
                    </Text>
                  </Table.Td>
                ))}
                <Table.Td>
                  <Text size="sm" c={r.medianLateSeconds === null ? 'dimmed' : undefined}>
                    {r.medianLateSeconds === null ? '—' : spanText(r.medianLateSeconds * 1000)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function Compliance() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const setDate = (name: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const period = { from: dayStart(from), to: dayStart(to, 1) };
  const summary = useComplianceSummary(period);
  const csv = exportUrl({ dueFrom: period.from, dueTo: period.to });

  return (
    <>
      <PageHeader
        title="Compliance"
        description="How organizations have met the reporting and response duties the law put on them, in the incidents you may read. Late is met after the due time; missed is past it and not met."
        action={
          <Button component="a" href={csv} download leftSection={<IconDownload size={16} />} variant="default">
            Download CSV
          </Button>
        }
      />
      <Card padding="md" mb="lg">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput type="date" label="Clock started from" value={from} onChange={(e) => setDate('from', e.currentTarget.value)} w={180} />
          <TextInput type="date" label="to (inclusive)" value={to} onChange={(e) => setDate('to', e.currentTarget.value)} w={180} />
          {(from || to) && (
            <Button variant="subtle" size="xs" onClick={() => setParams({}, { replace: true })}>
              All time
            </Button>
          )}
          <Text size="xs" c="dimmed" maw={420}>
            Days on your clock ({localZone()}). The CSV lists each obligation due in the same period, with its rule, times and reason.
          </Text>
        </Group>
      </Card>
      {summary.isPending ? (
        <LoadingState rows={6} label="Loading the compliance summary" />
      ) : summary.isError ? (
        <ErrorState error={summary.error} onRetry={() => summary.refetch()} />
      ) : summary.data.rows.length === 0 ? (
        <Card padding="lg">
          <EmptyState
            icon={<IconChartBar size={26} />}
            title={from || to ? 'No obligations in this period' : 'No obligations yet'}
            message="Obligations appear once facts start their clocks."
          />
        </Card>
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="compliance-totals">
            {PARTS.map((p) => (
              <Stat key={p.key} label={p.label} value={summary.data.totals[p.key]} color={p.color} />
            ))}
          </SimpleGrid>
          <ByOrganization rows={summary.data.rows} />
          <ByRule rows={summary.data.rows} />
        </Stack>
      )}
    </>
  );
}

export function ComplianceDashboardPage() {
  return (
    <RequirePermission permission="obligations.read">
      <Compliance />
    </RequirePermission>
  );
}
