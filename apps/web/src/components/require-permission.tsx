/** Shows a page only to users whose permissions include the one it needs. */
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useMe } from '../features/session/use-me.ts';
import { EmptyState } from './empty-state.tsx';

export function RequirePermission(props: { permission: string; children: ReactNode }) {
  const me = useMe();
  if (me.permissions.includes(props.permission)) return <>{props.children}</>;
  return (
    <EmptyState
      icon={<IconLock size={26} />}
      title="Not available to you"
      message="Your role does not include this part of Casebook. An administrator can tell you more."
    />
  );
}
