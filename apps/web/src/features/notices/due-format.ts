/**
 * A due time as a person reads it: on the clock of a zone with the zone named both ways
 * ("12 Dec 2019, 17:30 IST (Asia/Kolkata)"), and how far away it is ("in 2 days 4 hours",
 * "3 hours ago", "6 years 11 months ago").
 */
import { isTimeZone } from '../incidents/zoned-time.ts';

export function formatDue(iso: string, zone: string): string {
  const safe = isTimeZone(zone) ? zone : 'UTC';
  const text = new Intl.DateTimeFormat(undefined, {
    timeZone: safe,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(iso));
  return `${text} (${safe})`;
}

// Years and months are of average length: a span that long is read in round figures, not counted to the day.
const UNITS: Array<[name: string, ms: number]> = [
  ['year', 31_557_600_000],
  ['month', 2_629_800_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** The largest whole unit of a span and the one below it: "6 years 11 months", "2 days 4 hours", "5 hours 12 minutes", "less than a minute". */
export function spanText(ms: number): string {
  let rest = Math.abs(ms);
  const counts = UNITS.map(([name, size]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return { name, count };
  });
  const first = counts.findIndex((c) => c.count > 0);
  if (first < 0) return 'less than a minute';
  return counts
    .slice(first, first + 2)
    .filter((c) => c.count > 0)
    .map((c) => `${c.count} ${c.name}${c.count === 1 ? '' : 's'}`)
    .join(' ');
}

/** "in 2 days 4 hours" or "3 hours ago". */
export function relativeDue(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  return ms >= 0 ? `in ${spanText(ms)}` : `${spanText(ms)} ago`;
}
