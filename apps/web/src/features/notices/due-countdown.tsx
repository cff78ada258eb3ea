/**
 * The due time of a notice on the viewer's clock, with the zone named, and how long is
 * left (or how late it is), updated every half minute; the zone the notice itself states
 * its due time in is shown beside it when it differs.
 */
import { Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { NoticeListItem } from '#shared/contracts/notices';
import { localZone } from '../incidents/zoned-time.ts';
import { formatDue, relativeDue, spanText } from './due-format.ts';

export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

type DueFacts = Pick<NoticeListItem, 'dueAt' | 'timeZone' | 'status' | 'overdue' | 'respondedAt'>;

/** One line: "due 12 Dec 2019, 17:30 IST (Asia/Kolkata) — in 2 days 4 hours". */
export function dueSentence(
  notice: DueFacts,
  now: number,
  zone = localZone(),
): { text: string; tone: 'late' | 'soon' | 'calm' | 'done' } | null {
  if (!notice.dueAt) return null;
  const at = formatDue(notice.dueAt, zone);
  const left = new Date(notice.dueAt).getTime() - now;
  if (notice.respondedAt) {
    const early = new Date(notice.dueAt).getTime() - new Date(notice.respondedAt).getTime();
    return {
      text: `was due ${at} — answered ${early >= 0 ? `${spanText(early)} before` : `${spanText(early)} late`}`,
      tone: early >= 0 ? 'done' : 'late',
    };
  }
  if (notice.status === 'withdrawn' || notice.status === 'closed') return { text: `was due ${at}`, tone: 'done' };
  const tone = left < 0 || notice.overdue ? 'late' : left < 24 * 3_600_000 ? 'soon' : 'calm';
  return { text: `due ${at} — ${relativeDue(notice.dueAt, now)}`, tone };
}

const TONE_COLORS = { late: 'red.8', soon: 'orange.8', calm: undefined, done: 'dimmed' } as const;

export function DueCountdown(props: { notice: DueFacts; size?: 'sm' | 'md' | 'lg'; showNoticeZone?: boolean }) {
  const now = useNow();
  const viewer = localZone();
  const sentence = dueSentence(props.notice, now, viewer);
  if (!sentence) return null;
  const { dueAt, timeZone } = props.notice;
  return (
    <Stack gap={2} data-testid="due-countdown">
      <Text size={props.size ?? 'sm'} fw={600} c={TONE_COLORS[sentence.tone]}>
        {sentence.text.charAt(0).toUpperCase() + sentence.text.slice(1)}
      </Text>
      {props.showNoticeZone !== false && dueAt && timeZone !== viewer && (
        <Text size="xs" c="dimmed">
          The notice states it as {formatDue(dueAt, timeZone)}.
        </Text>
      )}
    </Stack>
  );
}
