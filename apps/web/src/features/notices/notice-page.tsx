/**
 * One notice as the CERT sees it: where it stands (status, flags, the lifecycle, the due
 * time counting down on the viewer's clock), the steps the caller may take, each
 * question with the organization's answer and the CERT's assessments side by side, the
 * clarification chain, requests for more time, escalations, the PDF and its mail.
 */
import { Alert, Anchor, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { MarkdownView } from '../../components/markdown-view.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { TlpBadge } from '../incidents/incident-badges.tsx';
import { Fact } from '../incidents/overview-tab.tsx';
import { SaveErrorAlert } from '../incidents/version-conflict-alert.tsx';
import { useMe, usePermissions } from '../session/use-me.ts';
import { AnswersReview } from './answers-review.tsx';
import { DueCountdown } from './due-countdown.tsx';
import { basisDeadline } from './due-input.tsx';
import { DecideExtensionModal, ExtensionsList } from './extension-decision.tsx';
import { NoticeActions } from './notice-actions.tsx';
import { ChainCard, DocumentCard, EscalationsCard, MailCard, RecipientList, SideCard } from './notice-cards.tsx';
import { DUE_UNIT_LABELS, NOTICE_KIND_LABELS, NoticeFlags, NoticeStatusBadge, noticeTitle } from './notice-labels.tsx';
import { NoticeLifecycle } from './notice-lifecycle.tsx';
import { isMissing, NoticeCrumbs, NoticeNotFound } from './notice-nav.tsx';
import { type Extension, type Notice, useLegalBases, useNotice } from './notices-api.ts';

/** The due time of a draft, which is only known at issue unless it is fixed. */
function DraftDue(props: { notice: Notice }) {
  const n = props.notice;
  const bases = useLegalBases();
  if (n.dueAt) return <DueCountdown notice={n} size="md" />;
  const basis = bases.data?.find((b) => b.id === n.legalBasis?.id);
  let text: string;
  if (n.dueMode === 'fixed') text = 'No due time set yet.';
  else if (n.dueAmount && n.dueUnit) text = `Due ${n.dueAmount} ${DUE_UNIT_LABELS[n.dueUnit]} from issue (${n.timeZone}).`;
  else text = basis ? `${basisDeadline(basis)} Computed at issue (${n.timeZone}).` : 'Computed at issue from the legal basis.';
  return (
    <Text size="sm" c="dimmed" data-testid="due-countdown">
      {text}
    </Text>
  );
}

function StaffNotice(props: { notice: Notice; onReload: () => void }) {
  const { notice } = props;
  const { can } = usePermissions();
  const [actionError, setActionError] = useState<unknown>(null);
  const [deciding, setDeciding] = useState<Extension | null>(null);
  const parentId = notice.kind === 'clarification' ? (notice.chain.ancestors.at(-1)?.id ?? null) : null;
  const parent = useNotice(parentId ?? '', !!parentId);
  const followsUp = {
    reference: notice.chain.ancestors.at(-1)?.reference ?? null,
    positions: new Map((parent.data?.questions ?? []).map((q) => [q.id, q.position])),
  };
  const response = notice.response;

  return (
    <>
      <Stack gap={6} mb="lg">
        <NoticeCrumbs incident={notice.incident} last={<span style={{ fontFamily: 'monospace' }}>{noticeTitle(notice)}</span>} />
        <Group gap="xs">
          <NoticeStatusBadge status={notice.status} testId="notice-status" />
          <NoticeFlags overdue={notice.overdue} escalatedAt={notice.escalatedAt} />
          <TlpBadge tlp={notice.tlp} />
          <Text size="sm" c="dimmed">
            {NOTICE_KIND_LABELS[notice.kind]}
          </Text>
        </Group>
        <Title order={2} data-testid="notice-subject">
          {notice.subject}
        </Title>
        <Text size="sm" c="dimmed">
          To <strong>{notice.organization.name}</strong>
          {notice.legalBasis ? ` under ${notice.legalBasis.clause}, ${notice.legalBasis.instrument}` : ', no legal basis cited yet'}
          {' · '}
          <span style={{ fontFamily: 'monospace' }} data-testid="notice-reference">
            {notice.reference ?? 'reference assigned at issue'}
          </span>
        </Text>
        <DraftDue notice={notice} />
        <div style={{ marginTop: 8 }}>
          <NoticeActions notice={notice} onError={setActionError} />
        </div>
      </Stack>
      {!!actionError && (
        <div style={{ marginBottom: 16 }}>
          <SaveErrorAlert
            error={actionError}
            what="The step"
            onReload={() => {
              setActionError(null);
              props.onReload();
            }}
          />
        </div>
      )}
      {notice.status === 'withdrawn' && (
        <Alert color="red" variant="light" icon={<IconArrowBackUp size={18} />} mb="lg" title="Withdrawn">
          {formatDateTime(notice.withdrawnAt)}
          {notice.withdrawnBy ? ` by ${notice.withdrawnBy.name}` : ''}: {notice.withdrawnReason}
        </Alert>
      )}
      <Card padding="md" mb="lg">
        <NoticeLifecycle notice={notice} staff />
      </Card>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card padding="lg">
              <Title order={4} mb="sm">
                Text
              </Title>
              <MarkdownView
                source={notice.body}
                empty={
                  <Text size="sm" c="dimmed">
                    No body text.
                  </Text>
                }
              />
            </Card>
            <div>
              <Group justify="space-between" mb="xs" align="flex-end">
                <Title order={4}>Questions, answers and assessments</Title>
                <Text size="sm" c="dimmed" data-testid="response-state">
                  {response?.status === 'submitted'
                    ? `Response submitted ${formatDateTime(response.submittedAt)}${response.submittedBy ? ` by ${response.submittedBy.name}` : ''}`
                    : response
                      ? `${notice.organization.name} is drafting its response (last saved ${formatDateTime(response.updatedAt)})`
                      : notice.issuedAt
                        ? 'No response yet'
                        : ''}
                </Text>
              </Group>
              <AnswersReview notice={notice} followsUp={followsUp} />
            </div>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <SideCard title="Addressed to">
              <Stack gap="sm">
                <Fact label="Organization">
                  <Anchor component={Link} to={`/admin/organizations/${notice.organization.id}/compliance`} size="sm">
                    {notice.organization.name}
                  </Anchor>
                </Fact>
                <Fact label="Recipients">
                  <RecipientList recipients={notice.recipients} />
                </Fact>
                <Fact label="Incident">
                  <Anchor component={Link} to={`/incidents/${notice.incident.id}?tab=notices`} size="sm">
                    {notice.incident.reference}
                  </Anchor>{' '}
                  <Text span size="sm" fw={400}>
                    {notice.incident.title}
                  </Text>
                </Fact>
                <Fact label="Written by">
                  {notice.createdBy?.name ?? '—'}
                  {notice.updatedBy && notice.updatedBy.id !== notice.createdBy?.id ? `, last edited by ${notice.updatedBy.name}` : ''}
                </Fact>
              </Stack>
            </SideCard>
            <ChainCard notice={notice} base="/notices" />
            {(notice.extensions.length > 0 || notice.issuedAt) && (
              <SideCard title="More time" testId="extensions-card">
                <ExtensionsList notice={notice} onDecide={notice.abilities.decideExtension ? setDeciding : undefined} />
              </SideCard>
            )}
            <DocumentCard notice={notice} />
            <EscalationsCard notice={notice} />
            {notice.issuedAt && <MailCard noticeId={notice.id} />}
          </Stack>
        </Grid.Col>
      </Grid>
      {deciding && (
        <DecideExtensionModal
          notice={notice}
          extension={deciding}
          opened
          onClose={() => setDeciding(null)}
          onError={(error) => {
            setDeciding(null);
            setActionError(error);
          }}
        />
      )}
    </>
  );
}

function NoticeView(props: { id: string }) {
  const me = useMe();
  const notice = useNotice(props.id, me.user.organization.isHome);
  // A mail link or a bookmark may bring an organization's user here: its notices live in the portal.
  if (!me.user.organization.isHome) return <Navigate to={`/portal/notices/${props.id}`} replace />;
  let body: ReactNode;
  if (notice.isPending) body = <LoadingState rows={10} label="Loading notice" />;
  else if (notice.isError)
    body = isMissing(notice.error) ? <NoticeNotFound /> : <ErrorState error={notice.error} onRetry={() => notice.refetch()} />;
  else body = <StaffNotice notice={notice.data} onReload={() => void notice.refetch()} />;
  return body;
}

export function NoticePage() {
  const { id } = useParams();
  return (
    <RequirePermission permission="notices.read">
      <NoticeView key={id} id={id ?? ''} />
    </RequirePermission>
  );
}
