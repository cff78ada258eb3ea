/** The user directory: search, filter by role and organization, add people, change them. */
import { Button, Card, Checkbox, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import type { SetupLinkResult, User } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { useAllOrganizations } from '../organizations/organizations-api.ts';
import { usePermissions } from '../session/use-me.ts';
import { CreateUserModal } from './create-user-modal.tsx';
import { roleOptions } from './role-options.ts';
import { SetupLinkModal } from './setup-link-modal.tsx';
import { useUserPages } from './users-api.ts';
import { UsersTable } from './users-table.tsx';

function UsersDirectory() {
  const { can } = usePermissions();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<string | null>(null);
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ user: User; link: SetupLinkResult } | null>(null);
  const organizations = useAllOrganizations();
  const pages = useUserPages({ q: q || undefined, role: role ?? undefined, organizationId: organizationId ?? undefined, includeDisabled });
  const users = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(q || role || organizationId);

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who can sign in to Casebook, at the CERT and at the organizations it works with."
        action={
          can('users.manage') && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
              Add user
            </Button>
          )
        }
      />
      <Card padding="lg">
        <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
          <TextInput
            aria-label="Search users"
            placeholder="Search by name or e-mail"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 280 }}
          />
          <Select aria-label="Role" placeholder="All roles" data={roleOptions()} value={role} onChange={setRole} clearable w={200} />
          <Select
            aria-label="Organization"
            placeholder="All organizations"
            data={(organizations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            value={organizationId}
            onChange={setOrganizationId}
            searchable
            clearable
            w={240}
          />
          <Checkbox
            label="Include disabled"
            checked={includeDisabled}
            onChange={(e) => setIncludeDisabled(e.currentTarget.checked)}
            mb={8}
          />
        </Group>
        {pages.isPending ? (
          <LoadingState rows={6} label="Loading users" />
        ) : pages.isError ? (
          <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
        ) : users.length === 0 ? (
          <EmptyState
            icon={<IconUsers size={26} />}
            title={filtered ? 'No user matches' : 'No users yet'}
            message={filtered ? 'Try another search or clear the filters.' : 'Add the first colleague to get started.'}
          />
        ) : (
          <>
            <UsersTable users={users} />
            <LoadMore
              shown={users.length}
              noun="users"
              hasMore={!!pages.hasNextPage}
              loading={pages.isFetchingNextPage}
              onLoad={() => pages.fetchNextPage()}
            />
          </>
        )}
      </Card>
      <CreateUserModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(user, link) => {
          setCreating(false);
          setCreated({ user, link });
        }}
      />
      <SetupLinkModal link={created?.link ?? null} userName={created?.user.name ?? ''} created onClose={() => setCreated(null)} />
    </>
  );
}

export function UsersPage() {
  return (
    <RequirePermission permission="users.read">
      <UsersDirectory />
    </RequirePermission>
  );
}
