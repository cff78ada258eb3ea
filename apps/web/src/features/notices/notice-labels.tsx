/** How notices are named and marked everywhere: kinds, statuses, flags, verdicts and standings. */
import { Badge, Group } from '@mantine/core';
import type { AnswerVerdict, DueUnit, NoticeKind, NoticeStatus } from '#shared/contracts/notices';

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  call_for_information: 'Call for information',
  direction: 'Direction',
  clarification: 'Request for clarification',
  reminder: 'Reminder',
  show_cause: 'Show-cause notice',
};

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = {
  draft: 'Draft',
  approved: 'Approved',
  issued: 'Issued',
  acknowledged: 'Acknowledged',
  responded: 'Responded',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

const STATUS_COLORS: Record<NoticeStatus, string> = {
  draft: 'gray',
  approved: 'cyan',
  issued: 'blue',
  acknowledged: 'indigo',
  responded: 'teal',
  closed: 'dark',
  withdrawn: 'red',
};

export const VERDICT_LABELS: Record<AnswerVerdict, string> = {
  answered: 'Answered',
  partial: 'Partial',
  refused: 'Refused',
  needs_clarification: 'Needs clarification',
};

const VERDICT_COLORS: Record<AnswerVerdict, string> = {
  answered: 'teal',
  partial: 'yellow',
  refused: 'red',
  needs_clarification: 'orange',
};

export const DUE_UNIT_LABELS: Record<DueUnit, string> = {
  hours: 'hours',
  calendar_days: 'calendar days',
  business_days: 'business days',
};

export const STANDING_LABELS = {
  on_time: 'On time',
  late: 'Late',
  open: 'Open',
  overdue: 'Overdue',
  withdrawn: 'Withdrawn',
} as const;

const STANDING_COLORS = { on_time: 'teal', late: 'orange', open: 'blue', overdue: 'red', withdrawn: 'gray' } as const;

const NO_SHRINK = { minWidth: 'max-content' } as const;

export function NoticeStatusBadge(props: { status: NoticeStatus; size?: 'xs' | 'sm' | 'md' | 'lg'; testId?: string }) {
  return (
    <Badge color={STATUS_COLORS[props.status]} variant="light" size={props.size ?? 'md'} style={NO_SHRINK} data-testid={props.testId}>
      {NOTICE_STATUS_LABELS[props.status]}
    </Badge>
  );
}

/** The two flags a notice may carry beside its status. */
export function NoticeFlags(props: { overdue: boolean; escalatedAt: string | null; size?: 'xs' | 'sm' | 'md' }) {
  if (!props.overdue && !props.escalatedAt) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {props.overdue && (
        <Badge color="red" variant="filled" size={props.size ?? 'md'} style={NO_SHRINK} data-testid="flag-overdue">
          Overdue
        </Badge>
      )}
      {props.escalatedAt && (
        <Badge color="grape" variant="filled" size={props.size ?? 'md'} style={NO_SHRINK} data-testid="flag-escalated">
          Escalated
        </Badge>
      )}
    </Group>
  );
}

export function VerdictBadge(props: { verdict: AnswerVerdict; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge color={VERDICT_COLORS[props.verdict]} variant="light" size={props.size ?? 'sm'} style={NO_SHRINK}>
      {VERDICT_LABELS[props.verdict]}
    </Badge>
  );
}

export function StandingBadge(props: { standing: keyof typeof STANDING_LABELS }) {
  return (
    <Badge color={STANDING_COLORS[props.standing]} variant="light" size="sm" style={NO_SHRINK}>
      {STANDING_LABELS[props.standing]}
    </Badge>
  );
}

/** "CERT/2019/N-0017", or what a draft is called before it has a reference. */
export function noticeTitle(notice: { reference: string | null; status: NoticeStatus }): string {
  return notice.reference ?? (notice.status === 'withdrawn' ? 'Withdrawn draft' : 'Draft, no reference yet');
}
