/** How the register's vocabularies read and look. */
import { Badge } from '@mantine/core';
import {
  AFFECTED_HOW,
  AFFECTED_HOW_LABELS,
  type ImportField,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUS_LABELS,
  type NOTIFICATION_STATUSES,
} from '#shared/contracts/affected-persons';
import type { AffectedCounts } from './affected-persons-api.ts';

export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export type AffectedHow = (typeof AFFECTED_HOW)[number];

/**
 * The categories the register is installed with (migration 0013). The API lists no
 * categories, so these are offered, together with any other the counts name.
 */
const SEEDED_CATEGORIES: Record<string, string> = {
  journalist: 'Journalist',
  lawyer: 'Lawyer',
  activist: 'Activist or human-rights defender',
  official: 'Public official',
  other: 'Other',
};

export function categoryOptions(counts?: AffectedCounts): { value: string; label: string }[] {
  const labels = new Map(Object.entries(SEEDED_CATEGORIES));
  for (const row of counts?.byCategory ?? []) labels.set(row.key, row.label);
  return [...labels].map(([value, label]) => ({ value, label }));
}

export function categoryLabel(code: string, counts?: AffectedCounts): string {
  return counts?.byCategory.find((c) => c.key === code)?.label ?? SEEDED_CATEGORIES[code] ?? code;
}

export const AFFECTED_HOW_OPTIONS = AFFECTED_HOW.map((h) => ({ value: h, label: AFFECTED_HOW_LABELS[h] }));

export const NOTIFICATION_CHANNEL_LABELS: Record<NotificationChannel, string> = {
  phone: 'Phone call',
  email: 'E-mail',
  in_person: 'In person',
  letter: 'Letter',
  messaging: 'Messaging app',
  through_counsel: 'Through their lawyer',
  other: 'Other',
};
export const CHANNEL_OPTIONS = NOTIFICATION_CHANNELS.map((c) => ({ value: c, label: NOTIFICATION_CHANNEL_LABELS[c] }));

const STATUS_COLORS: Record<NotificationStatus, string> = {
  not_notified: 'gray',
  notified: 'teal',
  unreachable: 'orange',
  declined: 'grape',
};

export function NotificationBadge(props: { status: NotificationStatus; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge
      color={STATUS_COLORS[props.status]}
      variant="light"
      size={props.size ?? 'sm'}
      style={{ minWidth: 'max-content' }}
      data-testid="notification-state"
    >
      {NOTIFICATION_STATUS_LABELS[props.status]}
    </Badge>
  );
}

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: 'Name',
  phone: 'Phone number',
  email: 'E-mail address',
  account: 'Account id',
  country: 'Country',
  category: 'Category',
  affectedHow: 'How affected',
  sourceReference: 'Their reference',
  notes: 'Notes',
};

/** A YYYY-MM-DD date as people read it, without the time zone moving it a day. */
export function formatDay(day: string | null): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}
