/** Change a user's name or role, based on the version the admin saw (the server refuses stale edits). */
import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import type { Role } from '#shared/roles';
import { errorMessage } from '../../api/error-message.ts';
import type { User } from '../../api/types.ts';
import { roleOptions } from './role-options.ts';
import { useUpdateUser } from './users-api.ts';

export function EditUserModal(props: { user: User | null; onClose: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const update = useUpdateUser();
  const { reset } = update;
  useEffect(() => {
    if (props.user) {
      setName(props.user.name);
      setRole(props.user.role);
      reset();
    }
  }, [props.user, reset]);

  const user = props.user;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!user || !name.trim() || !role) return;
    update.mutate(
      {
        id: user.id,
        version: user.version,
        ...(name.trim() !== user.name ? { name: name.trim() } : {}),
        ...(role !== user.role ? { role: role as Role } : {}),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${name.trim()} updated.` });
          props.onClose();
        },
      },
    );
  };

  return (
    <Modal opened={!!user} onClose={props.onClose} title={user ? `Edit ${user.name}` : ''}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {update.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(update.error)}
            </Alert>
          )}
          <TextInput label="Full name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} data-autofocus />
          <TextInput
            label="E-mail address"
            value={user?.email ?? ''}
            disabled
            description="The e-mail address is the sign-in name and cannot be changed."
          />
          <Select label="Role" data={roleOptions(user?.organization.isHome)} value={role} onChange={setRole} allowDeselect={false} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!name.trim() || (name.trim() === user?.name && role === user?.role)}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
