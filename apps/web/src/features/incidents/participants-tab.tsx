/** The organizations taking part: their role, when they were told, and when they first looked. */
import { ActionIcon, Button, Card, Group, Menu, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuildingCommunity, IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { PARTICIPANT_ROLE_LABELS } from '#shared/incidents';
import { ORGANIZATION_KIND_LABELS, type OrganizationKind } from '#shared/organizations';
import { errorMessage } from '../../api/error-message.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import type { Incident } from './incidents-api.ts';
import { ParticipantModal } from './participant-modal.tsx';
import { type Participant, useParticipants, useRemoveParticipant } from './participants-api.ts';

export function ParticipantsTab(props: { incident: Incident }) {
  const { incident } = props;
  const list = useParticipants(incident.id);
  const remove = useRemoveParticipant(incident.id);
  const [editing, setEditing] = useState<Participant | 'new' | null>(null);
  const [removing, setRemoving] = useState<Participant | null>(null);
  const manage = incident.abilities.manageParticipants;
  const items = list.data ?? [];

  return (
    <Card padding="lg">
      <Group justify="space-between" mb="md">
        <div>
          <Title order={4}>Participants</Title>
          <Text size="sm" c="dimmed">
            Outside organizations in this incident. Their people see only the summary and what is shared with them.
          </Text>
        </div>
        {manage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Add participant
          </Button>
        )}
      </Group>
      {list.isPending ? (
        <LoadingState rows={4} label="Loading participants" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconBuildingCommunity size={26} />}
          title="No organizations yet"
          message="Add the affected platform, the suspected vendor or a partner authority to share the incident with them."
        />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table data-testid="participants-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Organization</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Notified</Table.Th>
                <Table.Th>First opened</Table.Th>
                <Table.Th w={48}>
                  <span style={{ position: 'absolute', left: -9999 }}>Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id} data-testid="participant-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {p.organization.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {ORGANIZATION_KIND_LABELS[p.organization.kind as OrganizationKind] ?? p.organization.kind}
                      {p.note ? ` · ${p.note}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{PARTICIPANT_ROLE_LABELS[p.role]}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={p.notifiedAt ? undefined : 'dimmed'}>
                      {p.notifiedAt ? formatDateTime(p.notifiedAt) : 'Not yet'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {p.firstOpenedAt ? (
                      <>
                        <Text size="sm">{formatDateTime(p.firstOpenedAt)}</Text>
                        {p.firstOpenedBy && (
                          <Text size="xs" c="dimmed">
                            by {p.firstOpenedBy.name}
                          </Text>
                        )}
                      </>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Not opened yet
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {manage && (
                      <Menu position="bottom-end" shadow="md">
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${p.organization.name}`}>
                            <IconDots size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(p)}>
                            Edit role and note
                          </Menu.Item>
                          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setRemoving(p)}>
                            Remove
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ParticipantModal
        incidentId={incident.id}
        opened={editing !== null}
        existing={editing === 'new' ? null : editing}
        taken={items.map((p) => p.organization.id)}
        onClose={() => setEditing(null)}
        onReload={() => {
          setEditing(null);
          void list.refetch();
        }}
      />
      <ConfirmDialog
        opened={!!removing}
        title={`Remove ${removing?.organization.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        loading={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `${removing.organization.name} removed.` });
              setRemoving(null);
            },
            onError: (error) => {
              notifications.show({ color: 'red', title: 'Not removed', message: errorMessage(error) });
              setRemoving(null);
            },
          })
        }
      >
        Its people lose access to this incident at once. Chronology entries stay, and the removal is recorded.
      </ConfirmDialog>
    </Card>
  );
}
