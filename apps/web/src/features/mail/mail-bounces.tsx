/** What bounces said of a message, one line per recipient: on the notice page and in the outbox. */
import { Text } from '@mantine/core';
import type { MailBounce } from '#shared/contracts/mail';
import { formatDateTime } from '../../lib/format-time.ts';

export function MailBounces(props: { bounces: MailBounce[] }) {
  return props.bounces.map((b) => (
    <Text
      key={`${b.action} ${b.recipient ?? ''}`}
      size="xs"
      c={b.action === 'failed' ? 'red' : 'orange'}
      style={{ overflowWrap: 'anywhere' }}
      data-testid="mail-bounce"
    >
      {b.action === 'failed' ? 'Bounced' : 'Delayed, still being tried'}
      {b.recipient ? `: ${b.recipient}` : ''}
      {b.status ? ` (${b.status})` : ''}
      {b.diagnostic ? ` — ${b.diagnostic}` : ''} · {formatDateTime(b.receivedAt)}
    </Text>
  ));
}
