/** How engagement vocabularies read and look: kinds with their icons, ledger states as badges, dates as known. */
import { Badge, Tooltip } from '@mantine/core';
import { IconMail, IconMailForward, IconMailOpened, IconPhone, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import {
  DISCLOSURE_STATE_DESCRIPTIONS,
  DISCLOSURE_STATE_LABELS,
  type DisclosureState,
  ENGAGEMENT_KIND_LABELS,
  type EngagementKind,
} from '#shared/contracts/engagements';
import { formatDateAtPrecision } from '#shared/dates';
import type { DatePrecision } from '#shared/incidents';

export { DISCLOSURE_STATE_LABELS, ENGAGEMENT_KIND_LABELS };

export const KIND_ICONS: Record<EngagementKind, ReactNode> = {
  meeting: <IconUsers size={16} />,
  call: <IconPhone size={16} />,
  letter_sent: <IconMailForward size={16} />,
  letter_received: <IconMailOpened size={16} />,
  email: <IconMail size={16} />,
};

export const STATE_COLORS: Record<DisclosureState, string> = {
  disclosed: 'teal',
  withheld: 'orange',
  not_asked: 'gray',
  refused: 'red',
};

export function DisclosureStateBadge(props: { state: DisclosureState; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Tooltip label={DISCLOSURE_STATE_DESCRIPTIONS[props.state]} withArrow multiline maw={260}>
      <Badge
        color={STATE_COLORS[props.state]}
        variant={props.state === 'not_asked' ? 'outline' : 'light'}
        size={props.size ?? 'sm'}
        tabIndex={0}
        style={{ minWidth: 'max-content' }}
        data-testid="disclosure-state"
      >
        {DISCLOSURE_STATE_LABELS[props.state]}
      </Badge>
    </Tooltip>
  );
}

/** "26 July 2019 (Asia/Kolkata)": an engagement's date at the precision known, in the zone where it took place. */
export function engagementDate(
  e: { occurredAt: string; precision: DatePrecision; timeZone: string },
  options: { zone?: boolean } = {},
): string {
  const text = formatDateAtPrecision(e.occurredAt, e.precision, e.timeZone);
  // The minute form already names its zone.
  return options.zone === false || e.precision === 'minute' ? text : `${text} (${e.timeZone})`;
}
