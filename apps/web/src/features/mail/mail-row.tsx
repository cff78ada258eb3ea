/** One message of the outbox as a table row that opens to show the text as it is (or would be) sent. */
import { Anchor, Badge, Code, Collapse, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { MAIL_KIND_LABELS, MAIL_STATE_LABELS, type MailState } from '#shared/contracts/mail';
import { formatDateTime } from '../../lib/format-time.ts';
import type { MailMessage } from './mail-api.ts';
import { MailBounces } from './mail-bounces.tsx';

const STATE_COLORS: Record<MailState, string> = { queued: 'blue', sent: 'teal', failed: 'red', outbox_only: 'gray', bounced: 'orange' };

export function MailStateBadge(props: { state: MailState }) {
  return (
    <Badge variant="light" color={STATE_COLORS[props.state]}>
      {MAIL_STATE_LABELS[props.state]}
    </Badge>
  );
}

function Detail(props: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={130} style={{ flexShrink: 0 }}>
        {props.label}
      </Text>
      <Text size="xs" component="div" style={{ wordBreak: 'break-word' }}>
        {props.children}
      </Text>
    </Group>
  );
}

export function MailRow(props: { message: MailMessage; open: boolean; onToggle: () => void }) {
  const { message } = props;
  // A failure is the point of the row; an error before a later success is history, shown quietly.
  const earlier = (message.state === 'sent' || message.state === 'bounced') && message.rejectedRecipients.length === 0;
  return (
    <>
      <Table.Tr data-testid="mail-row" className="clickable-row" onClick={props.onToggle} aria-expanded={props.open}>
        <Table.Td w={36}>
          <UnstyledButton
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle();
            }}
            aria-label={props.open ? 'Hide message' : 'Show message'}
            style={{ display: 'flex' }}
          >
            {props.open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </UnstyledButton>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(message.createdAt)}</Table.Td>
        <Table.Td miw={320}>
          <Text size="sm" fw={500}>
            {message.subject}
          </Text>
          <Text size="xs" c="dimmed">
            {MAIL_KIND_LABELS[message.kind]} · to {message.recipients.join(', ')}
          </Text>
          {message.lastError && (
            <Text size="xs" c={earlier ? 'dimmed' : 'red'} lineClamp={2} title={message.lastError} data-testid="mail-error">
              {earlier ? 'Earlier attempt: ' : ''}
              {message.lastError}
            </Text>
          )}
          <MailBounces bounces={message.bounces} />
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          {message.noticeId ? (
            <Anchor component={Link} to={`/notices/${message.noticeId}`} size="sm" onClick={(e) => e.stopPropagation()}>
              {message.noticeReference ?? 'Notice'}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
        </Table.Td>
        <Table.Td miw={140}>
          <MailStateBadge state={message.state} />
        </Table.Td>
        <Table.Td ta="right">{message.attempts}</Table.Td>
      </Table.Tr>
      <Table.Tr style={{ display: props.open ? undefined : 'none' }}>
        <Table.Td colSpan={6} bg="gray.0" p={0}>
          <Collapse expanded={props.open}>
            <Stack gap="xs" p="md">
              <Detail label="To">{message.recipients.join(', ')}</Detail>
              {message.rejectedRecipients.length > 0 && <Detail label="Refused by server">{message.rejectedRecipients.join(', ')}</Detail>}
              <Detail label="Attempts">{message.attempts}</Detail>
              <Detail label="Last attempt">{formatDateTime(message.lastAttemptAt)}</Detail>
              {message.lastError && <Detail label="Last error">{message.lastError}</Detail>}
              <Detail label="Sent">{formatDateTime(message.sentAt)}</Detail>
              {message.smtpResponse && <Detail label="Server answered">{message.smtpResponse}</Detail>}
              {message.smtpMessageId && <Detail label="Message-ID">{message.smtpMessageId}</Detail>}
              <Detail label="Link">
                <Anchor href={message.url} size="xs">
                  {message.url}
                </Anchor>
              </Detail>
              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="mail-text">
                {`Subject: ${message.subject}\n\n${message.text}`}
              </Code>
            </Stack>
          </Collapse>
        </Table.Td>
      </Table.Tr>
    </>
  );
}
