/** Turning on two-step sign-in: scan the code, confirm with one code, keep the recovery codes. */
import { Alert, Button, Center, Group, Image, Loader, Modal, Stack, Stepper, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api/api-client.ts';
import { errorMessage } from '../../api/error-message.ts';
import type { RecoveryCodesResult, TotpSetupResult } from '../../api/types.ts';
import { CopyField } from '../../components/copy-field.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { RecoveryCodes } from './recovery-codes.tsx';

export function TotpEnrolModal(props: { opened: boolean; email: string; onClose: (enabled: boolean) => void }) {
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const setup = useMutation({
    mutationFn: () => api.post<TotpSetupResult>('/me/totp/setup'),
    onSuccess: async (result) => setQr(await QRCode.toDataURL(result.otpauthUri, { margin: 1, width: 200, color: { dark: '#1c3d5a' } })),
  });
  const confirm = useMutation({ mutationFn: () => api.post<RecoveryCodesResult>('/me/totp/confirm', { code }) });

  // Each opening starts one fresh enrolment; the ref keeps a double-run effect from starting two.
  const started = useRef(false);
  const { mutate: begin, reset: resetSetup } = setup;
  const { reset: resetConfirm } = confirm;
  useEffect(() => {
    if (!props.opened) {
      started.current = false;
      return;
    }
    if (started.current) return;
    started.current = true;
    setQr(null);
    setCode('');
    resetSetup();
    resetConfirm();
    begin();
  }, [props.opened, begin, resetSetup, resetConfirm]);

  const done = !!confirm.data;
  const close = () => props.onClose(done);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (/^\d{6}$/.test(code)) confirm.mutate();
  };

  return (
    <Modal opened={props.opened} onClose={close} title="Turn on two-step sign-in" size="lg" closeOnClickOutside={false}>
      <Stepper active={done ? 1 : 0} size="sm" mb="lg" allowNextStepsSelect={false}>
        <Stepper.Step label="Connect your app" />
        <Stepper.Step label="Save recovery codes" />
      </Stepper>
      {done ? (
        <>
          <RecoveryCodes codes={confirm.data.recoveryCodes} email={props.email} />
          <Group justify="flex-end" mt="lg">
            <Button onClick={close}>I have saved my codes</Button>
          </Group>
        </>
      ) : setup.isError ? (
        <ErrorState error={setup.error} onRetry={() => setup.mutate()} />
      ) : !setup.data || !qr ? (
        <Center py="xl">
          <Loader aria-label="Preparing" />
        </Center>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">
              1. Scan this code with an authenticator app (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator).
            </Text>
            <Center>
              <Image src={qr} alt="QR code for your authenticator app" w={200} h={200} />
            </Center>
            <Text size="sm" c="dimmed">
              Cannot scan? Enter this key in the app instead:
            </Text>
            <CopyField value={setup.data.secret} label="secret key" />
            <Text size="sm">2. Enter the six-digit code the app now shows.</Text>
            {confirm.isError && (
              <Alert color="red" variant="light" role="alert">
                {errorMessage(confirm.error)}
              </Alert>
            )}
            <Group align="flex-end" gap="sm">
              <TextInput
                label="Code from the app"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
                styles={{ input: { letterSpacing: '0.3em', fontSize: 18, width: 160 } }}
              />
              <Button type="submit" loading={confirm.isPending} disabled={code.length !== 6}>
                Confirm
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
