/** The user's personal API tokens, for scripts that call the API on their behalf. */
import { Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../api/error-message.ts';
import type { ApiToken } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDate, formatDateTime } from '../../lib/format-time.ts';
import { useApiTokens, useRevokeApiToken } from './api-tokens-api.ts';
import { CreateTokenModal } from './create-token-modal.tsx';

export function ApiTokensCard() {
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const confirmRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: `Token “${revoking.name}” revoked.` });
        setRevoking(null);
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Could not revoke the token', message: errorMessage(error) }),
    });
  };

  const items = tokens.data?.items ?? [];
  return (
    <Card padding="lg">
      <Group justify="space-between" mb={4}>
        <Title order={4}>Personal API tokens</Title>
        {items.length > 0 && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
            New token
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="md" maw={640}>
        Tokens let scripts use the API with your rights. They cannot change your password, two-step sign-in or tokens.
      </Text>
      {tokens.isPending ? (
        <LoadingState rows={3} />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconKey size={24} />}
          title="No API tokens"
          message="Create one when a script or integration needs to call Casebook for you."
          action={
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New token
            </Button>
          }
        />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Token</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td fw={500}>{token.name}</Table.Td>
                  <Table.Td className="mono">{token.prefix}…</Table.Td>
                  <Table.Td>{formatDate(token.createdAt)}</Table.Td>
                  <Table.Td>{token.expiresAt ? formatDate(token.expiresAt) : 'Never'}</Table.Td>
                  <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Not yet'}</Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={!!revoking}
        title="Revoke this token?"
        confirmLabel="Revoke token"
        danger
        loading={revoke.isPending}
        onConfirm={confirmRevoke}
        onCancel={() => setRevoking(null)}
      >
        Scripts using “{revoking?.name}” will stop working at once. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}
