/** A value shown once (a token, a link) with a button to copy it. */
import { ActionIcon, CopyButton, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

export function CopyField(props: { value: string; label: string }) {
  return (
    <Paper withBorder p="sm" bg="gray.0">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text className="mono" data-testid={`copy-field-${props.label.toLowerCase().replace(/\W+/g, '-')}`}>
          {props.value}
        </Text>
        <CopyButton value={props.value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : `Copy ${props.label}`} withArrow>
              <ActionIcon
                variant={copied ? 'filled' : 'light'}
                color={copied ? 'teal' : 'navy'}
                onClick={copy}
                aria-label={`Copy ${props.label}`}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Paper>
  );
}
