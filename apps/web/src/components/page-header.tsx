/** The title block at the top of every page, with an optional action on the right. */
import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageHeader(props: { title: ReactNode; description?: ReactNode; action?: ReactNode; eyebrow?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" mb="lg" wrap="wrap" gap="md">
      <Stack gap={4}>
        {props.eyebrow}
        <Title order={2}>{props.title}</Title>
        {props.description && (
          <Text c="dimmed" size="sm" maw={720}>
            {props.description}
          </Text>
        )}
      </Stack>
      {props.action}
    </Group>
  );
}
