/** Where a notice stands in its lifecycle: each step, when it was taken and by whom. */
import { Stepper, Text } from '@mantine/core';
import type { NoticeStatus } from '#shared/contracts/notices';
import { formatDateTime } from '../../lib/format-time.ts';
import type { Notice } from './notices-api.ts';

const STEPS: Array<{ status: NoticeStatus; label: string }> = [
  { status: 'draft', label: 'Draft' },
  { status: 'approved', label: 'Approved' },
  { status: 'issued', label: 'Issued' },
  { status: 'acknowledged', label: 'Acknowledged' },
  { status: 'responded', label: 'Responded' },
  { status: 'closed', label: 'Closed' },
];

type LifecycleFacts = Pick<
  Notice,
  | 'status'
  | 'createdAt'
  | 'createdBy'
  | 'approvedAt'
  | 'approvedBy'
  | 'issuedAt'
  | 'issuedBy'
  | 'acknowledgedAt'
  | 'acknowledgedBy'
  | 'respondedAt'
  | 'response'
  | 'closedAt'
  | 'closedBy'
>;

function stepFacts(n: LifecycleFacts, status: NoticeStatus): { at: string | null; by: string | null } {
  switch (status) {
    case 'draft':
      return { at: n.createdAt, by: n.createdBy?.name ?? null };
    case 'approved':
      return { at: n.approvedAt, by: n.approvedBy?.name ?? null };
    case 'issued':
      return { at: n.issuedAt, by: n.issuedBy?.name ?? null };
    case 'acknowledged':
      return { at: n.acknowledgedAt, by: n.acknowledgedBy?.name ?? null };
    case 'responded':
      return { at: n.respondedAt, by: n.response?.submittedBy?.name ?? null };
    case 'closed':
      return { at: n.closedAt, by: n.closedBy?.name ?? null };
    default:
      return { at: null, by: null };
  }
}

/** The index of the last step reached; a withdrawn notice stops at the last step it had. */
function reached(n: LifecycleFacts): number {
  if (n.status !== 'withdrawn') return STEPS.findIndex((s) => s.status === n.status);
  let last = 0;
  STEPS.forEach((s, i) => {
    if (stepFacts(n, s.status).at) last = i;
  });
  return last;
}

export function NoticeLifecycle(props: { notice: LifecycleFacts; staff: boolean }) {
  const n = props.notice;
  // The organization never sees the drafting steps.
  const steps = props.staff ? STEPS : STEPS.slice(2);
  const offset = props.staff ? 0 : 2;
  const current = reached(n) - offset;
  const done = n.status === 'closed';
  return (
    <Stepper
      active={done ? steps.length : current + 1}
      size="xs"
      iconSize={26}
      wrap={false}
      color={n.status === 'withdrawn' ? 'red' : 'navy'}
      allowNextStepsSelect={false}
      aria-label="Lifecycle of the notice"
      data-testid="notice-lifecycle"
      styles={{ stepBody: { marginTop: 2 }, stepDescription: { fontSize: 11 } }}
    >
      {steps.map((s) => {
        const facts = stepFacts(n, s.status);
        return (
          <Stepper.Step
            key={s.status}
            label={s.label}
            description={
              facts.at ? (
                <Text span fz={11} c="dimmed">
                  {formatDateTime(facts.at)}
                  {facts.by ? (
                    <>
                      <br />
                      {facts.by}
                    </>
                  ) : null}
                </Text>
              ) : undefined
            }
          />
        );
      })}
    </Stepper>
  );
}
