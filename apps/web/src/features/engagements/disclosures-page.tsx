/**
 * The disclosure ledger of an incident by topic: per organization, what happened on the
 * topic in each engagement, in date order — "in the meetings of 26 July and 11 September
 * no mention was made of the vulnerability" as rows that can be shown and cited.
 */
import { Anchor, Breadcrumbs, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileUnknown, IconListSearch, IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { DISCLOSURE_STATES, type DisclosureState } from '#shared/contracts/engagements';
import { isApiError } from '../../api/api-error.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { useIncident } from '../incidents/incidents-api.ts';
import { DISCLOSURE_STATE_LABELS, DisclosureStateBadge, ENGAGEMENT_KIND_LABELS, engagementDate } from './engagement-labels.tsx';
import { type DisclosureLedger, useDisclosures } from './engagements-api.ts';

type Topic = DisclosureLedger['topics'][number];

function TopicCard(props: { topic: Topic }) {
  const { topic } = props;
  return (
    <Card padding="lg" data-testid="disclosure-topic">
      <Title order={4} mb="sm">
        {topic.label}
      </Title>
      <Stack gap="lg">
        {topic.organizations.map((thread) => (
          <div key={thread.organization.id}>
            <Group gap="xs" mb={6}>
              <Text fw={600} size="sm">
                {thread.organization.name}
              </Text>
              <Text size="xs" c="dimmed">
                latest:
              </Text>
              <DisclosureStateBadge state={thread.latestState} size="xs" />
            </Group>
            <Table.ScrollContainer minWidth={620}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={200}>Date</Table.Th>
                    <Table.Th>Engagement</Table.Th>
                    <Table.Th w={120}>State</Table.Th>
                    <Table.Th>Statement or detail</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {thread.entries.map((entry) => (
                    <Table.Tr key={entry.id} data-testid="disclosure-entry">
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {engagementDate(entry.engagement, { zone: false })}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/engagements/${entry.engagement.id}`} size="sm" fw={500}>
                          {entry.engagement.title}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {ENGAGEMENT_KIND_LABELS[entry.engagement.kind]}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <DisclosureStateBadge state={entry.state} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={entry.detail ? undefined : 'dimmed'}>
                          {entry.detail || '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </div>
        ))}
      </Stack>
    </Card>
  );
}

function Disclosures(props: { incidentId: string }) {
  const [params, setParams] = useSearchParams();
  const [topic, setTopic] = useState(params.get('topic') ?? '');
  const [debounced] = useDebouncedValue(topic.trim(), 300);
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const [state, setState] = useState<DisclosureState | null>(null);
  const incident = useIncident(props.incidentId);
  // The whole ledger names the organizations to filter by; the filtered one is what is shown.
  const all = useDisclosures(props.incidentId, {});
  const filter = useMemo(
    () => ({
      topic: /[\p{L}\p{N}]/u.test(debounced) ? debounced : undefined,
      organizationId: organizationId ?? undefined,
      state: state ?? undefined,
    }),
    [debounced, organizationId, state],
  );
  const ledger = useDisclosures(props.incidentId, filter);
  useEffect(() => {
    setParams(debounced ? { topic: debounced } : {}, { replace: true });
  }, [debounced, setParams]);
  const organizations = useMemo(() => {
    const seen = new Map<string, string>();
    for (const t of all.data?.topics ?? []) for (const o of t.organizations) seen.set(o.organization.id, o.organization.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [all.data]);
  const filtered = !!filter.topic || !!organizationId || !!state;

  if (incident.isError && isApiError(incident.error) && (incident.error.status === 404 || incident.error.code === 'request.invalid'))
    return (
      <EmptyState
        icon={<IconFileUnknown size={26} />}
        title="Incident not found"
        message="It does not exist, or it has not been shared with you."
      />
    );

  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs>
            <Anchor component={Link} to="/incidents" size="sm">
              Incidents
            </Anchor>
            <Anchor component={Link} to={`/incidents/${props.incidentId}?tab=engagements`} size="sm" ff="monospace">
              {incident.data?.reference ?? 'Incident'}
            </Anchor>
            <Text size="sm">Disclosures by topic</Text>
          </Breadcrumbs>
        }
        title="Disclosures by topic"
        description="For each topic and organization, what was disclosed, withheld, not asked or refused, engagement by engagement."
      />
      <Card padding="md" mb="lg">
        <Group gap="md" wrap="wrap" align="flex-end">
          <TextInput
            label="Topic"
            placeholder="e.g. vulnerability"
            leftSection={<IconSearch size={16} />}
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
            maxLength={300}
            w={300}
          />
          <Select
            label="Organization"
            placeholder="Any"
            clearable
            data={organizations}
            value={organizationId}
            onChange={setOrganizationId}
            w={240}
          />
          <Select
            label="State"
            placeholder="Any"
            clearable
            data={DISCLOSURE_STATES.map((s) => ({ value: s, label: DISCLOSURE_STATE_LABELS[s] }))}
            value={state}
            onChange={(s) => setState(s as DisclosureState | null)}
            w={180}
          />
        </Group>
      </Card>
      {ledger.isPending ? (
        <LoadingState rows={6} label="Loading the ledger" />
      ) : ledger.isError ? (
        <ErrorState error={ledger.error} onRetry={() => ledger.refetch()} />
      ) : ledger.data.topics.length === 0 ? (
        <EmptyState
          icon={<IconListSearch size={26} />}
          title={filtered ? 'Nothing on this topic' : 'The ledger is empty'}
          message={
            filtered
              ? 'No engagement records this topic for the organization and state chosen. A topic matches by whole words.'
              : 'Record engagements with their disclosure ledger to see here, per topic, what each organization said and when.'
          }
        />
      ) : (
        <Stack gap="lg" data-testid="disclosure-topics">
          {ledger.data.topics.map((t) => (
            <TopicCard key={t.key} topic={t} />
          ))}
        </Stack>
      )}
    </>
  );
}

export function DisclosuresPage() {
  const { id } = useParams();
  return (
    <RequirePermission permission="engagements.read">
      <Disclosures key={id} incidentId={id ?? ''} />
    </RequirePermission>
  );
}
