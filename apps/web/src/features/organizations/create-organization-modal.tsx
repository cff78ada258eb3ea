/** Register an outside organization: name, kind, jurisdiction and sectors. */
import { Alert, Button, Group, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { CreateOrganizationBody } from '#shared/contracts/organizations';
import { ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS } from '#shared/organizations';
import { errorMessage } from '../../api/error-message.ts';
import type { Organization } from '../../api/types.ts';
import { useCreateOrganization } from './organizations-api.ts';

const KINDS = ORGANIZATION_KINDS.filter((k) => k !== 'cert').map((k) => ({ value: k, label: ORGANIZATION_KIND_LABELS[k] }));

export function CreateOrganizationModal(props: { opened: boolean; onClose: () => void; onCreated: (organization: Organization) => void }) {
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const [kind, setKind] = useState<string | null>(null);
  const [jurisdiction, setJurisdiction] = useState('');
  const [sectors, setSectors] = useState<string[]>([]);
  const create = useCreateOrganization();
  const jurisdictionValid = jurisdiction === '' || /^[A-Z]{2}$/.test(jurisdiction);

  const close = () => {
    setName('');
    setShortName('');
    setKind(null);
    setJurisdiction('');
    setSectors([]);
    create.reset();
    props.onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || !kind || !jurisdictionValid) return;
    const body: CreateOrganizationBody = {
      name: name.trim(),
      kind: kind as CreateOrganizationBody['kind'],
      ...(shortName.trim() ? { shortName: shortName.trim() } : {}),
      ...(jurisdiction ? { jurisdiction } : {}),
      ...(sectors.length ? { sectors } : {}),
    };
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
          <TextInput label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <TextInput
            label="Short name"
            description="An abbreviation used in lists, if it has one."
            maxLength={40}
            value={shortName}
            onChange={(e) => setShortName(e.currentTarget.value)}
          />
          <Select label="Kind" required data={KINDS} value={kind} onChange={setKind} placeholder="Choose a kind" />
          <TextInput
            label="Jurisdiction"
            description="Two-letter country code (ISO 3166-1), e.g. IN, US, IE."
            maxLength={2}
            value={jurisdiction}
            onChange={(e) => setJurisdiction(e.currentTarget.value.toUpperCase().replace(/[^A-Z]/g, ''))}
            error={jurisdictionValid ? undefined : 'Use two letters.'}
            w={240}
          />
          <TagsInput
            label="Sectors"
            description="Press Enter after each, e.g. telecommunications."
            value={sectors}
            onChange={setSectors}
            maxTags={20}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim() || !kind || !jurisdictionValid}>
              Add organization
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
