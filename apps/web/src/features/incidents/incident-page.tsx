/**
 * One incident. CERT staff get the full record in tabs; a user of an outside organization
 * that takes part gets the portal view, limited to what is shared with it.
 */
import { Button, Tabs } from '@mantine/core';
import { IconFileUnknown } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { AffectedPersonsTab } from '../affected-persons/affected-persons-tab.tsx';
import { EngagementsTab } from '../engagements/engagements-tab.tsx';
import { IncidentNoticesTab } from '../notices/incident-notices-tab.tsx';
import { IncidentObligationsTab } from '../obligations/incident-obligations-tab.tsx';
import { PortalIncidentView } from '../portal/portal-incident-view.tsx';
import { IncidentReportsTab } from '../reports/incident-reports-tab.tsx';
import { usePermissions } from '../session/use-me.ts';
import { ChronologyTab } from '../timeline/chronology-tab.tsx';
import { EditIncidentModal } from './edit-incident-modal.tsx';
import { IncidentHeader } from './incident-header.tsx';
import { type Incident, useIncident } from './incidents-api.ts';
import { useMembers } from './members-api.ts';
import { MembersTab } from './members-tab.tsx';
import { OverviewTab } from './overview-tab.tsx';
import { ParticipantsTab } from './participants-tab.tsx';
import { StatusControl } from './status-control.tsx';

const TABS = ['overview', 'participants', 'chronology', 'engagements', 'notices', 'obligations', 'reports', 'register', 'members'] as const;
type Tab = (typeof TABS)[number];

function StaffIncident(props: { incident: Incident; onReload: () => void }) {
  const { incident } = props;
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const members = useMembers(incident.id);
  // The members list is offered once the server has it; until then the tab stays away.
  const hasMembers = !(members.isError && isApiError(members.error) && members.error.status === 404);
  const hasEngagements = usePermissions().can('engagements.read');
  const hasNotices = usePermissions().can('notices.read');
  const hasObligations = usePermissions().can('obligations.read');
  const hasRegister = usePermissions().can('register.counts');
  const asked = params.get('tab') as Tab | null;
  const tab: Tab =
    asked &&
    TABS.includes(asked) &&
    (asked !== 'members' || hasMembers) &&
    (asked !== 'engagements' || hasEngagements) &&
    (asked !== 'notices' || hasNotices) &&
    (asked !== 'obligations' || hasObligations) &&
    (asked !== 'reports' || hasObligations) &&
    (asked !== 'register' || hasRegister)
      ? asked
      : 'overview';
  const select = (next: string | null) => setParams(next && next !== 'overview' ? { tab: next } : {}, { replace: true });

  return (
    <>
      <IncidentHeader
        incident={incident}
        listLabel="Incidents"
        actions={<StatusControl incident={incident} onReload={props.onReload} />}
        onEdit={incident.abilities.update ? () => setEditing(true) : undefined}
      />
      <Tabs value={tab} onChange={select} keepMounted={false} styles={{ tab: { paddingInline: 'var(--mantine-spacing-sm)' } }}>
        {/* One row of tabs: with every module's tab they no longer fit at 1280 px, and a lone tab on a second row reads as a different kind of thing. */}
        <Tabs.List mb="lg" style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="participants">Participants</Tabs.Tab>
          <Tabs.Tab value="chronology">Chronology</Tabs.Tab>
          {hasEngagements && <Tabs.Tab value="engagements">Engagements</Tabs.Tab>}
          {hasNotices && <Tabs.Tab value="notices">Notices</Tabs.Tab>}
          {hasObligations && <Tabs.Tab value="obligations">Obligations</Tabs.Tab>}
          {hasObligations && <Tabs.Tab value="reports">Reports</Tabs.Tab>}
          {hasRegister && <Tabs.Tab value="register">Affected persons</Tabs.Tab>}
          {hasMembers && <Tabs.Tab value="members">Members</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="overview">
          <OverviewTab incident={incident} onReload={props.onReload} />
        </Tabs.Panel>
        <Tabs.Panel value="participants">
          <ParticipantsTab incident={incident} />
        </Tabs.Panel>
        <Tabs.Panel value="chronology">
          <ChronologyTab incident={incident} />
        </Tabs.Panel>
        {hasEngagements && (
          <Tabs.Panel value="engagements">
            <EngagementsTab incident={incident} />
          </Tabs.Panel>
        )}
        {hasNotices && (
          <Tabs.Panel value="notices">
            <IncidentNoticesTab incident={incident} />
          </Tabs.Panel>
        )}
        {hasObligations && (
          <Tabs.Panel value="obligations">
            <IncidentObligationsTab incident={incident} />
          </Tabs.Panel>
        )}
        {hasObligations && (
          <Tabs.Panel value="reports">
            <IncidentReportsTab incident={incident} />
          </Tabs.Panel>
        )}
        {hasRegister && (
          <Tabs.Panel value="register">
            <AffectedPersonsTab incident={incident} />
          </Tabs.Panel>
        )}
        {hasMembers && (
          <Tabs.Panel value="members">
            <MembersTab incident={incident} />
          </Tabs.Panel>
        )}
      </Tabs>
      <EditIncidentModal incident={incident} opened={editing} onClose={() => setEditing(false)} onReload={props.onReload} />
    </>
  );
}

function IncidentView(props: { id: string }) {
  const incident = useIncident(props.id);
  if (incident.isPending) return <LoadingState rows={8} label="Loading incident" />;
  if (incident.isError) {
    if (isApiError(incident.error) && (incident.error.status === 404 || incident.error.code === 'request.invalid'))
      return (
        <EmptyState
          icon={<IconFileUnknown size={26} />}
          title="Incident not found"
          message="It does not exist, or it has not been shared with you."
          action={
            <Button component={Link} to="/incidents" variant="light">
              Back to incidents
            </Button>
          }
        />
      );
    return <ErrorState error={incident.error} onRetry={() => incident.refetch()} />;
  }
  const reload = () => void incident.refetch();
  if (incident.data.participation) return <PortalIncidentView incident={incident.data} />;
  return <StaffIncident incident={incident.data} onReload={reload} />;
}

export function IncidentPage() {
  const { id } = useParams();
  return (
    <RequirePermission permission="incidents.read">
      <IncidentView key={id} id={id ?? ''} />
    </RequirePermission>
  );
}
