/** Two-step sign-in: its state, turning it on, and turning it off with the password. */
import { Alert, Badge, Button, Card, Group, Modal, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/api-client.ts';
import { errorMessage } from '../../api/error-message.ts';
import type { Me } from '../../api/types.ts';
import { ME_KEY } from '../session/use-me.ts';
import { TotpEnrolModal } from './totp-enrol-modal.tsx';

export function TwoStepCard(props: { me: Me }) {
  const client = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const [password, setPassword] = useState('');
  const on = props.me.user.totpEnabled;
  const disable = useMutation({
    mutationFn: () => api.post('/me/totp/disable', { password }),
    onSuccess: async () => {
      setDisabling(false);
      setPassword('');
      await client.invalidateQueries({ queryKey: ME_KEY });
      notifications.show({ color: 'orange', title: 'Two-step sign-in is off', message: 'Your password alone now signs you in.' });
    },
  });
  const submitDisable = (event: FormEvent) => {
    event.preventDefault();
    if (password) disable.mutate();
  };

  return (
    <Card padding="lg" id="two-step">
      <Group justify="space-between" mb={4}>
        <Title order={4}>Two-step sign-in</Title>
        <Badge color={on ? 'teal' : 'orange'} variant="light" data-testid="totp-status">
          {on ? 'On' : 'Off'}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="md" maw={640}>
        {on
          ? 'Signing in needs your password and a six-digit code from your authenticator app. Keep your recovery codes safe in case you lose the device.'
          : 'Protect your account with a six-digit code from an authenticator app on your phone, asked for after your password.'}
      </Text>
      {on ? (
        <Button variant="default" color="red" onClick={() => setDisabling(true)} w="fit-content">
          Turn off two-step sign-in
        </Button>
      ) : (
        <Button onClick={() => setEnrolling(true)} w="fit-content">
          Turn on two-step sign-in
        </Button>
      )}
      <TotpEnrolModal
        opened={enrolling}
        email={props.me.user.email}
        onClose={(enabled) => {
          setEnrolling(false);
          if (enabled) {
            void client.invalidateQueries({ queryKey: ME_KEY });
            notifications.show({
              color: 'teal',
              title: 'Two-step sign-in is on',
              message: 'You will be asked for a code the next time you sign in.',
            });
          }
        }}
      />
      <Modal
        opened={disabling}
        onClose={() => {
          setDisabling(false);
          disable.reset();
        }}
        title="Turn off two-step sign-in"
      >
        <form onSubmit={submitDisable} noValidate>
          <Stack gap="md">
            <Text size="sm">Your password alone will then sign you in. Enter it to confirm.</Text>
            {disable.isError && (
              <Alert color="red" variant="light" role="alert">
                {errorMessage(disable.error)}
              </Alert>
            )}
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDisabling(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={disable.isPending} disabled={!password}>
                Turn off
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
