/** CERT staff given access to this incident, and at which level. */
import { ActionIcon, Button, Card, Group, Modal, SegmentedControl, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconTrash, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ROLE_LABELS, type Role } from '#shared/roles';
import { errorMessage } from '../../api/error-message.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDate } from '../../lib/format-time.ts';
import { useMe } from '../session/use-me.ts';
import { useUserPages } from '../users/users-api.ts';
import type { Incident } from './incidents-api.ts';
import { type IncidentMember, type MemberAccess, useMembers, useRemoveMember, useSetMember } from './members-api.ts';

const ACCESS_DATA = [
  { value: 'read', label: 'Read' },
  { value: 'write', label: 'Write' },
];

function AddMemberForm(props: { incidentId: string; taken: string[]; onClose: () => void }) {
  const me = useMe();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const users = useUserPages({ q: q || undefined, organizationId: me.user.organization.id });
  const [userId, setUserId] = useState<string | null>(null);
  const [access, setAccess] = useState<MemberAccess>('read');
  const set = useSetMember(props.incidentId);
  const data = (users.data?.pages[0]?.items ?? [])
    .filter((u) => !props.taken.includes(u.id) && !u.disabled)
    .map((u) => ({ value: u.id, label: `${u.name} · ${ROLE_LABELS[u.role]}` }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!userId) return;
    set.mutate({ userId, access }, { onSuccess: props.onClose });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {set.isError && (
          <Text size="sm" c="red" role="alert">
            {errorMessage(set.error)}
          </Text>
        )}
        <Select
          label="Person"
          required
          searchable
          data={data}
          value={userId}
          onChange={setUserId}
          onSearchChange={setSearch}
          nothingFoundMessage={users.isPending ? 'Loading…' : 'Nobody matches'}
          data-autofocus
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            Access
          </Text>
          <SegmentedControl data={ACCESS_DATA} value={access} onChange={(v) => setAccess(v as MemberAccess)} aria-label="Access" />
        </div>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={set.isPending} disabled={!userId}>
            Give access
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MembersTab(props: { incident: Incident }) {
  const { incident } = props;
  const members = useMembers(incident.id);
  const set = useSetMember(incident.id);
  const remove = useRemoveMember(incident.id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<IncidentMember | null>(null);
  const manage = incident.abilities.manageParticipants;
  const items = members.data ?? [];

  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md">
        <div>
          <Title order={4}>Members</Title>
          <Text size="sm" c="dimmed">
            CERT staff with access to this incident besides its owner and team.
          </Text>
        </div>
        {manage && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
            Add member
          </Button>
        )}
      </Group>
      {members.isPending ? (
        <LoadingState rows={3} label="Loading members" />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => members.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconUsers size={26} />}
          title="No members added"
          message="Give an analyst or viewer access to work on or read this incident."
        />
      ) : (
        <Table data-testid="members-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Access</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th w={48} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr key={m.user.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {m.user.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {m.user.email}
                  </Text>
                </Table.Td>
                <Table.Td>{ROLE_LABELS[m.user.role as Role] ?? m.user.role}</Table.Td>
                <Table.Td>
                  {manage ? (
                    <SegmentedControl
                      size="xs"
                      data={ACCESS_DATA}
                      value={m.access}
                      aria-label={`Access for ${m.user.name}`}
                      onChange={(v) =>
                        set.mutate(
                          { userId: m.user.id, access: v as MemberAccess },
                          { onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }) },
                        )
                      }
                    />
                  ) : (
                    ACCESS_DATA.find((a) => a.value === m.access)?.label
                  )}
                </Table.Td>
                <Table.Td>{formatDate(m.addedAt)}</Table.Td>
                <Table.Td>
                  {manage && (
                    <Tooltip label="Remove access" withArrow>
                      <ActionIcon variant="subtle" color="red" aria-label={`Remove ${m.user.name}`} onClick={() => setRemoving(m)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title="Add a member">
        {adding && <AddMemberForm incidentId={incident.id} taken={items.map((m) => m.user.id)} onClose={() => setAdding(false)} />}
      </Modal>
      <ConfirmDialog
        opened={!!removing}
        title={`Remove ${removing?.user.name ?? ''}?`}
        confirmLabel="Remove access"
        danger
        loading={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.user.id, { onSettled: () => setRemoving(null) })}
      >
        They lose access to this incident unless they own it or are in its team.
      </ConfirmDialog>
    </Card>
  );
}
