/** One organization: its particulars, what and where it is regulated as, and the people who sign in for it. */
import { Anchor, Badge, Breadcrumbs, Button, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { IconChartBar, IconPencil, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { legalRoleLabel, ORGANIZATION_KIND_LABELS } from '#shared/organizations';
import type { SetupLinkResult, User } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { formatDate } from '../../lib/format-time.ts';
import { usePermissions } from '../session/use-me.ts';
import { CreateUserModal } from '../users/create-user-modal.tsx';
import { SetupLinkModal } from '../users/setup-link-modal.tsx';
import { useUserPages } from '../users/users-api.ts';
import { UsersTable } from '../users/users-table.tsx';
import { EditOrganizationModal } from './edit-organization-modal.tsx';
import { useOrganization } from './organizations-api.ts';

function Fact(props: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {props.label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {props.children}
      </Text>
    </div>
  );
}

function OrganizationDetail(props: { id: string }) {
  const { can } = usePermissions();
  const org = useOrganization(props.id);
  const users = useUserPages({ organizationId: props.id, includeDisabled: true }, can('users.read'));
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const [created, setCreated] = useState<{ user: User; link: SetupLinkResult } | null>(null);
  const crumbs = (
    <Breadcrumbs>
      <Anchor component={Link} to="/admin/organizations" size="sm">
        Organizations
      </Anchor>
      <Text size="sm">{org.data?.name ?? '…'}</Text>
    </Breadcrumbs>
  );

  if (org.isPending) return <LoadingState rows={6} label="Loading organization" />;
  if (org.isError)
    return (
      <>
        {crumbs}
        <ErrorState error={org.error} onRetry={() => org.refetch()} />
      </>
    );
  const o = org.data;
  const people = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        eyebrow={crumbs}
        title={
          <Group gap="sm">
            {o.name}
            {o.isHome && <Badge variant="light">Home CERT</Badge>}
          </Group>
        }
        action={
          <Group gap="sm">
            {!o.isHome && can('notices.read') && (
              <Button
                component={Link}
                to={`/admin/organizations/${o.id}/compliance`}
                variant="default"
                leftSection={<IconChartBar size={16} />}
              >
                Compliance with notices
              </Button>
            )}
            {can('organizations.manage') && (
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
            {o.abilities.manageUsers && can('users.manage') && (
              <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
                Add user
              </Button>
            )}
          </Group>
        }
      />
      <Card padding="lg" mb="lg">
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Fact label="Kind">{ORGANIZATION_KIND_LABELS[o.kind]}</Fact>
          <Fact label="Short name">{o.shortName ?? '—'}</Fact>
          <Fact label="Jurisdiction">{o.jurisdiction ?? '—'}</Fact>
          <Fact label="Sectors">{o.sectors.length ? o.sectors.join(', ') : '—'}</Fact>
          <Fact label="Regulated as">
            <span data-testid="organization-regulated-as">{o.regulatedAs.length ? o.regulatedAs.map(legalRoleLabel).join(', ') : '—'}</span>
          </Fact>
          <Fact label="Regulated in">
            <span data-testid="organization-regulated-in">{o.operatesIn.length ? o.operatesIn.join(', ') : '—'}</span>
          </Fact>
          <Fact label="Added">{formatDate(o.createdAt)}</Fact>
        </SimpleGrid>
      </Card>
      {can('users.read') && (
        <Card padding="lg">
          <Title order={4} mb="md">
            People ({o.userCount})
          </Title>
          {users.isPending ? (
            <LoadingState rows={4} label="Loading users" />
          ) : users.isError ? (
            <ErrorState error={users.error} onRetry={() => users.refetch()} />
          ) : people.length === 0 ? (
            <EmptyState
              icon={<IconUsers size={26} />}
              title="Nobody from this organization yet"
              message={o.abilities.manageUsers ? 'Add a point of contact so they can answer notices.' : undefined}
            />
          ) : (
            <>
              <UsersTable users={people} showOrganization={false} />
              <LoadMore
                shown={people.length}
                noun="users"
                hasMore={!!users.hasNextPage}
                loading={users.isFetchingNextPage}
                onLoad={() => users.fetchNextPage()}
              />
            </>
          )}
        </Card>
      )}
      <EditOrganizationModal organization={o} opened={editing} onClose={() => setEditing(false)} onReload={() => org.refetch()} />
      <CreateUserModal
        opened={adding}
        organizationId={o.id}
        onClose={() => setAdding(false)}
        onCreated={(user, link) => {
          setAdding(false);
          setCreated({ user, link });
        }}
      />
      <SetupLinkModal link={created?.link ?? null} userName={created?.user.name ?? ''} created onClose={() => setCreated(null)} />
    </>
  );
}

export function OrganizationPage() {
  const { id } = useParams();
  return (
    <RequirePermission permission="organizations.read">
      <OrganizationDetail key={id} id={id ?? ''} />
    </RequirePermission>
  );
}
