/**
 * The register itself, behind two gates: a live need-to-know grant (else a message says
 * who can give one), then a stated purpose (asked before anything is listed).
 */
import { Card, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import type { Incident } from '../incidents/incidents-api.ts';
import { useMe } from '../session/use-me.ts';
import { type AffectedCounts, type RegisterGrant, useRegisterGrants } from './affected-persons-api.ts';
import { RegisterWorkspace } from './register-workspace.tsx';

function NeedToKnow(props: { lapsed: RegisterGrant | undefined; canGrant: boolean }) {
  const { lapsed } = props;
  const before = lapsed?.revokedAt
    ? `Your access was revoked on ${formatDateTime(lapsed.revokedAt)}. `
    : lapsed
      ? `Your access expired on ${formatDateTime(lapsed.expiresAt)}. `
      : '';
  return (
    <EmptyState
      icon={<IconLock size={26} />}
      title="The register is need-to-know"
      message={
        <span data-testid="need-to-know">
          {before}
          Listing or revealing the persons of this incident needs a grant for its register. Administrators and the incident's coordinators
          can grant access{props.canGrant ? ' — you can, under “Access to the register” below; your grant is recorded like any other' : ''}.
        </span>
      }
    />
  );
}

export function RegisterSection(props: { incident: Incident; counts: AffectedCounts | undefined; canGrant: boolean; canWrite: boolean }) {
  const me = useMe();
  const grants = useRegisterGrants(props.incident.id);
  const mine = grants.data?.mine ?? null;

  if (mine) {
    // A new grant (after expiry or revocation) is a new session of the register: the purpose is asked again.
    return (
      <RegisterWorkspace
        key={mine.id}
        incident={props.incident}
        grant={mine}
        counts={props.counts}
        canWrite={props.canWrite}
        onGrantLost={grants.refetch}
      />
    );
  }
  return (
    <Card padding="lg" data-testid="register">
      <Title order={4}>Register of affected persons</Title>
      <Text size="sm" c="dimmed" mb="md">
        Names and identifiers of the persons affected, sealed and masked until revealed for a stated purpose.
      </Text>
      {grants.isPending ? (
        <LoadingState rows={4} label="Checking your access" />
      ) : grants.isError ? (
        <ErrorState error={grants.error} onRetry={() => grants.refetch()} />
      ) : (
        <NeedToKnow lapsed={grants.data.items.find((g) => g.user.id === me.user.id)} canGrant={props.canGrant} />
      )}
    </Card>
  );
}
