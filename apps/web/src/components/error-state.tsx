/** A failed load: what went wrong, and a way to try again. */
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage } from '../api/error-message.ts';

export function ErrorState(props: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} />}
      title={props.title ?? 'This could not be loaded'}
      role="alert"
    >
      <Group justify="space-between" align="center" gap="md">
        <Text size="sm">{errorMessage(props.error)}</Text>
        {props.onRetry && (
          <Button size="xs" variant="white" color="red" onClick={props.onRetry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
