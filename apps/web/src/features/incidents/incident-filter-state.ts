/** The list's filter as the form holds it (whole days in the viewer's zone) and as the API takes it. */
import type { IncidentStatus, Severity, Tlp } from '#shared/incidents';
import type { IncidentFilter } from './incidents-api.ts';

export type SortKey = NonNullable<IncidentFilter['sort']>;

export interface IncidentFilterForm {
  q: string;
  status: IncidentStatus[];
  severity: Severity[];
  tlp: Tlp[];
  categoryId: string | null;
  tag: string;
  fromDate: string;
  toDate: string;
  sort: SortKey;
}

export const EMPTY_INCIDENT_FILTER: IncidentFilterForm = {
  q: '',
  status: [],
  severity: [],
  tlp: [],
  categoryId: null,
  tag: '',
  fromDate: '',
  toDate: '',
  sort: 'updated_desc',
};

const day = (value: string, end: boolean) => (value ? new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined);

const localDate = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
};

export function toApiFilter(form: IncidentFilterForm): IncidentFilter {
  const filter: IncidentFilter = { sort: form.sort };
  if (form.q.trim()) filter.q = form.q.trim().slice(0, 200);
  if (form.status.length) filter.status = form.status;
  if (form.severity.length) filter.severity = form.severity;
  if (form.tlp.length) filter.tlp = form.tlp;
  if (form.categoryId) filter.categoryId = form.categoryId;
  if (form.tag.trim()) filter.tag = form.tag.trim();
  const from = day(form.fromDate, false);
  const to = day(form.toDate, true);
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}

export function fromApiFilter(filter: IncidentFilter): IncidentFilterForm {
  return {
    q: filter.q ?? '',
    status: filter.status ?? [],
    severity: filter.severity ?? [],
    tlp: filter.tlp ?? [],
    categoryId: filter.categoryId ?? null,
    tag: filter.tag ?? '',
    fromDate: localDate(filter.from),
    toDate: localDate(filter.to),
    sort: filter.sort ?? 'updated_desc',
  };
}

/** Whether anything narrows the list (the sort order does not). */
export function isFiltered(filter: IncidentFilter): boolean {
  return Object.entries(filter).some(([key, value]) => key !== 'sort' && value !== undefined);
}
