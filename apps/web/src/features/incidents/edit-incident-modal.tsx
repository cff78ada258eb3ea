/** Edits an incident's facts; the save carries the version it was based on. */
import { Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo, useState } from 'react';
import { type DraftErrors, draftFromIncident, draftToUpdateBody, serverFieldErrors, validateDraft } from './incident-draft.ts';
import { IncidentFields } from './incident-fields.tsx';
import { type Incident, useUpdateIncident } from './incidents-api.ts';
import { isVersionConflict, SaveErrorAlert } from './version-conflict-alert.tsx';
import { localZone } from './zoned-time.ts';

function EditForm(props: { incident: Incident; onClose: () => void; onReload: () => void }) {
  const { incident } = props;
  const before = useMemo(() => draftFromIncident(incident, localZone()), [incident]);
  const [draft, setDraft] = useState(before);
  const [tried, setTried] = useState(false);
  const update = useUpdateIncident(incident.id);
  const errors: DraftErrors = tried
    ? { ...(isVersionConflict(update.error) ? {} : serverFieldErrors(update.error)), ...validateDraft(draft) }
    : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(validateDraft(draft)).length) return;
    const body = draftToUpdateBody(draft, before, incident.version);
    if (Object.keys(body).length === 1) return props.onClose();
    update.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: 'Changes saved.' });
        props.onClose();
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        {update.isError && <SaveErrorAlert error={update.error} onReload={props.onReload} />}
        <IncidentFields
          draft={draft}
          onChange={setDraft}
          errors={errors}
          owner={incident.owner}
          canLowerTlp={incident.abilities.lowerTlp}
          originalTlp={incident.tlp}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EditIncidentModal(props: { incident: Incident; opened: boolean; onClose: () => void; onReload: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`Edit ${props.incident.reference}`} size="xl">
      {/* Mounted only while open, so each opening starts from the incident as it is now. */}
      {props.opened && (
        <EditForm
          incident={props.incident}
          onClose={props.onClose}
          onReload={() => {
            props.onClose();
            props.onReload();
          }}
        />
      )}
    </Modal>
  );
}
