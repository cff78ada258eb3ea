/**
 * The incident's obligations, per participating organization: what the law asks of each,
 * by when and whether it was met, with the facts they are computed from. Staff who may
 * change the incident and enter facts edit them here; the organization itself sees its
 * own, read only (PortalObligationsCard). After facts are saved the list is refetched for
 * a short while, as the server recomputes a moment later.
 */
import { Alert, Button, Card, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconGavel, IconPencil } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import type { Incident } from '../incidents/incidents-api.ts';
import { usePermissions } from '../session/use-me.ts';
import { ExplainDrawer } from './explain-drawer.tsx';
import { FactsModal, FactsTable } from './facts-editor.tsx';
import { exportUrl, type Obligation, type ObligationFactsView, useObligationFacts, useObligations } from './obligations-api.ts';
import { OrganizationObligations } from './organization-obligations.tsx';

/** How long the list is refetched after a save, and how often: the job runs within seconds. */
const RECOMPUTE_WATCH_MS = 12_000;
const RECOMPUTE_POLL_MS = 2_000;

function useRecomputeWatch() {
  const [until, setUntil] = useState(0);
  const watching = until > 0;
  useEffect(() => {
    if (!until) return;
    const timer = window.setTimeout(() => setUntil(0), Math.max(0, until - Date.now()));
    return () => window.clearTimeout(timer);
  }, [until]);
  return { watching, start: () => setUntil(Date.now() + RECOMPUTE_WATCH_MS) };
}

function OrganizationSection(props: {
  incidentId: string;
  view: ObligationFactsView;
  obligations: Obligation[];
  noticeBase: string;
  canEditFacts: boolean;
  onEditFacts: (view: ObligationFactsView) => void;
  onExplain: (o: Obligation) => void;
  /** Inside the organization's own card (the portal): no card of its own, no name above it. */
  own: boolean;
}) {
  const { view } = props;
  return (
    <Card
      padding={props.own ? 0 : 'lg'}
      withBorder={!props.own}
      data-testid="organization-obligations"
      data-organization={view.organization.name}
    >
      {!props.own && (
        <Title order={4} mb="sm">
          {view.organization.name}
        </Title>
      )}
      <OrganizationObligations items={props.obligations} noticeBase={props.noticeBase} onExplain={props.onExplain} />
      <Divider my="md" />
      <Group justify="space-between" align="center" mb="xs">
        <Title order={5}>Facts</Title>
        {props.canEditFacts && (
          <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={() => props.onEditFacts(view)}>
            Edit facts
          </Button>
        )}
      </Group>
      <FactsTable view={view} />
    </Card>
  );
}

export function IncidentObligations(props: {
  incidentId: string;
  canEditFacts: boolean;
  noticeBase: string;
  intro: string;
  own?: boolean;
}) {
  const { incidentId } = props;
  const recompute = useRecomputeWatch();
  const facts = useObligationFacts(incidentId);
  const list = useObligations({ incidentId }, { refetchInterval: recompute.watching ? RECOMPUTE_POLL_MS : false });
  const [editing, setEditing] = useState<ObligationFactsView | null>(null);
  const [explaining, setExplaining] = useState<Obligation | null>(null);

  if (facts.isPending || list.isPending) return <LoadingState rows={6} label="Loading obligations" />;
  if (facts.isError) return <ErrorState error={facts.error} onRetry={() => facts.refetch()} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;

  const views = facts.data;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={760}>
          {props.intro} Times are shown on your clock; each explanation says which zone the law’s days were counted in.
        </Text>
        {list.data.length > 0 && (
          <Button
            component="a"
            href={exportUrl({ incidentId })}
            download
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} />}
          >
            Download CSV
          </Button>
        )}
      </Group>
      {recompute.watching && (
        <Alert variant="light" color="navy" icon={<Loader size={18} />} data-testid="recomputing">
          Obligations are being recomputed from the new facts; this list refreshes by itself.
        </Alert>
      )}
      {views.length === 0 ? (
        <EmptyState
          icon={<IconGavel size={26} />}
          title="No organization takes part yet"
          message="Obligations are computed for each outside organization taking part in the incident, once it is added as a participant."
        />
      ) : (
        views.map((view) => (
          <OrganizationSection
            key={view.organization.id}
            incidentId={incidentId}
            view={view}
            obligations={list.data.filter((o) => o.organization.id === view.organization.id)}
            noticeBase={props.noticeBase}
            canEditFacts={props.canEditFacts}
            onEditFacts={setEditing}
            onExplain={setExplaining}
            own={props.own ?? false}
          />
        ))
      )}
      <FactsModal incidentId={incidentId} view={editing} onClose={() => setEditing(null)} onSaved={recompute.start} />
      <ExplainDrawer
        obligationId={explaining?.id ?? null}
        title={explaining ? `Why: ${explaining.rule.code} for ${explaining.organization.name}` : ''}
        onClose={() => setExplaining(null)}
      />
    </Stack>
  );
}

/** The staff tab: facts are edited by those who may enter them and change this incident. */
export function IncidentObligationsTab(props: { incident: Incident }) {
  const { can } = usePermissions();
  return (
    <IncidentObligations
      incidentId={props.incident.id}
      canEditFacts={can('obligations.facts') && props.incident.abilities.update}
      noticeBase="/notices"
      intro="What the law asks of each organization taking part, computed from the incident and the facts entered for the organization."
    />
  );
}

/** The organization's own obligations in the portal view of the incident, read only. */
export function PortalObligationsCard(props: { incidentId: string }) {
  return (
    <Card padding="lg" data-testid="portal-obligations">
      <Title order={4} mb="sm">
        Your reporting obligations
      </Title>
      <IncidentObligations
        incidentId={props.incidentId}
        canEditFacts={false}
        own
        noticeBase="/portal/notices"
        intro="What the law asks of your organization in this incident, as the CERT has computed it from the facts it holds. Tell the CERT if a fact is wrong."
      />
    </Card>
  );
}
