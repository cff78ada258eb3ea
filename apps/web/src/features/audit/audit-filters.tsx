/** Filters for the audit log: action, actor, target and a date range in the viewer's zone. */
import { ActionIcon, Autocomplete, Group, Select, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { usePermissions } from '../session/use-me.ts';
import { useUserPages } from '../users/users-api.ts';
import { ACTION_LABELS, KNOWN_ACTIONS } from './action-labels.ts';
import type { AuditFilter } from './audit-api.ts';

export interface AuditFilterForm {
  action: string;
  actorId: string | null;
  targetId: string;
  fromDate: string;
  toDate: string;
}

export const EMPTY_FILTER: AuditFilterForm = { action: '', actorId: null, targetId: '', fromDate: '', toDate: '' };

/** Dates are whole days in the viewer's zone; the API takes instants. */
export function toApiFilter(form: AuditFilterForm): AuditFilter {
  const day = (value: string, end: boolean) =>
    value ? new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined;
  return {
    action: /^[a-z_.]+$/.test(form.action.trim()) ? form.action.trim() : undefined,
    actorId: form.actorId ?? undefined,
    targetId: form.targetId.trim() || undefined,
    from: day(form.fromDate, false),
    to: day(form.toDate, true),
  };
}

function ActorPicker(props: { value: string | null; onChange: (id: string | null) => void }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const users = useUserPages({ q: q || undefined, includeDisabled: true });
  const options = (users.data?.pages[0]?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
  return (
    <Select
      label="Actor"
      placeholder="Anyone"
      searchable
      clearable
      data={options}
      value={props.value}
      onChange={props.onChange}
      onSearchChange={setSearch}
      nothingFoundMessage={users.isPending ? 'Loading…' : 'Nobody matches'}
      w={210}
    />
  );
}

export function AuditFilters(props: { value: AuditFilterForm; onChange: (next: AuditFilterForm) => void }) {
  const { can } = usePermissions();
  // The form is local so typing stays instant; the page sees it once typing pauses.
  const [form, setForm] = useState(props.value);
  const [debounced] = useDebouncedValue(form, 400);
  const { onChange } = props;
  useEffect(() => onChange(debounced), [debounced, onChange]);
  const set = (patch: Partial<AuditFilterForm>) => setForm((f) => ({ ...f, ...patch }));
  const active = JSON.stringify(form) !== JSON.stringify(EMPTY_FILTER);

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" mb="md">
      <Autocomplete
        label="Action"
        placeholder="Any action"
        data={KNOWN_ACTIONS.map((a) => ({ value: a, label: a }))}
        value={form.action}
        onChange={(action) => set({ action })}
        renderOption={({ option }) => `${option.value} — ${ACTION_LABELS[option.value] ?? ''}`}
        w={180}
        error={form.action && !/^[a-z_.]+$/.test(form.action.trim()) ? 'Lower-case letters, dots, underscores' : undefined}
      />
      {can('users.read') ? (
        <ActorPicker value={form.actorId} onChange={(actorId) => set({ actorId })} />
      ) : (
        <TextInput label="Actor id" value={form.actorId ?? ''} onChange={(e) => set({ actorId: e.currentTarget.value || null })} w={260} />
      )}
      <TextInput
        label="Target id"
        placeholder="Any target"
        value={form.targetId}
        onChange={(e) => set({ targetId: e.currentTarget.value })}
        w={170}
        classNames={{ input: 'mono' }}
      />
      <TextInput label="From" type="date" value={form.fromDate} onChange={(e) => set({ fromDate: e.currentTarget.value })} w={135} />
      <TextInput label="To" type="date" value={form.toDate} onChange={(e) => set({ toDate: e.currentTarget.value })} w={135} />
      {active && (
        <Tooltip label="Clear filters" withArrow>
          <ActionIcon variant="subtle" size={36} onClick={() => setForm(EMPTY_FILTER)} aria-label="Clear filters">
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
