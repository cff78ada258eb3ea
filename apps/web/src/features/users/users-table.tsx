/** A table of users with their row actions (edit, disable or enable, new set-up link). */
import { Avatar, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ROLE_LABELS } from '#shared/roles';
import { errorMessage } from '../../api/error-message.ts';
import type { SetupLinkResult, User } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { initialsOf } from '../../components/user-menu.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { EditUserModal } from './edit-user-modal.tsx';
import { SetupLinkModal } from './setup-link-modal.tsx';
import { type UserAction, UserRowMenu } from './user-row-menu.tsx';
import { useIssueSetupLink, useUpdateUser } from './users-api.ts';

function StatusBadge(props: { user: User }) {
  const { user } = props;
  if (user.disabled)
    return (
      <Badge color="gray" variant="outline">
        Disabled
      </Badge>
    );
  if (!user.hasPassword)
    return (
      <Badge color="yellow" variant="light">
        Invited
      </Badge>
    );
  return (
    <Badge color="teal" variant="light">
      Active
    </Badge>
  );
}

export function UsersTable(props: { users: User[]; showOrganization?: boolean }) {
  const [editing, setEditing] = useState<User | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);
  const [link, setLink] = useState<{ user: User; link: SetupLinkResult } | null>(null);
  const update = useUpdateUser();
  const issue = useIssueSetupLink();

  const onAction = (action: UserAction, user: User) => {
    if (action === 'edit') setEditing(user);
    if (action === 'toggle-disabled') setToggling(user);
    if (action === 'setup-link') {
      issue.mutate(user.id, {
        onSuccess: (result) => setLink({ user, link: result }),
        onError: (error) => notifications.show({ color: 'red', title: 'No set-up link issued', message: errorMessage(error) }),
      });
    }
  };

  const confirmToggle = () => {
    if (!toggling) return;
    const disabled = !toggling.disabled;
    update.mutate(
      { id: toggling.id, version: toggling.version, disabled },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${toggling.name} ${disabled ? 'disabled' : 'enabled'}.` });
          setToggling(null);
        },
        onError: (error) => {
          notifications.show({ color: 'red', title: 'The change was not saved', message: errorMessage(error) });
          setToggling(null);
        },
      },
    );
  };

  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              {props.showOrganization !== false && <Table.Th>Organization</Table.Th>}
              <Table.Th>Status</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Two-step</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Last sign-in</Table.Th>
              <Table.Th w={48}>
                <span style={{ position: 'absolute', left: -9999 }}>Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.users.map((user) => (
              <Table.Tr key={user.id} data-testid="user-row" opacity={user.disabled ? 0.6 : 1}>
                <Table.Td>
                  <Group gap="sm" wrap="nowrap">
                    <Avatar size={32} radius="xl" color="navy">
                      {initialsOf(user.name)}
                    </Avatar>
                    <Stack gap={0}>
                      <Text size="sm" fw={500}>
                        {user.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {user.email}
                      </Text>
                    </Stack>
                  </Group>
                </Table.Td>
                <Table.Td>{ROLE_LABELS[user.role]}</Table.Td>
                {props.showOrganization !== false && <Table.Td>{user.organization.name}</Table.Td>}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <StatusBadge user={user} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={user.totpEnabled ? undefined : 'dimmed'}>
                    {user.totpEnabled ? 'On' : 'Off'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={user.lastLoginAt ? undefined : 'dimmed'}>
                    {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : 'Never'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <UserRowMenu user={user} onAction={onAction} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
      <SetupLinkModal link={link?.link ?? null} userName={link?.user.name ?? ''} onClose={() => setLink(null)} />
      <ConfirmDialog
        opened={!!toggling}
        title={toggling?.disabled ? 'Enable this user?' : 'Disable this user?'}
        confirmLabel={toggling?.disabled ? 'Enable' : 'Disable'}
        danger={!toggling?.disabled}
        loading={update.isPending}
        onConfirm={confirmToggle}
        onCancel={() => setToggling(null)}
      >
        {toggling?.disabled
          ? `${toggling?.name} will be able to sign in again.`
          : `${toggling?.name} will be signed out everywhere and cannot sign in until enabled again. Their records stay.`}
      </ConfirmDialog>
    </>
  );
}
