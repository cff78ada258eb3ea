/** Edits an incident's facts; the save carries the version it was based on. */
import { Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo, useState } from 'react';
import { viewerTimeZone } from '../../lib/format-time.ts';
import { type DraftErrors, draftFromIncident, draftToUpdateBody, serverFieldErrors, validateDraft } from './incident-draft.ts';
import { IncidentFields } from './incident-fields.tsx';
import { type Incident, useUpdateIncident } from './incidents-api.ts';
import { SaveErrorAlert, isVersionConflict } from './version-conflict-alert.tsx';

function EditForm(props: { incident: Incident; onClose: () => void; onReload: () => void }) {
  const { incident } = props;
  const before = useMemo(() => draftFromIncident(incident, viewerTimeZone()), [incident]);
  const [draft, setDraft] = useState(before);
  const [errors, setErrors] = useState<DraftErrors>({});
  const update = useUpdateIncident(incident.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateDraft(draft);
    setErrors(found);
    if (Object.keys(found).length) return;
    const body = draftToUpdateBody(draft, before, incident.version);
    if (Object.keys(body).length === 1) return props.onClose();
    update.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: 'Changes saved.' });
        props.onClose();
      },
      onError: (error) => setErrors(isVersionConflict(error) ? {} : serverFieldErrors(error)),
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
