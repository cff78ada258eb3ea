/** The one-time set-up link, shown once so the administrator can hand it over. */
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { SetupLinkResult } from '../../api/types.ts';
import { CopyField } from '../../components/copy-field.tsx';
import { formatDateTime } from '../../lib/format-time.ts';

export function SetupLinkModal(props: { link: SetupLinkResult | null; userName: string; created?: boolean; onClose: () => void }) {
  return (
    <Modal
      opened={!!props.link}
      onClose={props.onClose}
      title={props.created ? 'User created' : 'New set-up link'}
      size="lg"
      closeOnClickOutside={false}
    >
      {props.link && (
        <Stack gap="md">
          <Text size="sm">
            Give this link to <b>{props.userName}</b> through a trusted channel. It lets them choose a password and sign in once, and it
            stops working on <b>{formatDateTime(props.link.expiresAt)}</b>.
          </Text>
          <CopyField value={props.link.url} label="set-up link" />
          <Alert color="navy" variant="light" icon={<IconInfoCircle size={18} />}>
            This link is shown only now. If it is lost, issue a new one; the old link then stops working.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={props.onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
