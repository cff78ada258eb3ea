/** The organizations the CERT works with: search, filter by kind, add one, open one. */
import { Badge, Button, Card, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconBuildingPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS } from '#shared/organizations';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { usePermissions } from '../session/use-me.ts';
import { CreateOrganizationModal } from './create-organization-modal.tsx';
import { useOrganizationPages } from './organizations-api.ts';

function OrganizationsList() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [kind, setKind] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const pages = useOrganizationPages({ q: q || undefined, kind: kind ?? undefined });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const open = (id: string) => navigate(`/admin/organizations/${id}`);

  return (
    <>
      <PageHeader
        title="Organizations"
        description="Platforms, vendors, government bodies and others that take part in incidents."
        action={
          can('organizations.manage') && (
            <Button leftSection={<IconBuildingPlus size={16} />} onClick={() => setCreating(true)}>
              Add organization
            </Button>
          )
        }
      />
      <Card padding="lg">
        <Group gap="sm" mb="md">
          <TextInput
            aria-label="Search organizations"
            placeholder="Search by name"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 280 }}
          />
          <Select
            aria-label="Kind"
            placeholder="All kinds"
            data={ORGANIZATION_KINDS.map((k) => ({ value: k, label: ORGANIZATION_KIND_LABELS[k] }))}
            value={kind}
            onChange={setKind}
            clearable
            w={240}
          />
        </Group>
        {pages.isPending ? (
          <LoadingState rows={5} label="Loading organizations" />
        ) : pages.isError ? (
          <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<IconBuilding size={26} />}
            title={q || kind ? 'No organization matches' : 'No organizations yet'}
            message={q || kind ? 'Try another search or kind.' : 'Add the platforms and vendors you work with.'}
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={720}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Jurisdiction</Table.Th>
                    <Table.Th>Sectors</Table.Th>
                    <Table.Th ta="right">Users</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((org) => (
                    <Table.Tr
                      key={org.id}
                      className="clickable-row"
                      tabIndex={0}
                      onClick={() => open(org.id)}
                      onKeyDown={(e) => e.key === 'Enter' && open(org.id)}
                      data-testid="organization-row"
                    >
                      <Table.Td>
                        <Group gap="xs">
                          <Text size="sm" fw={500}>
                            {org.name}
                          </Text>
                          {org.shortName && (
                            <Text size="xs" c="dimmed">
                              ({org.shortName})
                            </Text>
                          )}
                          {org.isHome && (
                            <Badge size="xs" variant="light">
                              Home
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{ORGANIZATION_KIND_LABELS[org.kind]}</Table.Td>
                      <Table.Td>{org.jurisdiction ?? '—'}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {org.sectors.length ? (
                            org.sectors.map((s) => (
                              <Badge key={s} size="sm" variant="outline" color="gray">
                                {s}
                              </Badge>
                            ))
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">{org.userCount}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <LoadMore
              shown={items.length}
              noun="organizations"
              hasMore={!!pages.hasNextPage}
              loading={pages.isFetchingNextPage}
              onLoad={() => pages.fetchNextPage()}
            />
          </>
        )}
      </Card>
      <CreateOrganizationModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(org) => {
          notifications.show({ color: 'teal', message: `${org.name} added.` });
          open(org.id);
        }}
      />
    </>
  );
}

export function OrganizationsPage() {
  return (
    <RequirePermission permission="organizations.read">
      <OrganizationsList />
    </RequirePermission>
  );
}
