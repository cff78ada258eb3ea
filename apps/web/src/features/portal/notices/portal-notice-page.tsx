/**
 * A notice as the organization it is addressed to sees it: the text, the legal basis,
 * the due time counting down on the reader's clock, the PDF, the answer form (or the
 * answers as submitted), requests for more time and the notices it follows up. Opening
 * it is what acknowledges receipt.
 */
import { Alert, Anchor, Breadcrumbs, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconClockPlus } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { ErrorState } from '../../../components/error-state.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { MarkdownView } from '../../../components/markdown-view.tsx';
import { RequirePermission } from '../../../components/require-permission.tsx';
import { formatDateTime } from '../../../lib/format-time.ts';
import { TlpBadge } from '../../incidents/incident-badges.tsx';
import { AttachmentList } from '../../notices/attachment-list.tsx';
import { DueCountdown } from '../../notices/due-countdown.tsx';
import { ExtensionsList } from '../../notices/extension-decision.tsx';
import { ChainCard, DocumentCard, RecipientList, SideCard } from '../../notices/notice-cards.tsx';
import { NOTICE_KIND_LABELS, NoticeFlags, NoticeStatusBadge, noticeTitle } from '../../notices/notice-labels.tsx';
import { NoticeLifecycle } from '../../notices/notice-lifecycle.tsx';
import { isMissing, NoticeNotFound } from '../../notices/notice-nav.tsx';
import { type Notice, useNotice } from '../../notices/notices-api.ts';
import { useMe } from '../../session/use-me.ts';
import { AnswerForm } from './answer-form.tsx';
import { ExtensionRequestModal } from './extension-request-modal.tsx';

function SubmittedAnswers(props: { notice: Notice }) {
  return (
    <Stack gap="sm" data-testid="submitted-answers">
      {props.notice.questions.map((q) => (
        <Card key={q.id} padding="md">
          <Text size="sm" fw={600} style={{ whiteSpace: 'pre-wrap' }}>
            {q.position}. {q.text}
          </Text>
          <Text size="sm" mt={6} style={{ whiteSpace: 'pre-wrap' }} c={q.answer?.text ? undefined : 'dimmed'}>
            {q.answer?.text || 'No answer.'}
          </Text>
          {q.answer && (
            <div style={{ marginTop: 6 }}>
              <AttachmentList attachments={q.answer.attachments} />
            </div>
          )}
        </Card>
      ))}
    </Stack>
  );
}

function ResponseSection(props: { notice: Notice; onReload: () => void }) {
  const { notice } = props;
  const response = notice.response;
  if (notice.abilities.respond) return <AnswerForm key={notice.id} notice={notice} onReload={props.onReload} />;
  if (response?.status === 'submitted')
    return (
      <>
        <Alert color="teal" variant="light" mb="sm" data-testid="response-submitted">
          Submitted {formatDateTime(response.submittedAt)}
          {response.submittedBy ? ` by ${response.submittedBy.name}` : ''}. The CERT assesses each answer and may ask for clarification in a
          new notice.
        </Alert>
        <SubmittedAnswers notice={notice} />
      </>
    );
  return (
    <Text size="sm" c="dimmed">
      {notice.status === 'withdrawn' ? 'The notice was withdrawn; it takes no answer.' : 'This notice takes no more answers.'}
    </Text>
  );
}

function PortalNotice(props: { notice: Notice; onReload: () => void }) {
  const { notice } = props;
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Stack gap={6} mb="lg">
        <Breadcrumbs>
          <Anchor component={Link} to="/portal/notices" size="sm">
            Notices
          </Anchor>
          <Text size="sm" ff="monospace" data-testid="notice-reference">
            {noticeTitle(notice)}
          </Text>
        </Breadcrumbs>
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
          To {notice.organization.name} · incident <span style={{ fontFamily: 'monospace' }}>{notice.incident.reference}</span>
          {notice.issuedAt ? ` · issued ${formatDateTime(notice.issuedAt)}` : ''}
        </Text>
        <Group justify="space-between" align="flex-end" wrap="wrap" mt={4}>
          <DueCountdown notice={notice} size="md" />
          {notice.abilities.requestExtension && (
            <Button variant="light" leftSection={<IconClockPlus size={16} />} onClick={() => setAsking(true)}>
              Ask for more time
            </Button>
          )}
        </Group>
      </Stack>
      {notice.status === 'withdrawn' && (
        <Alert color="red" variant="light" icon={<IconArrowBackUp size={18} />} mb="lg" title="Withdrawn by the CERT">
          {formatDateTime(notice.withdrawnAt)}
          {notice.withdrawnReason ? `: ${notice.withdrawnReason}` : ''}
        </Alert>
      )}
      <Card padding="md" mb="lg">
        <NoticeLifecycle notice={notice} staff={false} />
      </Card>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card padding="lg">
              {notice.legalBasis && (
                <>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.4}>
                    Legal basis
                  </Text>
                  <Text size="sm" fw={600}>
                    {notice.legalBasis.instrument}, {notice.legalBasis.clause}
                  </Text>
                  <Text size="sm" mb="md" style={{ lineHeight: 1.5 }}>
                    {notice.legalBasis.summary}
                  </Text>
                </>
              )}
              <MarkdownView source={notice.body} />
            </Card>
            <div>
              <Title order={4} mb="xs">
                Your response
              </Title>
              <ResponseSection notice={notice} onReload={props.onReload} />
            </div>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <DocumentCard notice={notice} />
            <ChainCard notice={notice} base="/portal/notices" />
            <SideCard title="More time" testId="extensions-card">
              <ExtensionsList notice={notice} />
            </SideCard>
            <SideCard title="Recipients">
              <RecipientList recipients={notice.recipients} />
            </SideCard>
          </Stack>
        </Grid.Col>
      </Grid>
      {asking && <ExtensionRequestModal notice={notice} opened onClose={() => setAsking(false)} />}
    </>
  );
}

function PortalNoticeView(props: { id: string }) {
  const me = useMe();
  const staff = me.user.organization.isHome;
  const notice = useNotice(props.id, !staff);
  if (staff) return <Navigate to={`/notices/${props.id}`} replace />;
  let body: ReactNode;
  if (notice.isPending) body = <LoadingState rows={10} label="Loading notice" />;
  else if (notice.isError)
    body = isMissing(notice.error) ? (
      <NoticeNotFound back={{ to: '/portal/notices', label: 'Back to your notices' }} />
    ) : (
      <ErrorState error={notice.error} onRetry={() => notice.refetch()} />
    );
  else body = <PortalNotice notice={notice.data} onReload={() => void notice.refetch()} />;
  return body;
}

export function PortalNoticePage() {
  const { id } = useParams();
  return (
    <RequirePermission permission="notices.read">
      <PortalNoticeView key={id} id={id ?? ''} />
    </RequirePermission>
  );
}
