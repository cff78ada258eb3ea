/** How an entry's source reads: "Minutes of the meeting of 26 July 2019 — said by …, Platform A, 26 Jul 2019". */
import type { SourceKind } from '#shared/incidents';
import { formatDate } from '../../lib/format-time.ts';
import type { TimelineEntry } from './timeline-api.ts';

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  document: 'Document',
  statement: 'Statement',
  meeting: 'Meeting',
  correspondence: 'Correspondence',
  observation: 'Observation',
  system: 'Recorded by Casebook',
};

export function sourceLine(source: TimelineEntry['source']): string {
  if (!source) return '';
  const head = source.title ?? SOURCE_KIND_LABELS[source.kind];
  const tail = [
    source.saidBy ? `said by ${source.saidBy}` : null,
    source.organization?.name ?? null,
    // A plain date: read at noon UTC so no zone moves it to the day before.
    source.date ? formatDate(`${source.date}T12:00:00Z`) : null,
  ].filter(Boolean);
  return tail.length ? `${head} — ${tail.join(', ')}` : head;
}
