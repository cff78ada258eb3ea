/** The signed-in user's menu in the header: who they are, their settings, signing out. */
import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconDevicesOff, IconLogout, IconUserShield } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ROLE_LABELS } from '#shared/roles';
import type { Me } from '../api/types.ts';
import { useSignOut } from '../features/session/use-sign-out.ts';

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}

export function UserMenu(props: { me: Me }) {
  const { user } = props.me;
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${user.name}`} px="xs" py={4} style={{ borderRadius: 6 }}>
          <Group gap="xs" wrap="nowrap">
            <Avatar color="navy" radius="xl" size={32}>
              {initialsOf(user.name)}
            </Avatar>
            <div style={{ lineHeight: 1.2 }}>
              <Text size="sm" fw={600} data-testid="header-user-name">
                {user.name}
              </Text>
              <Text size="xs" c="dimmed" visibleFrom="sm">
                {ROLE_LABELS[user.role]}
              </Text>
            </div>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <div style={{ padding: '8px 12px' }}>
          <Text size="sm" fw={600}>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed">
            {user.email}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {ROLE_LABELS[user.role]} · {user.organization.name}
          </Text>
        </div>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account" leftSection={<IconUserShield size={16} />}>
          Account & security
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => signOut(false)}>
          Sign out
        </Menu.Item>
        <Menu.Item leftSection={<IconDevicesOff size={16} />} onClick={() => signOut(true)}>
          Sign out everywhere
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
