/** The banner above the sign-in form that explains how the user got here. */
import { Alert } from '@mantine/core';
import { IconClockExclamation, IconInfoCircle } from '@tabler/icons-react';

export type SignInNoticeKind = 'expired' | 'signed-out' | 'signed-out-everywhere' | undefined;

export function SignInNotice(props: { kind: SignInNoticeKind }) {
  if (props.kind === 'expired') {
    return (
      <Alert color="yellow" variant="light" icon={<IconClockExclamation size={18} />} title="Your session has ended" mb="md">
        For your security, sessions end after a period of inactivity. Sign in again to continue where you left off.
      </Alert>
    );
  }
  if (props.kind === 'signed-out' || props.kind === 'signed-out-everywhere') {
    return (
      <Alert color="navy" variant="light" icon={<IconInfoCircle size={18} />} mb="md">
        {props.kind === 'signed-out' ? 'You have signed out.' : 'You have signed out on every device.'}
      </Alert>
    );
  }
  return null;
}
