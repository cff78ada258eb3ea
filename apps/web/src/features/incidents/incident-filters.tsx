/** The compact filter bar above the incidents table: search, marks, category, tag, dates, sort. */
import { ActionIcon, Group, MultiSelect, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';
import { INCIDENT_STATUSES, SEVERITIES, TLP_LEVELS } from '#shared/incidents';
import { EMPTY_INCIDENT_FILTER, type IncidentFilterForm, type SortKey } from './incident-filter-state.ts';
import { SEVERITY_LABELS, SORT_OPTIONS, STATUS_LABELS } from './incident-labels.ts';
import { useCategories } from './incidents-api.ts';

const STATUS_DATA = INCIDENT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }));
const SEVERITY_DATA = SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }));
const TLP_DATA = TLP_LEVELS.map((t) => ({ value: t, label: `TLP:${t}` }));

export function IncidentFilters(props: { value: IncidentFilterForm; onChange: (next: IncidentFilterForm) => void; staff: boolean }) {
  const categories = useCategories();
  const form = props.value;
  const set = (patch: Partial<IncidentFilterForm>) => props.onChange({ ...form, ...patch });
  const active = JSON.stringify({ ...form, sort: 'x' }) !== JSON.stringify({ ...EMPTY_INCIDENT_FILTER, sort: 'x' });

  return (
    <Stack gap="sm" mb="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          aria-label="Search incidents"
          placeholder='e.g. spyware "voice call" -test'
          leftSection={<IconSearch size={16} />}
          value={form.q}
          onChange={(e) => set({ q: e.currentTarget.value })}
          w={{ base: '100%', sm: 280 }}
          maxLength={200}
        />
        <MultiSelect
          label="Status"
          placeholder={form.status.length ? undefined : 'Any'}
          data={STATUS_DATA}
          value={form.status}
          onChange={(v) => set({ status: v as IncidentFilterForm['status'] })}
          w={210}
          clearable
        />
        <MultiSelect
          label="Severity"
          placeholder={form.severity.length ? undefined : 'Any'}
          data={SEVERITY_DATA}
          value={form.severity}
          onChange={(v) => set({ severity: v as IncidentFilterForm['severity'] })}
          w={190}
          clearable
        />
        <MultiSelect
          label="TLP"
          placeholder={form.tlp.length ? undefined : 'Any'}
          data={TLP_DATA}
          value={form.tlp}
          onChange={(v) => set({ tlp: v as IncidentFilterForm['tlp'] })}
          w={190}
          clearable
        />
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        {props.staff && (
          <Select
            label="Category"
            placeholder="Any"
            searchable
            clearable
            data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.label }))}
            value={form.categoryId}
            onChange={(categoryId) => set({ categoryId })}
            w={260}
            comboboxProps={{ width: 320, position: 'bottom-start' }}
          />
        )}
        {props.staff && (
          <TextInput
            label="Tag"
            placeholder="Any"
            value={form.tag}
            onChange={(e) => set({ tag: e.currentTarget.value })}
            w={120}
            maxLength={100}
          />
        )}
        <TextInput
          label="Created from"
          type="date"
          value={form.fromDate}
          onChange={(e) => set({ fromDate: e.currentTarget.value })}
          w={140}
        />
        <TextInput label="to" type="date" value={form.toDate} onChange={(e) => set({ toDate: e.currentTarget.value })} w={140} />
        <Select
          label="Sort"
          data={SORT_OPTIONS.map((o) => ({ ...o }))}
          value={form.sort}
          onChange={(sort) => set({ sort: (sort ?? 'updated_desc') as SortKey })}
          allowDeselect={false}
          w={170}
        />
        {active && (
          <Tooltip label="Clear filters" withArrow>
            <ActionIcon
              variant="subtle"
              size={36}
              onClick={() => props.onChange({ ...EMPTY_INCIDENT_FILTER, sort: form.sort })}
              aria-label="Clear filters"
            >
              <IconX size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Stack>
  );
}
