/** The side cards of a notice page: the clarification chain, the PDF, escalations and the mail sent about it. */
import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCornerDownRight, IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { MAIL_KIND_LABELS, MAIL_STATE_LABELS, type MailState } from '#shared/contracts/mail';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { MailBounces } from '../mail/mail-bounces.tsx';
import { NoticeStatusBadge } from './notice-labels.tsx';
import { type ChainLink, type Notice, noticePdfUrl, useNoticeMail } from './notices-api.ts';

export function SideCard(props: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card padding="lg" data-testid={props.testId}>
      <Title order={5} mb="sm">
        {props.title}
      </Title>
      {props.children}
    </Card>
  );
}

function ChainRow(props: { link: ChainLink; base: string; current?: boolean; depth: number }) {
  const { link } = props;
  const name = link.reference ?? 'Draft';
  return (
    <Group gap={6} wrap="nowrap" pl={props.depth * 14} align="flex-start" data-testid="chain-link">
      {props.depth > 0 && <IconCornerDownRight size={14} style={{ marginTop: 3, flexShrink: 0 }} aria-hidden />}
      <div style={{ minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          {props.current ? (
            <Text size="sm" fw={700} ff="monospace" aria-current="page">
              {name}
            </Text>
          ) : (
            <Anchor component={Link} to={`${props.base}/${link.id}`} size="sm" fw={600} ff="monospace">
              {name}
            </Anchor>
          )}
          <NoticeStatusBadge status={link.status} size="xs" />
        </Group>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {link.subject}
        </Text>
      </div>
    </Group>
  );
}

/** The notices this one follows up, this one, and those that follow it up; `base` is the path notices are linked under. */
export function ChainCard(props: { notice: Notice; base: string }) {
  const { notice } = props;
  const { ancestors, children } = notice.chain;
  if (ancestors.length === 0 && children.length === 0) return null;
  const self: ChainLink = { id: notice.id, reference: notice.reference, kind: notice.kind, status: notice.status, subject: notice.subject };
  return (
    <SideCard title="Clarification chain" testId="clarification-chain">
      <Stack gap="xs">
        {ancestors.map((a, i) => (
          <ChainRow key={a.id} link={a} base={props.base} depth={i} />
        ))}
        <ChainRow link={self} base={props.base} current depth={ancestors.length} />
        {children.map((c) => (
          <ChainRow key={c.id} link={c} base={props.base} depth={ancestors.length + 1} />
        ))}
      </Stack>
    </SideCard>
  );
}

export function RecipientList(props: { recipients: Notice['recipients'] }) {
  if (props.recipients.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None yet
      </Text>
    );
  return (
    <Stack gap={4}>
      {props.recipients.map((r) => (
        <div key={r.id}>
          <Text size="sm">{r.name}</Text>
          <Text size="xs" c="dimmed" fw={400} style={{ overflowWrap: 'anywhere' }}>
            {r.email}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

export function DocumentCard(props: { notice: Notice }) {
  const { notice } = props;
  return (
    <SideCard title="PDF" testId="notice-document">
      {notice.document ? (
        <Stack gap="xs">
          <Button
            component="a"
            href={noticePdfUrl(notice.id)}
            download
            leftSection={<IconDownload size={16} />}
            variant="light"
            aria-label={`Download the PDF of ${notice.reference ?? 'the notice'}`}
          >
            Download PDF
          </Button>
          <Text size="xs" c="dimmed">
            Made at issue, {formatDateTime(notice.document.createdAt)}; never regenerated.
          </Text>
          <div>
            <Text size="xs" fw={600}>
              SHA-256 of the content (printed on the PDF)
            </Text>
            <Text className="mono" fz={11} data-testid="content-sha256">
              {notice.document.contentSha256}
            </Text>
          </div>
          <div>
            <Text size="xs" fw={600}>
              SHA-256 of the PDF file
            </Text>
            <Text className="mono" fz={11} data-testid="pdf-sha256">
              {notice.document.pdfSha256}
            </Text>
          </div>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {notice.status === 'withdrawn'
            ? 'It was withdrawn before it was issued; no PDF was made.'
            : 'The PDF is made when the notice is issued.'}
        </Text>
      )}
    </SideCard>
  );
}

export function EscalationsCard(props: { notice: Notice }) {
  if (props.notice.escalations.length === 0) return null;
  return (
    <SideCard title="Escalations" testId="escalations">
      <Stack gap="sm">
        {props.notice.escalations.map((e) => (
          <Stack key={e.id} gap={2}>
            <Text size="sm" fw={600}>
              {e.provision}
            </Text>
            {e.note && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {e.note}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {formatDateTime(e.escalatedAt)}
              {e.escalatedBy ? ` · ${e.escalatedBy.name}` : ''}
            </Text>
          </Stack>
        ))}
      </Stack>
    </SideCard>
  );
}

const MAIL_COLORS: Record<MailState, string> = { queued: 'blue', sent: 'teal', failed: 'red', outbox_only: 'gray', bounced: 'orange' };

export function MailCard(props: { noticeId: string }) {
  const mail = useNoticeMail(props.noticeId, true);
  return (
    <SideCard title="Mail" testId="notice-mail">
      {mail.isPending ? (
        <LoadingState rows={2} label="Loading mail" />
      ) : mail.isError ? (
        <ErrorState error={mail.error} onRetry={() => mail.refetch()} />
      ) : mail.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No mail about this notice yet.
        </Text>
      ) : (
        <Stack gap="sm">
          {mail.data.map((m) => (
            <Stack key={m.id} gap={2}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={500}>
                  {MAIL_KIND_LABELS[m.kind]}
                </Text>
                <Badge color={MAIL_COLORS[m.state]} variant="light" size="sm">
                  {MAIL_STATE_LABELS[m.state]}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                To {m.recipients.join(', ')} · {m.sentAt ? `sent ${formatDateTime(m.sentAt)}` : `composed ${formatDateTime(m.createdAt)}`}
                {m.attempts > 1 ? ` · ${m.attempts} attempts` : ''}
              </Text>
              {m.rejectedRecipients.length > 0 && (
                <Text size="xs" c="red">
                  Refused by the receiving server: {m.rejectedRecipients.join(', ')}
                </Text>
              )}
              <MailBounces bounces={m.bounces} />
              {m.lastError && (m.state === 'failed' || m.state === 'queued') && (
                <Text size="xs" c="red">
                  {m.lastError}
                </Text>
              )}
            </Stack>
          ))}
          <Anchor component={Link} to="/admin/outbox" size="xs">
            The outbox
          </Anchor>
        </Stack>
      )}
    </SideCard>
  );
}
