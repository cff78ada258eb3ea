/**
 * The register for a staff member with a live grant. Nothing is listed until a purpose
 * is stated; the purpose then stays for as long as this tab is open and goes with every
 * reveal and export. Revealed identities are held in this component's state only — not
 * in the address, storage or the query cache — and are gone when the tab is left or the
 * purpose changes.
 */
import { Alert, Badge, Button, Card, Group, Select, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconDownload,
  IconEye,
  IconEyeOff,
  IconFileImport,
  IconPlus,
  IconShieldCheck,
  IconShieldLock,
  IconUsers,
} from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { NOTIFICATION_STATUS_LABELS, NOTIFICATION_STATUSES, REVEAL_PURPOSE_LABELS } from '#shared/contracts/affected-persons';
import { isApiError } from '../../api/api-error.ts';
import { errorMessage } from '../../api/error-message.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { countryName } from '../incidents/country-name.ts';
import type { Incident } from '../incidents/incidents-api.ts';
import { useMe } from '../session/use-me.ts';
import { AddPersonModal } from './add-person-modal.tsx';
import {
  type AffectedCounts,
  type Identity,
  type MaskedPerson,
  type Purpose,
  type RegisterFilter,
  type RegisterGrant,
  useAffectedPersons,
  useCategories,
  useRevealPersons,
} from './affected-persons-api.ts';
import { downloadExport } from './download-export.ts';
import { ImportWizard } from './import-wizard.tsx';
import { NotificationModal } from './notification-modal.tsx';
import { PurposeModal } from './purpose-modal.tsx';
import { categoryFilterOptions, categoryLabel, type NotificationStatus } from './register-labels.tsx';
import { RegisterTable } from './register-table.tsx';

/** The grant expired or was revoked while the tab was open. */
const lostGrant = (error: unknown) => isApiError(error, 'register.grant_required');

function PurposeBanner(props: { purpose: Purpose; grant: RegisterGrant; onChange: () => void }) {
  return (
    <Alert variant="light" color="navy" icon={<IconShieldCheck size={20} />} mb="md" data-testid="purpose-banner">
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Text size="sm">
          Purpose: <strong>{REVEAL_PURPOSE_LABELS[props.purpose.purpose]}</strong>
          {props.purpose.purposeText ? ` — “${props.purpose.purposeText}”` : ''}. Every identity you reveal or export is recorded with it.
          Your access ends {formatDateTime(props.grant.expiresAt)}.
        </Text>
        <Button size="xs" variant="white" onClick={props.onChange} style={{ flexShrink: 0 }}>
          Change purpose
        </Button>
      </Group>
    </Alert>
  );
}

export function RegisterWorkspace(props: {
  incident: Incident;
  grant: RegisterGrant;
  counts: AffectedCounts | undefined;
  canWrite: boolean;
  /** Stable (the grants query's refetch), so the effect below runs once per refusal. */
  onGrantLost: () => unknown;
}) {
  const { incident, counts } = props;
  const me = useMe();
  const [purpose, setPurpose] = useState<Purpose | null>(null);
  const [asking, setAsking] = useState(false);
  const [filter, setFilter] = useState<RegisterFilter>({});
  const [revealed, setRevealed] = useState<Map<string, Identity>>(() => new Map());
  const [revealing, setRevealing] = useState<Set<string>>(() => new Set());
  const [notifying, setNotifying] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [downloading, setDownloading] = useState(false);

  const list = useAffectedPersons(incident.id, filter, purpose !== null);
  const categories = useCategories();
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? 0;
  const filtered = Object.values(filter).some(Boolean);
  const reveal = useRevealPersons(incident.id, (found) =>
    setRevealed((known) => {
      const next = new Map(known);
      for (const identity of found) next.set(identity.id, identity);
      return next;
    }),
  );

  const { onGrantLost } = props;
  useEffect(() => {
    if (lostGrant(list.error)) onGrantLost();
  }, [list.error, onGrantLost]);

  // mutateAsync, not mutate: each click settles its own rows even when reveals overlap.
  const revealPersons = async (persons: MaskedPerson[]) => {
    if (!purpose || persons.length === 0) return;
    const ids = persons.map((p) => p.id);
    setRevealing((s) => new Set([...s, ...ids]));
    try {
      await reveal.mutateAsync({ purpose, personIds: ids });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not revealed', message: errorMessage(error) });
      if (lostGrant(error)) onGrantLost();
    } finally {
      setRevealing((s) => {
        const next = new Set(s);
        for (const id of ids) next.delete(id);
        return next;
      });
    }
  };
  const hidden = items.filter((p) => !p.erased && !revealed.has(p.id));

  const choosePurpose = (next: Purpose) => {
    // Identities read for one purpose are not kept for another.
    if (purpose && (purpose.purpose !== next.purpose || purpose.purposeText !== next.purposeText)) setRevealed(new Map());
    setPurpose(next);
    setAsking(false);
  };

  const runExport = async () => {
    if (!purpose) return;
    setDownloading(true);
    try {
      await downloadExport(
        incident.id,
        {
          ...purpose,
          ...(filter.status ? { status: filter.status } : {}),
          ...(filter.country ? { country: filter.country } : {}),
          ...(filter.category ? { category: filter.category } : {}),
        },
        { csrf: me.csrfToken, fallbackName: `${incident.reference}-affected-persons.csv` },
      );
      setExporting(false);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not exported', message: errorMessage(error) });
      if (lostGrant(error)) onGrantLost();
    } finally {
      setDownloading(false);
    }
  };

  const countryData = (counts?.byCountry ?? [])
    .map((c) => ({ value: c.key, label: countryName(c.key) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const exportScope = [
    filter.country ? `in ${countryName(filter.country)}` : null,
    filter.category ? `in the category “${categoryLabel(filter.category, categories.data)}”` : null,
    filter.status ? `whose notification state is “${NOTIFICATION_STATUS_LABELS[filter.status]}”` : null,
  ].filter(Boolean);

  return (
    <Card padding="lg" data-testid="register">
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Group gap="xs" align="center">
            <Title order={4}>Register of affected persons</Title>
            {purpose && list.data && (
              <Badge variant="light" color="gray" tt="none" size="lg" fw={500} data-testid="register-count">
                {total.toLocaleString()} {total === 1 ? 'person' : 'persons'}
                {filtered ? (total === 1 ? ' matches' : ' match') : ''}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            Names and identifiers are sealed and masked; reveal them only as your purpose needs.
          </Text>
        </div>
        {purpose && (
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              onClick={() => setExporting(true)}
              disabled={total === 0 && !filtered}
            >
              Export CSV
            </Button>
            {props.canWrite && (
              <>
                <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                  Import CSV
                </Button>
                <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                  Add person
                </Button>
              </>
            )}
          </Group>
        )}
      </Group>

      {!purpose ? (
        <EmptyState
          icon={<IconShieldLock size={26} />}
          title="Say why you are opening the register"
          message={`The persons are listed once you state your purpose; it is recorded with every identity you reveal. Your access ends ${formatDateTime(props.grant.expiresAt)}.`}
          action={
            <Button onClick={() => setAsking(true)} data-testid="open-register">
              Open the register…
            </Button>
          }
        />
      ) : (
        <>
          <PurposeBanner purpose={purpose} grant={props.grant} onChange={() => setAsking(true)} />
          <Group justify="space-between" mb="md" gap="sm" align="flex-end">
            <Group gap="sm" wrap="wrap">
              <Select
                aria-label="Country"
                placeholder="Any country"
                clearable
                searchable
                w={160}
                data={countryData}
                value={filter.country ?? null}
                onChange={(v) => setFilter((f) => ({ ...f, country: v ?? undefined }))}
              />
              <Select
                aria-label="Category"
                placeholder="Any category"
                clearable
                w={160}
                data={categoryFilterOptions(categories.data, counts)}
                value={filter.category ?? null}
                onChange={(v) => setFilter((f) => ({ ...f, category: v ?? undefined }))}
              />
              <Select
                aria-label="Notification state"
                placeholder="Any notification"
                clearable
                w={180}
                data={NOTIFICATION_STATUSES.map((s) => ({ value: s, label: NOTIFICATION_STATUS_LABELS[s] }))}
                value={filter.status ?? null}
                onChange={(v) => setFilter((f) => ({ ...f, status: (v as NotificationStatus | null) ?? undefined }))}
              />
            </Group>
            <Group gap="xs">
              {/* Always in place, so revealing does not move the toolbar. */}
              <Button
                variant="subtle"
                color="gray"
                leftSection={<IconEyeOff size={16} />}
                onClick={() => setRevealed(new Map())}
                disabled={revealed.size === 0}
              >
                Hide identities
              </Button>
              <Button
                variant="light"
                leftSection={<IconEye size={16} />}
                onClick={() => void revealPersons(hidden)}
                disabled={hidden.length === 0}
                loading={hidden.length > 0 && hidden.every((p) => revealing.has(p.id))}
              >
                Reveal this page
              </Button>
            </Group>
          </Group>
          {list.isPending ? (
            <LoadingState rows={8} label="Loading the register" />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState
              icon={<IconUsers size={26} />}
              title={filtered ? 'Nobody matches these filters' : 'The register is empty'}
              message={
                filtered
                  ? 'Clear a filter to see more.'
                  : props.canWrite
                    ? 'Add persons one by one, or import the list a platform sent.'
                    : 'Persons appear here once they are added or imported.'
              }
              action={
                filtered ? (
                  <Button variant="light" onClick={() => setFilter({})}>
                    Clear filters
                  </Button>
                ) : undefined
              }
            />
          ) : (
            <div style={{ opacity: list.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
              <RegisterTable
                items={items}
                revealed={revealed}
                revealing={revealing}
                canWrite={props.canWrite}
                onReveal={(p) => void revealPersons([p])}
                onNotify={(p) => setNotifying(p.id)}
              />
              {/* The count is beside the title; the foot is only for more pages. */}
              {list.hasNextPage && (
                <LoadMore
                  shown={items.length}
                  noun="persons"
                  hasMore={!!list.hasNextPage}
                  loading={list.isFetchingNextPage}
                  onLoad={() => list.fetchNextPage()}
                />
              )}
            </div>
          )}
        </>
      )}

      <PurposeModal
        opened={asking}
        current={purpose}
        expiresAt={props.grant.expiresAt}
        onConfirm={choosePurpose}
        onClose={() => setAsking(false)}
      />
      <NotificationModal
        incidentId={incident.id}
        person={items.find((p) => p.id === notifying) ?? null}
        onClose={() => setNotifying(null)}
        onReload={() => void list.refetch()}
      />
      <AddPersonModal incidentId={incident.id} opened={adding} onClose={() => setAdding(false)} />
      <ImportWizard incidentId={incident.id} opened={importing} onClose={() => setImporting(false)} />
      <ConfirmDialog
        opened={exporting}
        title="Export identities as CSV"
        confirmLabel="Download CSV"
        loading={downloading}
        onCancel={() => setExporting(false)}
        onConfirm={runExport}
      >
        {`The names, phone numbers, e-mail addresses, accounts and notes of ${exportScope.length ? `the persons ${exportScope.join(' and ')}` : 'every person in the register'} are downloaded to this computer. The export is recorded in the audit log with your purpose: “${purpose ? REVEAL_PURPOSE_LABELS[purpose.purpose] : ''}”. Keep the file only as long as the work needs it.`}
      </ConfirmDialog>
    </Card>
  );
}
