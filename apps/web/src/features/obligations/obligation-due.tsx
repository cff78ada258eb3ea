/**
 * When an obligation is due, on the viewer's clock with the zone named, and where it
 * stands against that time, updated every half minute: "Due 3 Mar 2025, 11:30 CET
 * (Europe/Amsterdam) — in 2 hours 10 minutes", "late by 2 days", "met 2 hours 14 minutes
 * late". A deadline in words ("as early as possible") has no due time and no countdown.
 */
import { Stack, Text } from '@mantine/core';
import { localZone } from '../incidents/zoned-time.ts';
import { useNow } from '../notices/due-countdown.tsx';
import { formatDue, spanText } from '../notices/due-format.ts';
import type { Obligation } from './obligations-api.ts';

type Tone = 'late' | 'soon' | 'calm' | 'done';
const TONE_COLORS = { late: 'red.8', soon: 'orange.8', calm: undefined, done: 'teal.8' } as const;

type DueFacts = Pick<Obligation, 'state' | 'soft' | 'deadline' | 'dueAt' | 'metAt' | 'lateBySeconds'>;

/** The first line says when; the second how it stands. Null for an obligation that does not apply. */
export function dueLines(o: DueFacts, now: number, zone: string): { when: string; standing: string | null; tone: Tone } | null {
  if (o.state === 'not_applicable') return null;
  const met = o.metAt ? `Met ${formatDue(o.metAt, zone)}` : null;
  if (o.soft || !o.dueAt) {
    const when = o.soft ? `Deadline: ${o.deadline} — no fixed due time` : 'Due time not known yet';
    return { when, standing: met, tone: met ? 'done' : 'calm' };
  }
  const due = formatDue(o.dueAt, zone);
  const dueMs = new Date(o.dueAt).getTime();
  if (o.state === 'met_late') {
    const late = o.lateBySeconds !== null ? o.lateBySeconds * 1000 : new Date(o.metAt ?? o.dueAt).getTime() - dueMs;
    return { when: `Was due ${due}`, standing: `${met ?? 'Met'} — ${spanText(late)} late`, tone: 'late' };
  }
  if (o.state === 'met') {
    const early = o.metAt ? dueMs - new Date(o.metAt).getTime() : null;
    return { when: `Was due ${due}`, standing: early === null ? 'Met' : `${met} — ${spanText(early)} before the due time`, tone: 'done' };
  }
  const left = dueMs - now;
  if (left < 0 || o.state === 'missed') return { when: `Was due ${due}`, standing: `Late by ${spanText(now - dueMs)}`, tone: 'late' };
  return { when: `Due ${due}`, standing: `in ${spanText(left)}`, tone: left < 24 * 3_600_000 ? 'soon' : 'calm' };
}

export function ObligationDue(props: { obligation: DueFacts }) {
  const now = useNow();
  const lines = dueLines(props.obligation, now, localZone());
  if (!lines) return null;
  return (
    <Stack gap={0} data-testid="obligation-due">
      <Text size="sm">{lines.when}</Text>
      {lines.standing && (
        <Text size="sm" fw={600} c={TONE_COLORS[lines.tone]}>
          {lines.standing}
        </Text>
      )}
    </Stack>
  );
}
