/** Name a new API token and choose its lifetime; then show the token once. */
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/error-message.ts';
import { CopyField } from '../../components/copy-field.tsx';
import { formatDate } from '../../lib/format-time.ts';
import { useCreateApiToken } from './api-tokens-api.ts';

const LIFETIMES = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '366', label: 'One year' },
  { value: 'never', label: 'No expiry' },
];

export function CreateTokenModal(props: { opened: boolean; onClose: () => void }) {
  const [name, setName] = useState('');
  const [lifetime, setLifetime] = useState<string>('90');
  const create = useCreateApiToken();
  const close = () => {
    setName('');
    setLifetime('90');
    create.reset();
    props.onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate({ name: name.trim(), ...(lifetime === 'never' ? {} : { expiresInDays: Number(lifetime) }) });
  };
  return (
    <Modal
      opened={props.opened}
      onClose={close}
      title={create.data ? 'Your new API token' : 'Create an API token'}
      closeOnClickOutside={!create.data}
    >
      {create.data ? (
        <Stack gap="md">
          <Alert color="orange" variant="light">
            Copy the token now. It is shown only this once; Casebook keeps only a fingerprint of it.
          </Alert>
          <CopyField value={create.data.token} label="API token" />
          <Text size="sm" c="dimmed">
            Send it as <code>Authorization: Bearer …</code>. It acts with your rights
            {create.data.expiresAt ? ` until ${formatDate(create.data.expiresAt)}` : ''}.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {create.isError && (
              <Alert color="red" variant="light" role="alert">
                {errorMessage(create.error)}
              </Alert>
            )}
            <TextInput
              label="Name"
              description="What the token is for, e.g. “STIX import script”."
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
            />
            <Select
              label="Expires after"
              data={LIFETIMES}
              value={lifetime}
              onChange={(v) => setLifetime(v ?? '90')}
              allowDeselect={false}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
