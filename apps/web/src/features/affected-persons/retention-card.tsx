/**
 * How long the register keeps identities: the date from which they are erased, whether a
 * legal hold suspends that and why, and — once it happened — when they were erased.
 * Everyone on the tab reads it; administrators and the incident's coordinators change it.
 */
import { Alert, Badge, Button, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { IconCalendarTime, IconEraser } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { todayIso } from '../incidents/zoned-time.ts';
import { type RegisterSettings, useRegisterSettings } from './affected-persons-api.ts';
import { ERASURE_EXPLAINED, formatDay } from './register-labels.tsx';
import { RetentionModal } from './retention-modal.tsx';

function Fact(props: { label: string; testId: string; children: ReactNode }) {
  return (
    <div data-testid={props.testId}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4} style={{ letterSpacing: '0.04em' }}>
        {props.label}
      </Text>
      {props.children}
    </div>
  );
}

function RetentionFacts(props: { settings: RegisterSettings }) {
  const { retainUntil, legalHold, legalHoldReason } = props.settings;
  const passed = !!retainUntil && retainUntil <= todayIso();
  const dateNote = !retainUntil
    ? null
    : legalHold
      ? passed
        ? 'The date has passed; erasure waits until the hold is lifted.'
        : 'Suspended while the legal hold lasts.'
      : passed
        ? 'The date has passed; the identities are erased at the next daily run.'
        : null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
      <Fact label="Identities erased from" testId="retention-date">
        <Text size="sm" fw={retainUntil ? 600 : undefined} c={retainUntil ? undefined : 'dimmed'}>
          {retainUntil ? formatDay(retainUntil) : 'Kept until someone sets a date'}
        </Text>
        {dateNote && (
          <Text size="xs" c="dimmed">
            {dateNote}
          </Text>
        )}
      </Fact>
      <Fact label="Legal hold" testId="legal-hold">
        {legalHold ? (
          <>
            <Badge color="orange" variant="light" style={{ minWidth: 'max-content' }}>
              On hold
            </Badge>
            <Text size="sm" mt={4} data-testid="legal-hold-reason">
              Erasure is suspended: {legalHoldReason}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            None{retainUntil ? ': erasure goes ahead on the date' : ''}
          </Text>
        )}
      </Fact>
    </SimpleGrid>
  );
}

export function RetentionCard(props: { incidentId: string; canManage: boolean }) {
  const settings = useRegisterSettings(props.incidentId);
  const [editing, setEditing] = useState(false);
  const erasedAt = settings.data?.erasedAt ?? null;

  return (
    <Card padding="lg" data-testid="register-retention">
      <Group justify="space-between" mb="md" align="flex-start" wrap="nowrap">
        <div>
          <Title order={4}>Retention and legal hold</Title>
          <Text size="sm" c="dimmed" maw={720}>
            {ERASURE_EXPLAINED}
          </Text>
        </div>
        {/* After erasure there is nothing left to keep or hold. */}
        {props.canManage && settings.data && !erasedAt && (
          <Button variant="default" leftSection={<IconCalendarTime size={16} />} onClick={() => setEditing(true)} style={{ flexShrink: 0 }}>
            Change retention
          </Button>
        )}
      </Group>
      {settings.isPending ? (
        <LoadingState rows={2} label="Loading the retention" />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
      ) : erasedAt ? (
        <Alert
          color="gray"
          variant="light"
          icon={<IconEraser size={20} />}
          title={`Identities erased on ${formatDateTime(erasedAt)}`}
          data-testid="retention-erased"
        >
          The names and identifiers of this incident's persons are gone for good; the counts remain.
        </Alert>
      ) : (
        <RetentionFacts settings={settings.data} />
      )}
      {settings.data && (
        <RetentionModal
          incidentId={props.incidentId}
          settings={settings.data}
          opened={editing}
          onClose={() => setEditing(false)}
          onReload={() => void settings.refetch()}
        />
      )}
    </Card>
  );
}
