/**
 * For an organization that reported persons to the CERT: its own references and whether
 * each person has been notified. No names, and nothing of what others reported. Shown
 * only when the organization reported someone in this incident.
 */
import { Card, Group, ScrollArea, Table, Text, Title } from '@mantine/core';
import { NOTIFICATION_STATUS_LABELS, NOTIFICATION_STATUSES } from '#shared/contracts/affected-persons';
import { ErrorState } from '../../components/error-state.tsx';
import { usePermissions } from '../session/use-me.ts';
import { useSuppliedPersons } from './affected-persons-api.ts';
import { formatDay, NotificationBadge } from './register-labels.tsx';

export function SuppliedPersonsCard(props: { incidentId: string }) {
  const allowed = usePermissions().can('register.supplied');
  const supplied = useSuppliedPersons(props.incidentId, allowed);
  if (!allowed || supplied.isPending) return null;
  if (supplied.isError)
    return (
      <Card padding="lg">
        <Title order={4} mb="md">
          Persons you reported
        </Title>
        <ErrorState error={supplied.error} onRetry={() => supplied.refetch()} />
      </Card>
    );
  const items = supplied.data;
  if (items.length === 0) return null;
  const tally = NOTIFICATION_STATUSES.map((s) => ({ s, n: items.filter((i) => i.notificationStatus === s).length })).filter((t) => t.n > 0);

  return (
    <Card padding="lg" data-testid="supplied-persons">
      <Title order={4}>Persons you reported</Title>
      <Text size="xs" c="dimmed" mb="sm">
        By your reference, with whether the CERT has notified each. Names stay with the CERT.
      </Text>
      <Group gap="xs" mb="sm" data-testid="supplied-tally">
        {tally.map((t) => (
          <Text key={t.s} size="sm">
            <Text span fw={600}>
              {t.n}
            </Text>{' '}
            {NOTIFICATION_STATUS_LABELS[t.s].toLowerCase()}
          </Text>
        ))}
      </Group>
      <ScrollArea.Autosize mah={360} type="auto">
        <Table verticalSpacing={6} highlightOnHover={false} data-testid="supplied-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Your reference</Table.Th>
              <Table.Th>Notification</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.label} data-testid="supplied-row">
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {item.reference ?? '—'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    CERT no. {item.label}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <NotificationBadge status={item.notificationStatus} size="xs" />
                  {item.notifiedOn && (
                    <Text size="xs" c="dimmed" mt={2}>
                      {formatDay(item.notifiedOn)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Card>
  );
}
