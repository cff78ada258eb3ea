/**
 * Grants a staff member need-to-know access to the register until a date (at most a
 * year), for a stated reason. A new grant replaces the person's live one.
 */
import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ROLE_LABELS, roleHas } from '#shared/roles';
import { errorMessage } from '../../api/error-message.ts';
import { localZone, todayIso, zonedToIso } from '../incidents/zoned-time.ts';
import { useMe } from '../session/use-me.ts';
import { useUserPages } from '../users/users-api.ts';
import { useGrantAccess } from './affected-persons-api.ts';
import { addDays, formatDay } from './register-labels.tsx';

const MAX_DAYS = 366;

function GrantForm(props: { incidentId: string; onClose: () => void }) {
  const me = useMe();
  const zone = localZone();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const users = useUserPages({ q: q || undefined, organizationId: me.user.organization.id });
  const [userId, setUserId] = useState<string | null>(null);
  const [until, setUntil] = useState(addDays(todayIso(), 30));
  const [reason, setReason] = useState('');
  const grant = useGrantAccess(props.incidentId);

  // Only staff whose role may read the register can hold a grant; the server says so too.
  const data = (users.data?.pages[0]?.items ?? [])
    .filter((u) => roleHas(u.role, 'register.read') && !u.disabled)
    .map((u) => ({ value: u.id, label: `${u.name}${u.id === me.user.id ? ' (you)' : ''} · ${ROLE_LABELS[u.role]}` }));
  if (!data.some((d) => d.value === me.user.id) && roleHas(me.user.role, 'register.read') && !q)
    data.unshift({ value: me.user.id, label: `${me.user.name} (you) · ${ROLE_LABELS[me.user.role]}` });

  const last = addDays(todayIso(), MAX_DAYS - 1);
  // The grant runs to the end of the chosen day on the granter's clock.
  const expiresAt = until ? zonedToIso(`${until}T23:59`, zone) : null;
  const dateError = until && (until < todayIso() ? 'Choose a date from today on.' : until > last ? 'At most a year ahead.' : undefined);
  const valid = !!userId && !!expiresAt && !dateError && reason.trim().length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !userId || !expiresAt) return;
    grant.mutate(
      { userId, expiresAt, reason: reason.trim() },
      {
        onSuccess: (g) => {
          notifications.show({ color: 'teal', message: `${g.user.name} may read the register until ${formatDay(until)}.` });
          props.onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Grant access to the register">
      <Stack gap="md">
        {grant.isError && (
          <Alert color="red" variant="light" role="alert" title="Access was not granted">
            {errorMessage(grant.error)}
          </Alert>
        )}
        <Select
          label="Staff member"
          description="Administrators, coordinators and analysts of the CERT."
          required
          searchable
          data={data}
          value={userId}
          onChange={setUserId}
          onSearchChange={setSearch}
          nothingFoundMessage={users.isPending ? 'Loading…' : 'Nobody matches'}
          data-autofocus
        />
        <TextInput
          label="Until"
          description={`Access ends at 23:59 on this day, ${zone}.`}
          type="date"
          required
          min={todayIso()}
          max={last}
          value={until}
          onChange={(e) => setUntil(e.currentTarget.value)}
          error={dateError}
        />
        <Textarea
          label="Reason"
          description="Why this person needs to know; recorded with the grant."
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={grant.isPending} disabled={!valid}>
            Grant access
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function GrantModal(props: { incidentId: string; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Grant access to the register">
      {props.opened && <GrantForm {...props} />}
    </Modal>
  );
}
