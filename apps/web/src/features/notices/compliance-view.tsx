/**
 * How an organization has answered the notices issued to it: counts (on time, late,
 * open, overdue, withdrawn; refused answers and escalations for the CERT only) and the
 * notices themselves, most recently issued first. Staff and the organization's own
 * portal show the same view, each linking notices to its own notice page.
 */
import { Anchor, Badge, Card, Group, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { IconFileCertificate } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { StandingBadge } from './notice-labels.tsx';
import { type OrganizationCompliance, useCompliance } from './notices-api.ts';

function Stat(props: { label: string; value: number | null; color?: string; hint?: string }) {
  if (props.value === null) return null;
  return (
    <Card padding="md" data-testid={`stat-${props.label.toLowerCase().replace(/\W+/g, '-')}`}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {props.label}
      </Text>
      <Text fz={28} fw={700} c={props.value > 0 ? props.color : undefined} lh={1.2}>
        {props.value}
      </Text>
      {props.hint && (
        <Text size="xs" c="dimmed">
          {props.hint}
        </Text>
      )}
    </Card>
  );
}

function ComplianceBody(props: { data: OrganizationCompliance; base: string; staff: boolean }) {
  const d = props.data;
  const answered = d.respondedOnTime + d.respondedLate;
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: props.staff ? 7 : 5 }} spacing="sm" mb="lg" data-testid="compliance-counts">
        <Stat label="Issued" value={d.issued} />
        <Stat
          label="On time"
          value={d.respondedOnTime}
          color="teal.8"
          hint={answered ? `${Math.round((d.respondedOnTime / answered) * 100)}% of answers` : undefined}
        />
        <Stat label="Late" value={d.respondedLate} color="orange.8" />
        <Stat label="Open" value={d.open} color="blue.8" />
        <Stat label="Overdue" value={d.overdue} color="red.8" />
        <Stat label="Refused answers" value={d.refusedAnswers} color="red.8" />
        <Stat label="Escalated" value={d.escalations} color="grape.8" />
      </SimpleGrid>
      <Card padding="lg">
        <Title order={4} mb="md">
          Notices issued
        </Title>
        {d.items.length === 0 ? (
          <EmptyState icon={<IconFileCertificate size={26} />} title="No notices issued yet" />
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table data-testid="compliance-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Notice</Table.Th>
                  <Table.Th>Incident</Table.Th>
                  <Table.Th>Issued</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>Answered</Table.Th>
                  <Table.Th>Standing</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((n) => (
                  <Table.Tr key={n.id} data-testid="compliance-row">
                    <Table.Td maw={320}>
                      <Anchor component={Link} to={`${props.base}/${n.id}`} size="sm" fw={600} ff="monospace">
                        {n.reference ?? '—'}
                      </Anchor>
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {n.subject}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                        {n.incident.reference}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(n.issuedAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(n.dueAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={n.respondedAt ? undefined : 'dimmed'}>
                        {n.respondedAt ? formatDateTime(n.respondedAt) : 'Not yet'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <StandingBadge standing={n.standing} />
                        {!!n.refusedAnswers && (
                          <Badge color="red" variant="outline" size="sm">
                            {n.refusedAnswers} refused
                          </Badge>
                        )}
                        {n.escalatedAt && (
                          <Badge color="grape" variant="filled" size="sm">
                            Escalated
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {d.truncated && (
          <Text size="xs" c="dimmed" mt="sm">
            The {d.items.length} most recently issued notices are listed; the counts cover all {d.issued}.
          </Text>
        )}
      </Card>
    </>
  );
}

export function ComplianceView(props: { organizationId: string; base: string; staff: boolean }) {
  const compliance = useCompliance(props.organizationId);
  if (compliance.isPending) return <LoadingState rows={6} label="Loading the compliance record" />;
  if (compliance.isError) return <ErrorState error={compliance.error} onRetry={() => compliance.refetch()} />;
  return <ComplianceBody data={compliance.data} base={props.base} staff={props.staff} />;
}
