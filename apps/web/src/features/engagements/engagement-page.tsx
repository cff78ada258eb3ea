/**
 * One engagement: when and where, who attended for which organization, agenda and
 * minutes, follow-up actions, and the disclosure ledger with a state per topic.
 */
import { Anchor, Badge, Breadcrumbs, Button, Card, Grid, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconFileUnknown, IconHistory, IconPencil } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateAtPrecision } from '#shared/dates';
import { isApiError } from '../../api/api-error.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { MarkdownView } from '../../components/markdown-view.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { formatDate, formatDateTime } from '../../lib/format-time.ts';
import { TlpBadge } from '../incidents/incident-badges.tsx';
import { useIncident } from '../incidents/incidents-api.ts';
import { Fact } from '../incidents/overview-tab.tsx';
import { useRevisions } from '../timeline/timeline-api.ts';
import { DisclosureStateBadge, ENGAGEMENT_KIND_LABELS, engagementDate, KIND_ICONS } from './engagement-labels.tsx';
import { type Engagement, useEngagement } from './engagements-api.ts';

/** A badge keeps its whole label; a narrow column wraps other text instead. */
const NO_SHRINK = { minWidth: 'max-content' } as const;

function byOrganization(attendees: Engagement['attendees']) {
  const groups: Array<{ organization: Engagement['attendees'][number]['organization']; people: Engagement['attendees'] }> = [];
  for (const a of attendees) {
    const group = groups.find((g) => g.organization.id === a.organization.id);
    if (group) group.people.push(a);
    else groups.push({ organization: a.organization, people: [a] });
  }
  return groups;
}

function Attendees(props: { engagement: Engagement }) {
  const groups = byOrganization(props.engagement.attendees);
  return (
    <Card padding="lg" data-testid="attendees">
      <Title order={4} mb="sm">
        {props.engagement.kind.startsWith('letter') || props.engagement.kind === 'email' ? 'People' : 'Attendees'}
      </Title>
      {groups.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody recorded.
        </Text>
      ) : (
        <Stack gap="md">
          {groups.map((g) => (
            <div key={g.organization.id}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4} mb={4}>
                {g.organization.name}
              </Text>
              <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {g.people.map((p) => (
                  <li key={p.id}>
                    <Text size="sm" fw={500} span>
                      {p.name}
                    </Text>
                    {p.role && (
                      <Text size="sm" c="dimmed" span>
                        {' '}
                        — {p.role}
                      </Text>
                    )}
                  </li>
                ))}
              </Stack>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function Actions(props: { engagement: Engagement }) {
  const { actions } = props.engagement;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card padding="lg">
      <Title order={4} mb="sm">
        Follow-up actions
      </Title>
      {actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          None agreed.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="actions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Action</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {actions.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>
                    <Text size="sm">{x.text}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{[x.ownerUser?.name, x.ownerOrganization?.name].filter(Boolean).join(', ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {x.dueOn ? formatDate(`${x.dueOn}T12:00:00Z`) : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {x.doneAt ? (
                      <Badge color="teal" variant="light" style={NO_SHRINK}>
                        Done {formatDate(x.doneAt)}
                      </Badge>
                    ) : x.dueOn && x.dueOn < today ? (
                      <Badge color="red" variant="light" style={NO_SHRINK}>
                        Overdue
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light" style={NO_SHRINK}>
                        Open
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function Ledger(props: { engagement: Engagement }) {
  const { disclosures, incidentId } = props.engagement;
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="sm" align="flex-start" wrap="nowrap">
        <div style={{ flex: 1 }}>
          <Title order={4}>Disclosure ledger</Title>
          <Text size="sm" c="dimmed">
            Per topic, what each organization disclosed, withheld, was not asked about or refused to say.
          </Text>
        </div>
        <Anchor component={Link} to={`/incidents/${incidentId}/disclosures`} size="sm" style={{ whiteSpace: 'nowrap' }}>
          All engagements by topic
        </Anchor>
      </Group>
      {disclosures.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing recorded in the ledger.
        </Text>
      ) : (
        // Fits the card beside the attendees on a laptop screen, so the detail column is not cut off.
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="ledger-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Topic</Table.Th>
                <Table.Th>Organization</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Statement or detail</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {disclosures.map((d) => (
                <Table.Tr key={d.id} data-testid="ledger-row">
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/incidents/${incidentId}/disclosures?topic=${encodeURIComponent(d.topic)}`}
                      size="sm"
                      fw={500}
                    >
                      {d.topic}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.organization.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <DisclosureStateBadge state={d.state} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={d.detail ? undefined : 'dimmed'}>
                      {d.detail || '—'}
                    </Text>
                    {d.sourceEntry && (
                      <Text size="xs" c="dimmed" fs="italic">
                        Source: {formatDateAtPrecision(d.sourceEntry.occurredAt, d.sourceEntry.precision, d.sourceEntry.timeZone)} —{' '}
                        {d.sourceEntry.text}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** Earlier dates and titles, kept when the engagement was corrected. */
function Corrections(props: { engagement: Engagement }) {
  const entry = props.engagement.chronologyEntry;
  const revisions = useRevisions(props.engagement.incidentId, entry && entry.revision > 1 ? entry.id : null);
  if (!entry || entry.revision < 2) return null;
  return (
    <Card padding="lg" data-testid="corrections">
      <Group gap="xs" mb="sm">
        <IconHistory size={18} />
        <Title order={4}>Corrections</Title>
      </Group>
      {revisions.isPending ? (
        <LoadingState rows={2} label="Loading corrections" />
      ) : revisions.isError ? (
        <ErrorState error={revisions.error} onRetry={() => revisions.refetch()} />
      ) : (
        <Stack gap="sm">
          {revisions.data.map((r) => (
            <div key={r.revision}>
              <Text size="sm">
                Was: {formatDateAtPrecision(r.occurredAt, r.precision as Engagement['precision'], r.timeZone)} — {r.text}
              </Text>
              <Text size="xs" c="dimmed">
                Corrected {formatDateTime(r.replacedAt)}
                {r.replacedBy ? ` by ${r.replacedBy}` : ''}
                {r.reason ? `: ${r.reason}` : ''}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function EngagementView(props: { engagement: Engagement }) {
  const { engagement: e } = props;
  const incident = useIncident(e.incidentId);
  return (
    <>
      <Stack gap={6} mb="lg">
        <Breadcrumbs>
          <Anchor component={Link} to="/incidents" size="sm">
            Incidents
          </Anchor>
          <Anchor component={Link} to={`/incidents/${e.incidentId}?tab=engagements`} size="sm" ff="monospace">
            {incident.data?.reference ?? 'Incident'}
          </Anchor>
          <Text size="sm">Engagement</Text>
        </Breadcrumbs>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
          <Stack gap={6} style={{ flex: 1, minWidth: 280 }}>
            <Group gap="xs">
              <Badge variant="light" color="navy" leftSection={KIND_ICONS[e.kind]} data-testid="engagement-kind">
                {ENGAGEMENT_KIND_LABELS[e.kind]}
              </Badge>
              <TlpBadge tlp={e.tlp} />
              {e.chronologyEntry && e.chronologyEntry.revision > 1 && (
                <Badge color="gray" variant="outline">
                  Corrected
                </Badge>
              )}
            </Group>
            <Title order={2} data-testid="engagement-title">
              {e.title}
            </Title>
          </Stack>
          {e.abilities.update && (
            <Button component={Link} to={`/engagements/${e.id}/edit`} leftSection={<IconPencil size={16} />}>
              Edit
            </Button>
          )}
        </Group>
      </Stack>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card padding="lg">
              <Group gap="xl" mb="md" wrap="wrap" align="flex-start">
                <Fact label="Date">
                  <span data-testid="engagement-date">{engagementDate(e)}</span>
                </Fact>
                <Fact label={e.kind === 'meeting' ? 'Place' : 'Channel'}>{e.location || '—'}</Fact>
                <Fact label="Incident">{incident.data ? `${incident.data.reference}: ${incident.data.title}` : '…'}</Fact>
              </Group>
              <Title order={5} mb={4}>
                Agenda
              </Title>
              <MarkdownView
                source={e.agenda}
                empty={
                  <Text size="sm" c="dimmed" mb="sm">
                    No agenda recorded.
                  </Text>
                }
              />
              <Title order={5} mb={4} mt="md">
                Minutes
              </Title>
              <MarkdownView
                source={e.minutes}
                empty={
                  <Text size="sm" c="dimmed">
                    No minutes recorded.
                  </Text>
                }
              />
            </Card>
            <Ledger engagement={e} />
            <Actions engagement={e} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Attendees engagement={e} />
            <Corrections engagement={e} />
            <Card padding="lg">
              <Stack gap="sm">
                <Fact label="Recorded">
                  {formatDateTime(e.createdAt)}
                  {e.createdBy ? ` by ${e.createdBy.name}` : ''}
                </Fact>
                {e.version > 1 && (
                  <Fact label="Last changed">
                    {formatDateTime(e.updatedAt)}
                    {e.updatedBy ? ` by ${e.updatedBy.name}` : ''}
                  </Fact>
                )}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function EngagementLoader(props: { id: string }) {
  const engagement = useEngagement(props.id);
  // Arriving from the long form (or a link low on another page), the page starts at its top.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, []);
  if (engagement.isPending) return <LoadingState rows={8} label="Loading engagement" />;
  if (engagement.isError) {
    if (isApiError(engagement.error) && (engagement.error.status === 404 || engagement.error.code === 'request.invalid'))
      return (
        <EmptyState
          icon={<IconFileUnknown size={26} />}
          title="Engagement not found"
          message="It does not exist, or its incident has not been shared with you."
          action={
            <Button component={Link} to="/incidents" variant="light">
              Back to incidents
            </Button>
          }
        />
      );
    return <ErrorState error={engagement.error} onRetry={() => engagement.refetch()} />;
  }
  return <EngagementView engagement={engagement.data} />;
}

export function EngagementPage() {
  const { id } = useParams();
  return (
    <RequirePermission permission="engagements.read">
      <EngagementLoader key={id} id={id ?? ''} />
    </RequirePermission>
  );
}
