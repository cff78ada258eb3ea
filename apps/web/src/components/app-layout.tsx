/** The signed-in frame: header, left navigation, page. Sends anyone not signed in to sign-in. */
import { AppShell, Burger, Center, Divider, Group, Loader, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useMeQuery } from '../features/session/use-me.ts';
import { BrandMark } from './brand-mark.tsx';
import { ErrorState } from './error-state.tsx';
import { NavLinks } from './nav-links.tsx';
import { UserMenu } from './user-menu.tsx';

export function AppLayout() {
  const me = useMeQuery();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading Casebook" />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center h="100vh" p="md">
        <div style={{ maxWidth: 520, width: '100%' }}>
          <ErrorState error={me.error} title="Casebook could not start" onRetry={() => me.refetch()} />
        </div>
      </Center>
    );
  }
  if (!me.data) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;

  const { user } = me.data;
  const orgLabel = user.organization.isHome ? user.organization.name : `${user.organization.name} · organization portal`;
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="xl">
      <AppShell.Header withBorder>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <BrandMark />
            <Divider orientation="vertical" visibleFrom="sm" />
            <Text size="sm" c="dimmed" fw={500} visibleFrom="sm" data-testid="header-organization">
              {orgLabel}
            </Text>
          </Group>
          <UserMenu me={me.data} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <NavLinks permissions={me.data.permissions} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
