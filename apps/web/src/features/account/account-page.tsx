/** Account & security: who you are, your password, two-step sign-in, API tokens and sessions. */
import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconDevicesOff } from '@tabler/icons-react';
import { ORGANIZATION_KIND_LABELS } from '#shared/organizations';
import { ROLE_LABELS } from '#shared/roles';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { useMe } from '../session/use-me.ts';
import { useSignOut } from '../session/use-sign-out.ts';
import { ApiTokensCard } from './api-tokens-card.tsx';
import { ChangePasswordCard } from './change-password-card.tsx';
import { TwoStepCard } from './two-step-card.tsx';

function Fact(props: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {props.label}
      </Text>
      <Text size="sm" fw={500}>
        {props.value}
      </Text>
    </div>
  );
}

export function AccountPage() {
  const me = useMe();
  const signOut = useSignOut();
  const { user } = me;
  return (
    <>
      <PageHeader title="Account & security" description="Your profile, how you sign in, and the tokens that act for you." />
      <Stack gap="lg">
        <Card padding="lg">
          <Title order={4} mb="md">
            Profile
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="md">
            <Fact label="Name" value={user.name} />
            <Fact label="E-mail" value={user.email} />
            <Fact label="Role" value={ROLE_LABELS[user.role]} />
            <Fact label="Organization" value={`${user.organization.name} (${ORGANIZATION_KIND_LABELS[user.organization.kind]})`} />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt="md">
            Your name, role and organization are managed by an administrator.
          </Text>
        </Card>
        <TwoStepCard me={me} />
        <ChangePasswordCard />
        <ApiTokensCard />
        <Card padding="lg">
          <Group justify="space-between" align="center" wrap="wrap">
            <div>
              <Title order={4}>Sessions</Title>
              <Text size="sm" c="dimmed">
                {me.sessionExpiresAt ? `This session ends at the latest ${formatDateTime(me.sessionExpiresAt)}. ` : ''}
                Lost a device or signed in somewhere shared? Sign out everywhere.
              </Text>
            </div>
            <Button variant="default" leftSection={<IconDevicesOff size={16} />} onClick={() => signOut(true)}>
              Sign out everywhere
            </Button>
          </Group>
        </Card>
      </Stack>
    </>
  );
}
