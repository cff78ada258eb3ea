/**
 * The outbox, for administrators: every message Casebook composed, with how its delivery
 * went. Without an SMTP server configured, messages stay here (Outbox only) for an
 * administrator to pass on by hand.
 */
import { Alert, Button, Card, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { IconInfoCircle, IconMail, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { MAIL_STATE_LABELS, MAIL_STATES, type MailState } from '#shared/contracts/mail';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { viewerTimeZone } from '../../lib/format-time.ts';
import { useOutboxPages } from './mail-api.ts';
import { MailRow } from './mail-row.tsx';

const STATE_FILTERS = [{ value: 'all', label: 'All' }, ...MAIL_STATES.map((s) => ({ value: s, label: MAIL_STATE_LABELS[s] }))];

function Outbox() {
  const [state, setState] = useState<MailState | 'all'>('all');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const pages = useOutboxPages(state === 'all' ? {} : { state });
  const messages = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const keptHere = messages.some((m) => m.state === 'outbox_only');

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every e-mail Casebook has written: notices issued, responses, extensions, reminders and overdue notices, with how each delivery went."
        action={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => pages.refetch()}
            loading={pages.isFetching && !pages.isPending}
          >
            Refresh
          </Button>
        }
      />
      {keptHere && (
        <Alert icon={<IconInfoCircle size={18} />} color="gray" mb="md" title="Some messages were kept, not sent">
          Messages marked “Outbox only” were written while no mail server was configured. Pass them on by hand; set CASEBOOK_SMTP_URL to
          have new messages sent.
        </Alert>
      )}
      <Card padding="lg">
        <Group mb="md" justify="space-between">
          <SegmentedControl
            aria-label="Delivery state"
            value={state}
            onChange={(value) => setState(value as MailState | 'all')}
            data={STATE_FILTERS}
          />
        </Group>
        {pages.isPending ? (
          <LoadingState rows={6} label="Loading messages" />
        ) : pages.isError ? (
          <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
        ) : messages.length === 0 ? (
          <EmptyState
            icon={<IconMail size={26} />}
            title={state === 'all' ? 'No messages yet' : `No message is ${MAIL_STATE_LABELS[state].toLowerCase()}`}
            message={state === 'all' ? 'Messages appear here when notices are issued, answered or fall due.' : undefined}
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table highlightOnHover={false}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    <Table.Th>
                      Written{' '}
                      <Text span size="xs" c="dimmed" fw={400}>
                        ({viewerTimeZone()})
                      </Text>
                    </Table.Th>
                    <Table.Th>Message</Table.Th>
                    <Table.Th>Notice</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th ta="right">Attempts</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {messages.map((message) => (
                    <MailRow key={message.id} message={message} open={open.has(message.id)} onToggle={() => toggle(message.id)} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <LoadMore
              shown={messages.length}
              noun="messages"
              hasMore={!!pages.hasNextPage}
              loading={pages.isFetchingNextPage}
              onLoad={() => pages.fetchNextPage()}
            />
          </>
        )}
      </Card>
    </>
  );
}

export function OutboxPage() {
  return (
    <RequirePermission permission="mail.read">
      <Outbox />
    </RequirePermission>
  );
}
