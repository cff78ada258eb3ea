/** Shown when a save lost a race: someone else changed the record first. */
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { isApiError } from '../../api/api-error.ts';
import { errorMessage } from '../../api/error-message.ts';

export function isVersionConflict(error: unknown): boolean {
  return isApiError(error) && /\.version_conflict$/.test(error.code);
}

/** A failed save: a version conflict offers to reload; anything else says what went wrong. */
export function SaveErrorAlert(props: { error: unknown; onReload: () => void; what?: string }) {
  if (isVersionConflict(props.error)) {
    return (
      <Alert color="orange" variant="light" role="alert" title="Someone changed this meanwhile">
        <Group justify="space-between" gap="sm">
          <Text size="sm">Reload to see their change, then make yours again.</Text>
          <Button size="xs" variant="white" color="orange" leftSection={<IconRefresh size={14} />} onClick={props.onReload}>
            Reload
          </Button>
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" role="alert" title={props.what ? `${props.what} was not saved` : undefined}>
      {errorMessage(props.error)}
    </Alert>
  );
}
