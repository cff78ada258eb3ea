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
import type { AffectedCounts, Category } from './affected-persons-api.ts';

export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export type AffectedHow = (typeof AFFECTED_HOW)[number];

/** What a new entry or an import default may be given: the active categories, in their order. */
export function categoryOptions(categories: Category[] | undefined): { value: string; label: string }[] {
  return (categories ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: c.label }));
}

/** What the register can be filtered by: the active categories, and any retired one its persons still have. */
export function categoryFilterOptions(categories: Category[] | undefined, counts?: AffectedCounts): { value: string; label: string }[] {
  const used = new Map((counts?.byCategory ?? []).map((row) => [row.key, row.label]));
  const options = (categories ?? [])
    .filter((c) => c.active || used.has(c.code))
    .map((c) => ({ value: c.code, label: c.active ? c.label : `${c.label} (retired)` }));
  for (const [value, label] of used) if (!options.some((o) => o.value === value)) options.push({ value, label });
  return options;
}

/** A category as people read it, retired ones too (the list names every category there ever was). */
export function categoryLabel(code: string, categories: Category[] | undefined): string {
  return categories?.find((c) => c.code === code)?.label ?? code;
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

/** The YYYY-MM-DD date some days after another (noon UTC, so no zone or daylight saving moves it). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** What erasure under the retention date does, in the words the card and its form both use. */
export const ERASURE_EXPLAINED =
  "From the date set, the names, phone numbers, e-mail addresses, accounts and notes of this incident's persons are erased and the incident's key destroyed, so no copy or backup can open them again; their countries, categories and notification states are kept, so the counts stay.";
