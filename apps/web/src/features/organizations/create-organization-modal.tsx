/** Register an outside organization: name, kind, jurisdiction, sectors and what it is regulated as and in. */
import { Alert, Button, Group, Modal, Select, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { CreateOrganizationBody } from '#shared/contracts/organizations';
import { ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS } from '#shared/organizations';
import { errorMessage } from '../../api/error-message.ts';
import type { Organization } from '../../api/types.ts';
import { OrganizationFields } from './organization-fields.tsx';
import { EMPTY_ORGANIZATION_FORM, formToCreateBody, isOrganizationFormValid } from './organization-form.ts';
import { useCreateOrganization } from './organizations-api.ts';

const KINDS = ORGANIZATION_KINDS.filter((k) => k !== 'cert').map((k) => ({ value: k, label: ORGANIZATION_KIND_LABELS[k] }));

export function CreateOrganizationModal(props: { opened: boolean; onClose: () => void; onCreated: (organization: Organization) => void }) {
  const [form, setForm] = useState(EMPTY_ORGANIZATION_FORM);
  const [kind, setKind] = useState<string | null>(null);
  const create = useCreateOrganization();
  const valid = isOrganizationFormValid(form) && !!kind;

  const close = () => {
    setForm(EMPTY_ORGANIZATION_FORM);
    setKind(null);
    create.reset();
    props.onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    const body: CreateOrganizationBody = { ...formToCreateBody(form), kind: kind as CreateOrganizationBody['kind'] };
    create.mutate(body, {
      onSuccess: (organization) => {
        close();
        props.onCreated(organization);
      },
    });
  };

  return (
    <Modal opened={props.opened} onClose={close} title="Add an organization">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {create.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <OrganizationFields form={form} onChange={setForm}>
            <Select label="Kind" required data={KINDS} value={kind} onChange={setKind} placeholder="Choose a kind" />
          </OrganizationFields>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!valid}>
              Add organization
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
