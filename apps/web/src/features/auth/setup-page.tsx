/**
 * First sign-in through a one-time set-up link (/setup#token=…). The token travels in the
 * fragment so it never reaches server logs or referrers; it is removed from the address
 * bar as soon as it is read.
 */
import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { IconAlertTriangle, IconLinkOff } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/api-client.ts';
import { isApiError } from '../../api/api-error.ts';
import { errorMessage } from '../../api/error-message.ts';
import type { Me } from '../../api/types.ts';
import { useSignedIn } from '../session/use-me.ts';
import { AuthFrame } from './auth-frame.tsx';
import { PasswordRules, passwordReady } from './password-rules.tsx';

function readToken(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  return params.get('token');
}

export function SetupPage() {
  const [token] = useState(readToken);
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const navigate = useNavigate();
  const signedIn = useSignedIn();

  const setup = useMutation({
    mutationFn: () => api.post<Me>('/auth/password-setup', { token, password }),
    onSuccess: (me) => {
      signedIn(me);
      navigate('/', { replace: true, state: { welcome: true } });
    },
  });

  if (!token || isApiError(setup.error, 'auth.setup_link_invalid')) {
    return (
      <AuthFrame title="This set-up link cannot be used">
        <Alert color="orange" variant="light" icon={<IconLinkOff size={18} />} role="alert">
          {setup.error
            ? errorMessage(setup.error)
            : 'The link is incomplete. Open the whole link you were sent, or ask an administrator for a new one.'}
        </Alert>
        <Button component="a" href="/sign-in" variant="light" fullWidth mt="lg">
          Go to sign-in
        </Button>
      </AuthFrame>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passwordReady(password, confirmation)) setup.mutate();
  };

  return (
    <AuthFrame
      title="Choose your password"
      subtitle="Welcome to Casebook. Set a password to finish setting up your account; you will be signed in straight away."
    >
      {setup.isError && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} mb="md" role="alert">
          {errorMessage(setup.error)}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoFocus
          />
          <PasswordInput
            label="Repeat the password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.currentTarget.value)}
          />
          <PasswordRules password={password} confirmation={confirmation} />
          <Button type="submit" loading={setup.isPending} disabled={!passwordReady(password, confirmation)} fullWidth>
            Set password and sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
