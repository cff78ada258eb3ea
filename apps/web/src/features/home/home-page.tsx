/** The signed-in home: who you are, how safe your account is, and where you can go from here. */
import { Grid, Stack, Text, Title } from '@mantine/core';
import { PortalNoticesCard } from '../portal/notices/portal-notices-card.tsx';
import { useMe } from '../session/use-me.ts';
import { OrganizationCard } from './organization-card.tsx';
import { QuickLinks } from './quick-links.tsx';
import { RecentActivityCard } from './recent-activity-card.tsx';
import { SecurityStatusCard } from './security-status-card.tsx';

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

export function HomePage() {
  const me = useMe();
  const today = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
  return (
    <Stack gap="xl">
      <div>
        <Text size="sm" c="dimmed">
          {today}
        </Text>
        <Title order={2} data-testid="welcome">
          {greeting(new Date().getHours())}, {me.user.name}
        </Title>
      </div>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <OrganizationCard me={me} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <SecurityStatusCard me={me} />
        </Grid.Col>
      </Grid>
      {me.permissions.includes('notices.respond') && <PortalNoticesCard />}
      <Stack gap="sm">
        <Title order={4}>Where to go</Title>
        <QuickLinks permissions={me.permissions} />
      </Stack>
      {me.permissions.includes('audit.read') && <RecentActivityCard />}
    </Stack>
  );
}
