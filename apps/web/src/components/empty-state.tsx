/** What a list or page shows when there is nothing (yet) to show. */
import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function EmptyState(props: { icon: ReactNode; title: string; message?: ReactNode; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py={48} px="md" ta="center">
      <ThemeIcon size={52} radius="xl" variant="light" color="gray">
        {props.icon}
      </ThemeIcon>
      <Title order={4} mt="xs">
        {props.title}
      </Title>
      {props.message && (
        <Text c="dimmed" size="sm" maw={440}>
          {props.message}
        </Text>
      )}
      {props.action && <div style={{ marginTop: 8 }}>{props.action}</div>}
    </Stack>
  );
}
