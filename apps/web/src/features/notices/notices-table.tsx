/** A table of notices: reference and subject, organization or incident, status with its flags, and the due time on the viewer's clock. */
import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { localZone } from '../incidents/zoned-time.ts';
import { dueSentence, useNow } from './due-countdown.tsx';
import { NOTICE_KIND_LABELS, NoticeFlags, NoticeStatusBadge, noticeTitle } from './notice-labels.tsx';
import type { NoticeListItem } from './notices-api.ts';

const TONE_COLORS = { late: 'red.8', soon: 'orange.8', calm: undefined, done: 'dimmed' } as const;

export function DueCell(props: { notice: NoticeListItem }) {
  const now = useNow();
  const sentence = dueSentence(props.notice, now, localZone());
  if (!sentence)
    return (
      <Text size="sm" c="dimmed">
        Set at issue
      </Text>
    );
  const [when, left] = sentence.text.split(' — ');
  return (
    <Stack gap={0}>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {when.replace(/^(was )?due /, '')}
      </Text>
      {left && (
        <Text size="xs" fw={600} c={TONE_COLORS[sentence.tone]}>
          {left}
        </Text>
      )}
    </Stack>
  );
}

export function NoticesTable(props: { notices: NoticeListItem[]; base: string; show: 'organization' | 'incident' }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table data-testid="notices-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Notice</Table.Th>
            <Table.Th>{props.show === 'organization' ? 'Organization' : 'Incident'}</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Due (your time)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.notices.map((n) => (
            <Table.Tr key={n.id} data-testid="notice-row">
              <Table.Td maw={360}>
                <Anchor component={Link} to={`${props.base}/${n.id}`} size="sm" fw={600}>
                  {n.subject}
                </Anchor>
                <Text size="xs" c="dimmed">
                  <span style={{ fontFamily: 'monospace' }}>{noticeTitle(n)}</span> · {NOTICE_KIND_LABELS[n.kind]}
                </Text>
              </Table.Td>
              <Table.Td>
                {props.show === 'organization' ? (
                  <Text size="sm">{n.organization.name}</Text>
                ) : (
                  <>
                    <Text size="sm" ff="monospace">
                      {n.incident.reference}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {n.incident.title}
                    </Text>
                  </>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <NoticeStatusBadge status={n.status} size="sm" />
                  <NoticeFlags overdue={n.overdue} escalatedAt={n.escalatedAt} size="sm" />
                </Group>
              </Table.Td>
              <Table.Td>
                <DueCell notice={n} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
