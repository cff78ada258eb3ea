/**
 * Who may read this incident's register, until when and why: every grant with who gave
 * it, and whether it is live, expired or revoked. Administrators and the incident's
 * coordinators grant and revoke; an administrator grants themself like anyone else, so
 * the grant is on the record.
 */
import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../api/error-message.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { useMe } from '../session/use-me.ts';
import { type RegisterGrant, useRegisterGrants, useRevokeGrant } from './affected-persons-api.ts';
import { GrantModal } from './grant-modal.tsx';

/** A badge keeps its whole label; the reason column wraps instead. */
const NO_SHRINK = { minWidth: 'max-content' } as const;

function GrantState(props: { grant: RegisterGrant }) {
  const { grant } = props;
  if (grant.live)
    return (
      <Badge color="teal" variant="light" data-testid="grant-state" style={NO_SHRINK}>
        Live
      </Badge>
    );
  if (grant.revokedAt)
    return (
      <Badge color="gray" variant="light" data-testid="grant-state" style={NO_SHRINK} title={`Revoked ${formatDateTime(grant.revokedAt)}`}>
        Revoked
      </Badge>
    );
  return (
    <Badge color="orange" variant="light" data-testid="grant-state" style={NO_SHRINK}>
      Expired
    </Badge>
  );
}

export function GrantsSection(props: { incidentId: string; canManage: boolean }) {
  const me = useMe();
  const grants = useRegisterGrants(props.incidentId);
  const revoke = useRevokeGrant(props.incidentId);
  const [granting, setGranting] = useState(false);
  const [revoking, setRevoking] = useState<RegisterGrant | null>(null);
  const items = grants.data?.items ?? [];

  return (
    <Card padding="lg" data-testid="register-grants">
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Title order={4}>Access to the register</Title>
          <Text size="sm" c="dimmed" maw={720}>
            The register is need-to-know: only staff granted access to this incident's register may list or reveal its persons, until the
            grant expires.
          </Text>
        </div>
        {props.canManage && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setGranting(true)}>
            Grant access
          </Button>
        )}
      </Group>
      {grants.isPending ? (
        <LoadingState rows={3} label="Loading grants" />
      ) : grants.isError ? (
        <ErrorState error={grants.error} onRetry={() => grants.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconKey size={26} />}
          title="Nobody has access yet"
          message="Grant access to those who notify or help the persons in this register, for as long as they need it."
        />
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table data-testid="grants-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Staff member</Table.Th>
                <Table.Th>Granted by</Table.Th>
                <Table.Th>Until</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th w={96}>
                  <span style={{ position: 'absolute', left: -9999 }}>Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((g) => (
                <Table.Tr key={g.id} data-testid="grant-row" data-live={g.live} c={g.live ? undefined : 'dimmed'}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {g.user.name}
                      {g.user.id === me.user.id ? ' (you)' : ''}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {g.user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{g.grantedBy.name}</Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(g.grantedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{formatDateTime(g.expiresAt)}</Text>
                  </Table.Td>
                  <Table.Td maw={320}>
                    <Text size="sm" lineClamp={2} title={g.reason}>
                      {g.reason}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <GrantState grant={g} />
                  </Table.Td>
                  <Table.Td>
                    {props.canManage && g.live && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => setRevoking(g)}
                        aria-label={`Revoke ${g.user.name}'s access`}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <GrantModal incidentId={props.incidentId} opened={granting} onClose={() => setGranting(false)} />
      <ConfirmDialog
        opened={!!revoking}
        title={`Revoke ${revoking?.user.name ?? ''}'s access?`}
        confirmLabel="Revoke access"
        danger
        loading={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `${revoking.user.name} no longer has access to the register.` });
              setRevoking(null);
            },
            onError: (error) => {
              notifications.show({ color: 'red', title: 'Not revoked', message: errorMessage(error) });
              setRevoking(null);
            },
          })
        }
      >
        {revoking?.user.id === me.user.id
          ? 'You lose access to the register at once; identities shown to you are hidden. The revocation is recorded.'
          : 'They lose access to the register at once. The grant stays on the record as revoked.'}
      </ConfirmDialog>
    </Card>
  );
}
