/** Add a person: e-mail, name, organization and a role that fits it; the set-up link follows. */
import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Role } from '#shared/roles';
import { errorMessage } from '../../api/error-message.ts';
import type { SetupLinkResult, User } from '../../api/types.ts';
import { useAllOrganizations } from '../organizations/organizations-api.ts';
import { roleOptions } from './role-options.ts';
import { useCreateUser } from './users-api.ts';

export function CreateUserModal(props: {
  opened: boolean;
  organizationId?: string;
  onClose: () => void;
  onCreated: (user: User, link: SetupLinkResult) => void;
}) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [organizationId, setOrganizationId] = useState<string | null>(props.organizationId ?? null);
  const [role, setRole] = useState<string | null>(null);
  const organizations = useAllOrganizations(props.opened);
  const create = useCreateUser();
  const selectedOrg = organizations.data?.find((o) => o.id === organizationId);
  const assignable = organizations.data?.filter((o) => o.abilities.manageUsers) ?? [];

  const reset = () => {
    setEmail('');
    setName('');
    setRole(null);
    setOrganizationId(props.organizationId ?? null);
    create.reset();
  };
  const close = () => {
    reset();
    props.onClose();
  };
  const ready = email.includes('@') && name.trim() && organizationId && role;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    create.mutate(
      { email: email.trim(), name: name.trim(), role: role as Role, organizationId: organizationId as string },
      {
        onSuccess: (result) => {
          reset();
          props.onCreated(result.user, result.setupLink);
        },
      },
    );
  };

  return (
    <Modal opened={props.opened} onClose={close} title="Add a user" size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {create.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <TextInput
            label="Full name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={200}
            data-autofocus
          />
          <TextInput
            label="E-mail address"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            maxLength={254}
          />
          <Select
            label="Organization"
            required
            searchable
            placeholder={organizations.isPending ? 'Loading…' : 'Choose an organization'}
            data={assignable.map((o) => ({ value: o.id, label: o.isHome ? `${o.name} (home)` : o.name }))}
            value={organizationId}
            onChange={(value) => {
              setOrganizationId(value);
              setRole(null);
            }}
            nothingFoundMessage="No organization matches"
            error={organizations.isError ? errorMessage(organizations.error) : undefined}
          />
          <Select
            label="Role"
            required
            placeholder={selectedOrg ? 'Choose a role' : 'Choose the organization first'}
            disabled={!selectedOrg}
            data={roleOptions(selectedOrg?.isHome)}
            value={role}
            onChange={setRole}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!ready}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
