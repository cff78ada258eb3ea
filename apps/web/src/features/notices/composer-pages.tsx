/** The pages around the composer: a new notice from an incident, and changes to a draft. */
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { type ReactNode, useMemo } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { type Incident, useIncident } from '../incidents/incidents-api.ts';
import { localZone } from '../incidents/zoned-time.ts';
import { NoticeComposer } from './notice-composer.tsx';
import { draftFromNotice, emptyNoticeDraft, toCreateBody, toUpdateBody } from './notice-draft.ts';
import { noticeTitle } from './notice-labels.tsx';
import { isMissing, NoticeCrumbs, NoticeNotFound } from './notice-nav.tsx';
import { type Notice, useCreateNotice, useNotice, useUpdateNotice } from './notices-api.ts';

function NewNotice(props: { incident: Incident; organizationId: string | null }) {
  const { incident } = props;
  const navigate = useNavigate();
  const create = useCreateNotice(incident.id);
  const initial = useMemo(
    () => emptyNoticeDraft({ tlp: incident.tlp, zone: localZone(), organizationId: props.organizationId }),
    [incident.tlp, props.organizationId],
  );
  return (
    <>
      <PageHeader
        eyebrow={<NoticeCrumbs incident={incident} last="New notice" />}
        title="New notice"
        description={`A formal call under a law to one organization taking part in ${incident.reference}: ${incident.title}. It is saved as a draft; a second coordinator approves it before it is issued.`}
      />
      <NoticeComposer
        mode="create"
        incident={incident}
        initial={initial}
        saving={create.isPending}
        error={create.error}
        onCancel={() => navigate(`/incidents/${incident.id}?tab=notices`)}
        onSave={(draft) =>
          create.mutate(toCreateBody(draft), {
            onSuccess: (notice) => {
              notifications.show({ color: 'teal', message: 'Draft saved. It needs approval before it is issued.' });
              navigate(`/notices/${notice.id}`);
            },
          })
        }
      />
    </>
  );
}

export function NewNoticePage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const incident = useIncident(id ?? '');
  let body: ReactNode;
  if (incident.isPending) body = <LoadingState rows={8} label="Loading incident" />;
  else if (incident.isError)
    body = isMissing(incident.error) ? (
      <NoticeNotFound what="Incident" />
    ) : (
      <ErrorState error={incident.error} onRetry={() => incident.refetch()} />
    );
  else if (incident.data.participation) body = <NoticeNotFound what="Incident" />;
  else body = <NewNotice key={incident.data.id} incident={incident.data} organizationId={params.get('organization')} />;
  return <RequirePermission permission="notices.write">{body}</RequirePermission>;
}

function EditNotice(props: { notice: Notice; onReload: () => void }) {
  const { notice } = props;
  const navigate = useNavigate();
  const update = useUpdateNotice(notice.id);
  const parentId = notice.kind === 'clarification' ? (notice.chain.ancestors.at(-1)?.id ?? notice.parentId) : null;
  const parent = useNotice(parentId ?? '', !!parentId);
  const initial = useMemo(() => draftFromNotice(notice), [notice]);
  const follows = parentId
    ? {
        reference: notice.chain.ancestors.at(-1)?.reference ?? null,
        questions: new Map((parent.data?.questions ?? []).map((q) => [q.id, { position: q.position, text: q.text }])),
      }
    : undefined;
  return (
    <>
      <PageHeader
        eyebrow={<NoticeCrumbs incident={notice.incident} last={noticeTitle(notice)} />}
        title={`Edit: ${notice.subject}`}
        description={`To ${notice.organization.name}.`}
      />
      <NoticeComposer
        key={notice.version}
        mode="edit"
        incident={notice.incident}
        initial={initial}
        follows={follows}
        approved={notice.status === 'approved'}
        saving={update.isPending}
        error={update.error}
        onReload={() => {
          update.reset();
          props.onReload();
        }}
        onCancel={() => navigate(`/notices/${notice.id}`)}
        onSave={(draft) =>
          update.mutate(toUpdateBody(draft, notice.version), {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: 'Draft saved.' });
              navigate(`/notices/${notice.id}`);
            },
          })
        }
      />
    </>
  );
}

export function EditNoticePage() {
  const { id } = useParams();
  const notice = useNotice(id ?? '');
  let body: ReactNode;
  if (notice.isPending) body = <LoadingState rows={8} label="Loading notice" />;
  else if (notice.isError)
    body = isMissing(notice.error) ? <NoticeNotFound /> : <ErrorState error={notice.error} onRetry={() => notice.refetch()} />;
  else if (!notice.data.abilities.update)
    body = (
      <EmptyState
        icon={<IconLock size={26} />}
        title="This notice cannot be changed"
        message="Only a draft or an approved notice can be edited, by someone who may write its incident. Once issued its text is frozen."
        action={
          <Button component={Link} to={`/notices/${notice.data.id}`} variant="light">
            Back to the notice
          </Button>
        }
      />
    );
  else body = <EditNotice notice={notice.data} onReload={() => void notice.refetch()} />;
  return <RequirePermission permission="notices.write">{body}</RequirePermission>;
}
