/** The actions on one user, offered only as the user's abilities allow. */
import { ActionIcon, Menu } from '@mantine/core';
import { IconDots, IconLink, IconPencil, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import type { User } from '../../api/types.ts';

export type UserAction = 'edit' | 'toggle-disabled' | 'setup-link';

export function UserRowMenu(props: { user: User; onAction: (action: UserAction, user: User) => void }) {
  const { user } = props;
  if (!user.abilities.update && !user.abilities.issueSetupLink) return null;
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {user.abilities.update && (
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => props.onAction('edit', user)}>
            Edit name and role
          </Menu.Item>
        )}
        {user.abilities.issueSetupLink && !user.disabled && (
          <Menu.Item leftSection={<IconLink size={16} />} onClick={() => props.onAction('setup-link', user)}>
            New set-up link
          </Menu.Item>
        )}
        {user.abilities.update && (
          <Menu.Item
            color={user.disabled ? undefined : 'red'}
            leftSection={user.disabled ? <IconUserCheck size={16} /> : <IconUserOff size={16} />}
            onClick={() => props.onAction('toggle-disabled', user)}
          >
            {user.disabled ? 'Enable' : 'Disable'}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
