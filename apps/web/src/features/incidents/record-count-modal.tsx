/** Records a new figure of affected people for a country; the previous one is kept as history. */
import { Button, Checkbox, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo, useState } from 'react';
import { useAllOrganizations } from '../organizations/organizations-api.ts';
import { countryName, countryOptions } from './country-name.ts';
import { type Incident, useRecordAffectedCount } from './incidents-api.ts';
import { SaveErrorAlert } from './version-conflict-alert.tsx';
import { todayIso } from './zoned-time.ts';

function RecordForm(props: { incident: Incident; country?: string; onClose: () => void; onReload: () => void }) {
  const countries = useMemo(countryOptions, []);
  const organizations = useAllOrganizations();
  const [country, setCountry] = useState<string | null>(props.country ?? null);
  const [count, setCount] = useState<number | string>('');
  const [approximate, setApproximate] = useState(false);
  const [asOf, setAsOf] = useState(todayIso());
  const [source, setSource] = useState('');
  const [sourceOrganizationId, setSourceOrganizationId] = useState<string | null>(null);
  const record = useRecordAffectedCount(props.incident.id);
  const valid = !!country && typeof count === 'number' && count >= 0 && !!asOf && asOf <= todayIso() && !!source.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !country || typeof count !== 'number') return;
    record.mutate(
      { country, count, approximate, asOf, source: source.trim(), ...(sourceOrganizationId ? { sourceOrganizationId } : {}) },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Figure for ${countryName(country)} recorded.` });
          props.onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {record.isError && <SaveErrorAlert error={record.error} onReload={props.onReload} />}
        <Select
          label="Country"
          required
          searchable
          data={countries}
          value={country}
          onChange={setCountry}
          placeholder="Choose a country, or Worldwide"
          data-autofocus
        />
        <Group grow align="flex-start">
          <NumberInput
            label="People affected"
            required
            min={0}
            max={10_000_000_000}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=","
            value={count}
            onChange={setCount}
          />
          <TextInput
            label="As of"
            type="date"
            required
            max={todayIso()}
            value={asOf}
            onChange={(e) => setAsOf(e.currentTarget.value)}
            error={asOf > todayIso() ? 'Not in the future.' : undefined}
          />
        </Group>
        <Checkbox label="Approximate figure" checked={approximate} onChange={(e) => setApproximate(e.currentTarget.checked)} />
        <TextInput
          label="Source"
          required
          description="Where the figure comes from, e.g. the platform's letter of 18 November 2019."
          maxLength={500}
          value={source}
          onChange={(e) => setSource(e.currentTarget.value)}
        />
        <Select
          label="Source organization"
          placeholder="None"
          searchable
          clearable
          data={(organizations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          value={sourceOrganizationId}
          onChange={setSourceOrganizationId}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={record.isPending} disabled={!valid}>
            Record figure
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RecordCountModal(props: {
  incident: Incident;
  opened: boolean;
  country?: string;
  onClose: () => void;
  onReload: () => void;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Record a new figure">
      {props.opened && <RecordForm {...props} />}
    </Modal>
  );
}
