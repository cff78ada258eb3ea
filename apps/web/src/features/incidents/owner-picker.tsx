/** Chooses the incident's owner among the CERT's coordinators, analysts and administrators. */
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useMe } from '../session/use-me.ts';
import { useUserPages } from '../users/users-api.ts';

const OWNER_ROLES = new Set(['admin', 'coordinator', 'analyst']);

export function OwnerPicker(props: {
  value: string | null;
  current?: { id: string; name: string } | null;
  onChange: (id: string | null) => void;
  error?: string;
}) {
  const me = useMe();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const users = useUserPages({ q: q || undefined, organizationId: me.user.organization.id });
  const found = (users.data?.pages[0]?.items ?? []).filter((u) => OWNER_ROLES.has(u.role)).map((u) => ({ value: u.id, label: u.name }));
  const known = [props.current, { id: me.user.id, name: me.user.name }].filter((u): u is { id: string; name: string } => !!u);
  const data = [...found];
  for (const u of known)
    if (!data.some((d) => d.value === u.id) && (u.id !== me.user.id || OWNER_ROLES.has(me.user.role)))
      data.push({ value: u.id, label: u.name });
  return (
    <Select
      label="Owner"
      description="Who runs this incident day to day."
      placeholder="Unassigned"
      searchable
      clearable
      data={data}
      value={props.value}
      onChange={props.onChange}
      onSearchChange={setSearch}
      nothingFoundMessage={users.isPending ? 'Loading…' : 'Nobody matches'}
      error={props.error}
    />
  );
}
