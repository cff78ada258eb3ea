/** The pages around the engagement form: record a new one on an incident, or correct one. */
import { Anchor, Breadcrumbs, Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUnknown } from '@tabler/icons-react';
import { type ReactNode, useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/api-error.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { type Incident, useIncident } from '../incidents/incidents-api.ts';
import { localZone } from '../incidents/zoned-time.ts';
import { draftFromEngagement, emptyEngagementDraft } from './engagement-draft.ts';
import { EngagementForm } from './engagement-form.tsx';
import { type Engagement, useCreateEngagement, useEngagement, useUpdateEngagement } from './engagements-api.ts';

function NotFound(props: { what: string }) {
  return (
    <EmptyState
      icon={<IconFileUnknown size={26} />}
      title={`${props.what} not found`}
      message="It does not exist, or it has not been shared with you."
      action={
        <Button component={Link} to="/incidents" variant="light">
          Back to incidents
        </Button>
      }
    />
  );
}

const missing = (error: unknown) => isApiError(error) && (error.status === 404 || error.code === 'request.invalid');

function Crumbs(props: { incidentId: string; reference?: string; last: string }) {
  return (
    <Breadcrumbs>
      <Anchor component={Link} to="/incidents" size="sm">
        Incidents
      </Anchor>
      <Anchor component={Link} to={`/incidents/${props.incidentId}?tab=engagements`} size="sm" ff="monospace">
        {props.reference ?? 'Incident'}
      </Anchor>
      <Text size="sm">{props.last}</Text>
    </Breadcrumbs>
  );
}

function NewEngagement(props: { incident: Incident }) {
  const { incident } = props;
  const navigate = useNavigate();
  const create = useCreateEngagement(incident.id);
  const initial = useMemo(() => emptyEngagementDraft(localZone(), incident.tlp), [incident.tlp]);
  return (
    <>
      <PageHeader
        eyebrow={<Crumbs incidentId={incident.id} reference={incident.reference} last="New engagement" />}
        title="Record an engagement"
        description={`A meeting, call, letter or e-mail in ${incident.reference}: ${incident.title}. It enters the chronology at its date.`}
      />
      <EngagementForm
        incidentId={incident.id}
        initial={initial}
        saving={create.isPending}
        error={create.error}
        onCancel={() => navigate(`/incidents/${incident.id}?tab=engagements`)}
        onCreate={(body) =>
          create.mutate(body, {
            onSuccess: (e) => {
              notifications.show({ color: 'teal', message: 'Engagement recorded, and placed in the chronology.' });
              navigate(`/engagements/${e.id}`);
            },
          })
        }
      />
    </>
  );
}

export function NewEngagementPage() {
  const { id } = useParams();
  const incident = useIncident(id ?? '');
  let body: ReactNode;
  if (incident.isPending) body = <LoadingState rows={8} label="Loading incident" />;
  else if (incident.isError)
    body = missing(incident.error) ? (
      <NotFound what="Incident" />
    ) : (
      <ErrorState error={incident.error} onRetry={() => incident.refetch()} />
    );
  else body = <NewEngagement key={incident.data.id} incident={incident.data} />;
  return <RequirePermission permission="engagements.write">{body}</RequirePermission>;
}

function EditEngagement(props: { engagement: Engagement; onReload: () => void }) {
  const { engagement } = props;
  const navigate = useNavigate();
  const incident = useIncident(engagement.incidentId);
  const update = useUpdateEngagement(engagement.incidentId, engagement.id);
  const before = useMemo(() => ({ draft: draftFromEngagement(engagement), version: engagement.version }), [engagement]);
  return (
    <>
      <PageHeader
        eyebrow={<Crumbs incidentId={engagement.incidentId} reference={incident.data?.reference} last="Correct engagement" />}
        title={`Correct: ${engagement.title}`}
      />
      <EngagementForm
        key={engagement.version}
        incidentId={engagement.incidentId}
        before={before}
        initial={before.draft}
        saving={update.isPending}
        error={update.error}
        onReload={() => {
          update.reset();
          props.onReload();
        }}
        onCancel={() => navigate(`/engagements/${engagement.id}`)}
        onUpdate={(body) =>
          update.mutate(body, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: 'Engagement corrected.' });
              navigate(`/engagements/${engagement.id}`);
            },
          })
        }
      />
    </>
  );
}

export function EditEngagementPage() {
  const { id } = useParams();
  const engagement = useEngagement(id ?? '');
  let body: ReactNode;
  if (engagement.isPending) body = <LoadingState rows={8} label="Loading engagement" />;
  else if (engagement.isError)
    body = missing(engagement.error) ? (
      <NotFound what="Engagement" />
    ) : (
      <ErrorState error={engagement.error} onRetry={() => engagement.refetch()} />
    );
  else if (!engagement.data.abilities.update) body = <NotFound what="Engagement" />;
  else body = <EditEngagement engagement={engagement.data} onReload={() => void engagement.refetch()} />;
  return <RequirePermission permission="engagements.write">{body}</RequirePermission>;
}
