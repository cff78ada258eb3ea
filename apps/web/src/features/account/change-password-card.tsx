/** Change the password; the server signs out every other session when it changes. */
import { Alert, Button, Card, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/api-client.ts';
import { errorMessage } from '../../api/error-message.ts';
import { PasswordRules, passwordReady } from '../auth/password-rules.tsx';

export function ChangePasswordCard() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const change = useMutation({
    mutationFn: () => api.post('/me/password', { currentPassword, newPassword }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setConfirmation('');
      notifications.show({ color: 'teal', title: 'Password changed', message: 'Your other sessions have been signed out.' });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (currentPassword && passwordReady(newPassword, confirmation)) change.mutate();
  };
  return (
    <Card padding="lg">
      <Title order={4}>Password</Title>
      <Text size="sm" c="dimmed" mb="md">
        Changing your password signs you out on every other device.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          {change.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(change.error)}
            </Alert>
          )}
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.currentTarget.value)}
          />
          {newPassword && <PasswordRules password={newPassword} confirmation={confirmation} />}
          <Button
            type="submit"
            loading={change.isPending}
            disabled={!currentPassword || !passwordReady(newPassword, confirmation)}
            w="fit-content"
          >
            Change password
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
