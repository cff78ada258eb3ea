/**
 * An incident as an outside organization sees it: the summary, status, marking, key
 * times, its own role, and the chronology entries the CERT shared with it. No staff
 * controls, no other organizations.
 */
import { Alert, Card, Grid, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconTimeline } from '@tabler/icons-react';
import { PARTICIPANT_ROLE_LABELS } from '#shared/incidents';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { MarkdownView } from '../../components/markdown-view.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { SuppliedPersonsCard } from '../affected-persons/supplied-persons-card.tsx';
import { IncidentHeader } from '../incidents/incident-header.tsx';
import type { Incident } from '../incidents/incidents-api.ts';
import { KeyTimesList } from '../incidents/key-times-list.tsx';
import { Fact } from '../incidents/overview-tab.tsx';
import { PortalObligationsCard } from '../obligations/incident-obligations-tab.tsx';
import { useMe } from '../session/use-me.ts';
import { ChronologyList } from '../timeline/chronology-list.tsx';
import { useTimeline } from '../timeline/timeline-api.ts';
import { PortalNoticesCard } from './notices/portal-notices-card.tsx';

export function PortalIncidentView(props: { incident: Incident }) {
  const { incident } = props;
  const me = useMe();
  const timeline = useTimeline(incident.id, {});
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const participation = incident.participation;

  return (
    <>
      <IncidentHeader incident={incident} listLabel="Your incidents" />
      <Alert variant="light" color="navy" icon={<IconInfoCircle size={20} />} mb="lg" data-testid="portal-notice">
        You see this incident because {me.user.organization.name} takes part in it
        {participation ? ` as ${PARTICIPANT_ROLE_LABELS[participation.role].toLowerCase()}` : ''}. The CERT shares the summary and the
        chronology entries below with you; respect the TLP marking of each.
      </Alert>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card padding="lg">
              <Title order={4} mb="sm">
                Summary
              </Title>
              <MarkdownView
                source={incident.summary}
                empty={
                  <Text size="sm" c="dimmed">
                    No summary has been shared.
                  </Text>
                }
              />
            </Card>
            <PortalNoticesCard incidentId={incident.id} title="Notices to you in this incident" />
            <PortalObligationsCard incidentId={incident.id} />
            <Card padding="lg">
              <Title order={4} mb="md">
                Chronology shared with you
              </Title>
              {timeline.isPending ? (
                <LoadingState rows={5} label="Loading the chronology" />
              ) : timeline.isError ? (
                <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} />
              ) : entries.length === 0 ? (
                <EmptyState
                  icon={<IconTimeline size={26} />}
                  title="Nothing shared yet"
                  message="Entries the CERT shares with your organization appear here."
                />
              ) : (
                <>
                  <ChronologyList entries={entries} />
                  <LoadMore
                    shown={entries.length}
                    noun="entries"
                    hasMore={!!timeline.hasNextPage}
                    loading={timeline.isFetchingNextPage}
                    onLoad={() => timeline.fetchNextPage()}
                  />
                </>
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card padding="lg">
              <Title order={4} mb="md">
                Your part
              </Title>
              <Stack gap="md">
                <Fact label="Organization">{me.user.organization.name}</Fact>
                {participation && <Fact label="Role">{PARTICIPANT_ROLE_LABELS[participation.role]}</Fact>}
                <Fact label="Notified">{participation?.notifiedAt ? formatDateTime(participation.notifiedAt) : '—'}</Fact>
              </Stack>
            </Card>
            <Card padding="lg">
              <Title order={4} mb="md">
                Key times
              </Title>
              <KeyTimesList keyTimes={incident.keyTimes} />
            </Card>
            <SuppliedPersonsCard incidentId={incident.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
