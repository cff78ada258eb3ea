/** The incident's meetings, calls and letters, oldest first, with what each left in the disclosure ledger. */
import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconListSearch, IconPlus, IconUsers } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { DISCLOSURE_STATES, ENGAGEMENT_KINDS, type EngagementKind } from '#shared/contracts/engagements';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { TlpBadge } from '../incidents/incident-badges.tsx';
import type { Incident } from '../incidents/incidents-api.ts';
import { useAllOrganizations } from '../organizations/organizations-api.ts';
import { DisclosureStateBadge, ENGAGEMENT_KIND_LABELS, engagementDate, KIND_ICONS } from './engagement-labels.tsx';
import { type EngagementFilter, type EngagementListItem, useEngagements } from './engagements-api.ts';

function LedgerSummary(props: { item: EngagementListItem }) {
  const states = DISCLOSURE_STATES.filter((s) => props.item.disclosureCounts[s] > 0);
  if (states.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap={4}>
      {states.map((s) => (
        <Group key={s} gap={2} wrap="nowrap">
          <DisclosureStateBadge state={s} size="xs" />
          {props.item.disclosureCounts[s] > 1 && (
            <Text size="xs" c="dimmed">
              ×{props.item.disclosureCounts[s]}
            </Text>
          )}
        </Group>
      ))}
    </Group>
  );
}

export function EngagementsTab(props: { incident: Incident }) {
  const { incident } = props;
  const [kind, setKind] = useState<EngagementKind | null>(null);
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const filter: EngagementFilter = useMemo(
    () => ({ kind: kind ?? undefined, organizationId: organizationId ?? undefined }),
    [kind, organizationId],
  );
  const list = useEngagements(incident.id, filter);
  const organizations = useAllOrganizations();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const canCreate = list.data?.pages[0]?.abilities.create ?? false;
  const filtered = !!kind || !!organizationId;

  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Title order={4}>Engagements</Title>
          <Text size="sm" c="dimmed">
            Meetings, calls and letters with outside organizations, and what each organization disclosed in them.
          </Text>
        </div>
        <Group gap="xs">
          <Button
            component={Link}
            to={`/incidents/${incident.id}/disclosures`}
            variant="default"
            leftSection={<IconListSearch size={16} />}
          >
            Disclosures by topic
          </Button>
          {canCreate && (
            <Button component={Link} to={`/incidents/${incident.id}/engagements/new`} leftSection={<IconPlus size={16} />}>
              Record engagement
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="md" mb="lg" wrap="wrap">
        <Select
          aria-label="Kind of engagement"
          placeholder="Any kind"
          clearable
          data={ENGAGEMENT_KINDS.map((k) => ({ value: k, label: ENGAGEMENT_KIND_LABELS[k] }))}
          value={kind}
          onChange={(v) => setKind(v as EngagementKind | null)}
          w={200}
        />
        <Select
          aria-label="Organization"
          placeholder="Any organization"
          clearable
          searchable
          data={(organizations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          value={organizationId}
          onChange={setOrganizationId}
          w={260}
        />
      </Group>
      {list.isPending ? (
        <LoadingState rows={5} label="Loading engagements" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconUsers size={26} />}
          title={filtered ? 'No engagement matches' : 'No engagements recorded yet'}
          message={
            filtered
              ? 'Clear a filter to see more.'
              : 'Record each meeting, call or letter with the organizations involved: who attended, what was agreed, and what they disclosed or kept back.'
          }
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table data-testid="engagements-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Engagement</Table.Th>
                  <Table.Th>Organizations</Table.Th>
                  <Table.Th>Disclosure ledger</Table.Th>
                  <Table.Th>Open actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id} data-testid="engagement-row">
                    <Table.Td>
                      <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                        {engagementDate(item, { zone: false })}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {item.timeZone}
                      </Text>
                    </Table.Td>
                    <Table.Td miw={220}>
                      <Group gap="xs" wrap="nowrap" align="flex-start">
                        <ThemeIcon variant="light" color="navy" size="md" radius="xl" aria-hidden>
                          {KIND_ICONS[item.kind]}
                        </ThemeIcon>
                        <Stack gap={2}>
                          <Anchor component={Link} to={`/engagements/${item.id}`} size="sm" fw={600}>
                            {item.title}
                          </Anchor>
                          <Group gap={6}>
                            <Text size="xs" c="dimmed">
                              {ENGAGEMENT_KIND_LABELS[item.kind]}
                              {item.location ? ` · ${item.location}` : ''}
                            </Text>
                            <TlpBadge tlp={item.tlp} size="xs" />
                          </Group>
                        </Stack>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{item.organizations.map((o) => o.name).join(', ') || '—'}</Text>
                      <Text size="xs" c="dimmed">
                        {item.attendeeCount === 1 ? '1 attendee' : `${item.attendeeCount} attendees`}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <LedgerSummary item={item} />
                    </Table.Td>
                    <Table.Td>
                      {item.openActionCount > 0 ? (
                        <Badge color="orange" variant="light">
                          {item.openActionCount} open
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          None
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            shown={items.length}
            noun="engagements"
            hasMore={!!list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => list.fetchNextPage()}
          />
        </>
      )}
    </Card>
  );
}
