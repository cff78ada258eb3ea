/** Edit an organization's particulars, legal roles and jurisdictions; the save carries the version it was based on. */
import { Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import type { Organization } from '../../api/types.ts';
import { SaveErrorAlert } from '../incidents/version-conflict-alert.tsx';
import { OrganizationFields } from './organization-fields.tsx';
import { formFromOrganization, formToUpdateBody, isOrganizationFormValid } from './organization-form.ts';
import { useUpdateOrganization } from './organizations-api.ts';

function EditForm(props: { organization: Organization; onClose: () => void; onReload: () => void }) {
  const { organization } = props;
  const [form, setForm] = useState(() => formFromOrganization(organization));
  const update = useUpdateOrganization(organization.id);
  const valid = isOrganizationFormValid(form);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    const body = formToUpdateBody(form, organization);
    if (Object.keys(body).length === 1) return props.onClose();
    update.mutate(body, {
      onSuccess: (saved) => {
        notifications.show({ color: 'teal', message: `${saved.name} updated.` });
        props.onClose();
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {update.isError && <SaveErrorAlert error={update.error} onReload={props.onReload} what="The organization" />}
        <OrganizationFields form={form} onChange={setForm} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!valid}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EditOrganizationModal(props: { organization: Organization; opened: boolean; onClose: () => void; onReload: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`Edit ${props.organization.name}`}>
      {/* Mounted only while open, so each opening starts from the organization as it is now. */}
      {props.opened && (
        <EditForm
          organization={props.organization}
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
