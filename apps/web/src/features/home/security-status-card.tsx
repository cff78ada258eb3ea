/** Whether the account is well protected, with the one next step if it is not. */
import { Badge, Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconClock, IconShieldCheck, IconShieldExclamation } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Me } from '../../api/types.ts';
import { formatDateTime } from '../../lib/format-time.ts';

export function SecurityStatusCard(props: { me: Me }) {
  const on = props.me.user.totpEnabled;
  return (
    <Card padding="lg" h="100%">
      <Group justify="space-between" mb="md">
        <Title order={4}>Account security</Title>
        <Badge color={on ? 'teal' : 'orange'} variant="light">
          {on ? 'Protected' : 'Action needed'}
        </Badge>
      </Group>
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon color={on ? 'teal' : 'orange'} variant="light" size={36} radius="md">
            {on ? <IconShieldCheck size={20} /> : <IconShieldExclamation size={20} />}
          </ThemeIcon>
          <div>
            <Text fw={600} size="sm">
              Two-step sign-in is {on ? 'on' : 'off'}
            </Text>
            <Text size="sm" c="dimmed">
              {on
                ? 'Signing in needs your password and a code from your authenticator app.'
                : 'Anyone who learns your password can sign in as you. Add a code from an authenticator app to protect the incidents you handle.'}
            </Text>
          </div>
        </Group>
        {props.me.sessionExpiresAt && (
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon color="gray" variant="light" size={36} radius="md">
              <IconClock size={20} />
            </ThemeIcon>
            <div>
              <Text fw={600} size="sm">
                This session
              </Text>
              <Text size="sm" c="dimmed">
                Ends at the latest {formatDateTime(props.me.sessionExpiresAt)}, sooner if left idle.
              </Text>
            </div>
          </Group>
        )}
        <Button
          component={Link}
          to="/account"
          variant={on ? 'default' : 'filled'}
          color={on ? undefined : 'orange'}
          mt="xs"
          w="fit-content"
        >
          {on ? 'Review account & security' : 'Turn on two-step sign-in'}
        </Button>
      </Stack>
    </Card>
  );
}
