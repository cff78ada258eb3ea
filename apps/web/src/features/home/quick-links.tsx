/** Shortcuts to what this user may do, each shown only with its permission. */
import { Badge, Card, Group, SimpleGrid, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconAlertOctagon, IconBuilding, IconChevronRight, IconHistory, IconUserShield, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useFailedJobs } from '../jobs/jobs-api.ts';

interface QuickLink {
  to: string;
  title: string;
  text: string;
  icon: ReactNode;
  permission?: string;
  badge?: ReactNode;
}

export function QuickLinks(props: { permissions: string[] }) {
  const can = (p?: string) => !p || props.permissions.includes(p);
  const failed = useFailedJobs(can('jobs.read'));
  const failedCount = failed.data?.items.length;
  const links: QuickLink[] = [
    {
      to: '/admin/users',
      title: 'Users',
      text: props.permissions.includes('users.manage')
        ? 'Invite people, set roles, send set-up links.'
        : 'Look people up in the directory.',
      icon: <IconUsers size={20} />,
      permission: 'users.read',
    },
    {
      to: '/admin/organizations',
      title: 'Organizations',
      text: 'Platforms, vendors and government bodies you work with.',
      icon: <IconBuilding size={20} />,
      permission: 'organizations.read',
    },
    {
      to: '/admin/audit-log',
      title: 'Audit log',
      text: 'Every change and sign-in, hash-chained.',
      icon: <IconHistory size={20} />,
      permission: 'audit.read',
    },
    {
      to: '/admin/failed-jobs',
      title: 'Failed jobs',
      text: 'Background work that needs a retry.',
      icon: <IconAlertOctagon size={20} />,
      permission: 'jobs.read',
      badge:
        failedCount === undefined ? null : (
          <Badge color={failedCount ? 'red' : 'teal'} variant="light">
            {failedCount ? `${failedCount} failed` : 'All clear'}
          </Badge>
        ),
    },
    { to: '/account', title: 'Account & security', text: 'Password, two-step sign-in, API tokens.', icon: <IconUserShield size={20} /> },
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
      {links
        .filter((l) => can(l.permission))
        .map((link) => (
          <UnstyledButton key={link.to} component={Link} to={link.to} aria-label={link.title}>
            <Card padding="md" h="100%" style={{ transition: 'border-color 120ms' }} className="quick-link">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <ThemeIcon variant="light" size={38} radius="md">
                    {link.icon}
                  </ThemeIcon>
                  <div>
                    <Group gap="xs">
                      <Text fw={600}>{link.title}</Text>
                      {link.badge}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {link.text}
                    </Text>
                  </div>
                </Group>
                <IconChevronRight size={18} color="var(--mantine-color-gray-5)" />
              </Group>
            </Card>
          </UnstyledButton>
        ))}
    </SimpleGrid>
  );
}
