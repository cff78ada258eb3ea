/** Sign-in: e-mail and password, then (when two-step sign-in is on) a code from the app or a recovery code. */
import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconShieldLock } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../../api/api-client.ts';
import { isApiError } from '../../api/api-error.ts';
import { errorMessage } from '../../api/error-message.ts';
import type { Me } from '../../api/types.ts';
import { useMeQuery, useSignedIn } from '../session/use-me.ts';
import { AuthFrame } from './auth-frame.tsx';
import { SignInNotice, type SignInNoticeKind } from './sign-in-notice.tsx';

type Step = 'password' | 'totp' | 'recovery';

export function SignInPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const current = useMeQuery();
  const state = (location.state ?? {}) as { notice?: SignInNoticeKind; from?: string };
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>('password');
  const [notice, setNotice] = useState<SignInNoticeKind>(state.notice);

  const login = useMutation({
    mutationFn: (body: { email: string; password: string; totpCode?: string; recoveryCode?: string }) => api.post<Me>('/auth/login', body),
    onSuccess: (me) => {
      signedIn(me);
      const from = state.from?.startsWith('/') && !state.from.startsWith('//') ? state.from : '/';
      navigate(from, { replace: true });
    },
    onError: (error) => {
      if (isApiError(error, 'auth.totp_required') && step === 'password') {
        setStep('totp');
        setCode('');
        login.reset();
      }
    },
  });

  if (current.data && !login.isPending && !login.isSuccess) return <Navigate to="/" replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    const trimmed = code.replace(/\s+/g, '');
    login.mutate({
      email: email.trim(),
      password,
      ...(step === 'totp' ? { totpCode: trimmed } : {}),
      ...(step === 'recovery' ? { recoveryCode: code.trim() } : {}),
    });
  };

  const back = () => {
    setStep('password');
    setCode('');
    setPassword('');
    login.reset();
  };

  const failure = login.isError && !isApiError(login.error, 'auth.totp_required') ? login.error : null;
  const throttled = isApiError(failure, 'auth.throttled');

  return (
    <AuthFrame
      title={step === 'password' ? 'Sign in' : 'Two-step sign-in'}
      subtitle={
        step === 'password'
          ? 'Use the e-mail address and password your administrator set up for you.'
          : step === 'totp'
            ? 'Enter the six-digit code shown in your authenticator app.'
            : 'Enter one of the recovery codes you saved when you turned on two-step sign-in. Each code works once.'
      }
    >
      <SignInNotice kind={notice} />
      {failure && (
        <Alert
          color={throttled ? 'orange' : 'red'}
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          mb="md"
          role="alert"
          title={throttled ? 'Sign-in paused' : undefined}
        >
          {errorMessage(failure)}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        {step === 'password' ? (
          <Stack gap="md">
            <TextInput
              label="E-mail address"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={login.isPending} disabled={!email || !password} fullWidth mt="xs">
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              Forgotten your password, or new here? Ask an administrator for a set-up link.
            </Text>
          </Stack>
        ) : (
          <Stack gap="md">
            <Group gap="xs" c="dimmed">
              <IconShieldLock size={16} />
              <Text size="sm">{email}</Text>
            </Group>
            {step === 'totp' ? (
              <TextInput
                key="totp"
                label="Authentication code"
                placeholder="123 456"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value.replace(/[^0-9 ]/g, ''))}
                autoFocus
                styles={{ input: { letterSpacing: '0.3em', fontSize: 18 } }}
              />
            ) : (
              <TextInput
                key="recovery"
                label="Recovery code"
                autoComplete="off"
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                autoFocus
                className="mono"
              />
            )}
            <Button
              type="submit"
              loading={login.isPending}
              disabled={step === 'totp' ? code.replace(/\s/g, '').length !== 6 : code.trim().length < 8}
              fullWidth
            >
              Verify and sign in
            </Button>
            <Group justify="space-between">
              <Anchor component="button" type="button" size="sm" onClick={back}>
                <Group gap={4}>
                  <IconArrowLeft size={14} /> Back
                </Group>
              </Anchor>
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => {
                  setStep(step === 'totp' ? 'recovery' : 'totp');
                  setCode('');
                  login.reset();
                }}
              >
                {step === 'totp' ? 'Use a recovery code' : 'Use the authenticator app'}
              </Anchor>
            </Group>
          </Stack>
        )}
      </form>
    </AuthFrame>
  );
}
