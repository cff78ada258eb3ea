/** Adds an organization to an incident in a role, or changes a participant's role, note and notification time. */
import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { PARTICIPANT_ROLE_LABELS, PARTICIPANT_ROLES, type ParticipantRole } from '#shared/incidents';
import { ORGANIZATION_KIND_LABELS } from '#shared/organizations';
import { useAllOrganizations } from '../organizations/organizations-api.ts';
import { type Participant, useAddParticipant, useUpdateParticipant } from './participants-api.ts';
import { SaveErrorAlert } from './version-conflict-alert.tsx';
import { isoToZoned, localZone, zonedToIso } from './zoned-time.ts';

const ROLE_DATA = PARTICIPANT_ROLES.map((r) => ({ value: r, label: PARTICIPANT_ROLE_LABELS[r] }));

function ParticipantForm(props: {
  incidentId: string;
  existing: Participant | null;
  taken: string[];
  onClose: () => void;
  onReload: () => void;
}) {
  const zone = localZone();
  const { existing } = props;
  const organizations = useAllOrganizations(!existing);
  const [organizationId, setOrganizationId] = useState<string | null>(existing?.organization.id ?? null);
  const [role, setRole] = useState<ParticipantRole | null>(existing?.role ?? null);
  const [note, setNote] = useState(existing?.note ?? '');
  const [notified, setNotified] = useState(existing?.notifiedAt ? isoToZoned(existing.notifiedAt, zone) : '');
  const add = useAddParticipant(props.incidentId);
  const update = useUpdateParticipant(props.incidentId);
  const mutation = existing ? update : add;
  const notifiedAt = notified ? zonedToIso(notified, zone) : null;
  const future = !!notifiedAt && new Date(notifiedAt).getTime() > Date.now();
  const valid = !!organizationId && !!role && !future;
  const orgData = (organizations.data ?? [])
    .filter((o) => !o.isHome && !props.taken.includes(o.id))
    .map((o) => ({ value: o.id, label: `${o.name} · ${ORGANIZATION_KIND_LABELS[o.kind]}` }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !organizationId || !role) return;
    const done = (message: string) => () => {
      notifications.show({ color: 'teal', message });
      props.onClose();
    };
    if (existing) {
      update.mutate(
        { id: existing.id, version: existing.version, role, note: note.trim() || null, notifiedAt },
        { onSuccess: done(`${existing.organization.name} updated.`) },
      );
    } else {
      add.mutate(
        { organizationId, role, ...(note.trim() ? { note: note.trim() } : {}), ...(notifiedAt ? { notifiedAt } : {}) },
        { onSuccess: (p) => done(`${p.organization.name} added.`)() },
      );
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {mutation.isError && <SaveErrorAlert error={mutation.error} onReload={props.onReload} />}
        {existing ? (
          <TextInput label="Organization" value={existing.organization.name} readOnly variant="filled" />
        ) : (
          <Select
            label="Organization"
            required
            searchable
            placeholder="Choose an organization"
            data={orgData}
            value={organizationId}
            onChange={setOrganizationId}
            nothingFoundMessage={organizations.isPending ? 'Loading…' : 'No organization left to add'}
            data-autofocus
          />
        )}
        <Select
          label="Role"
          required
          data={ROLE_DATA}
          value={role}
          onChange={(v) => setRole(v as ParticipantRole | null)}
          placeholder="Choose a role"
          allowDeselect={false}
        />
        <TextInput
          label="Notified at"
          description={`When the organization was told, in your zone (${zone}).`}
          type="datetime-local"
          value={notified}
          onChange={(e) => setNotified(e.currentTarget.value)}
          error={future ? 'Not in the future.' : undefined}
        />
        <Textarea label="Note" autosize minRows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={!valid}>
            {existing ? 'Save changes' : 'Add participant'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ParticipantModal(props: {
  incidentId: string;
  opened: boolean;
  existing: Participant | null;
  taken: string[];
  onClose: () => void;
  onReload: () => void;
}) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.existing ? `Edit ${props.existing.organization.name}` : 'Add a participant'}
    >
      {props.opened && <ParticipantForm {...props} />}
    </Modal>
  );
}
