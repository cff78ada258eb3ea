/** The audit log: every change and sign-in, newest first, filterable, each row opening to its full record. */
import { Card, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { viewerTimeZone } from '../../lib/format-time.ts';
import { useAuditPages } from './audit-api.ts';
import { type AuditFilterForm, AuditFilters, EMPTY_FILTER, toApiFilter } from './audit-filters.tsx';
import { AuditRow } from './audit-row.tsx';

function AuditLog() {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_FILTER);
  const [formKey, setFormKey] = useState(0);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const filter = useMemo(() => toApiFilter(form), [form]);
  const pages = useAuditPages(filter);
  const events = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const onChange = useCallback((next: AuditFilterForm) => setForm(next), []);

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const filterTarget = (targetId: string) => {
    setForm({ ...EMPTY_FILTER, targetId });
    setFormKey((k) => k + 1);
  };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, sign-in and sensitive read, append-only and hash-chained. Open a row for the full record."
      />
      <Card padding="lg">
        <AuditFilters key={formKey} value={form} onChange={onChange} />
        {pages.isPending ? (
          <LoadingState rows={8} label="Loading audit events" />
        ) : pages.isError ? (
          <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
        ) : events.length === 0 ? (
          <EmptyState
            icon={<IconHistory size={26} />}
            title={filtered ? 'No event matches' : 'No events recorded yet'}
            message={filtered ? 'Widen the date range or clear a filter.' : undefined}
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={860}>
              <Table highlightOnHover={false}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    <Table.Th>
                      Time{' '}
                      <Text span size="xs" c="dimmed" fw={400}>
                        ({viewerTimeZone()})
                      </Text>
                    </Table.Th>
                    <Table.Th>Actor</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Targets</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {events.map((event) => (
                    <AuditRow
                      key={event.id}
                      event={event}
                      open={open.has(event.id)}
                      onToggle={() => toggle(event.id)}
                      onFilterTarget={filterTarget}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <LoadMore
              shown={events.length}
              noun="events"
              hasMore={!!pages.hasNextPage}
              loading={pages.isFetchingNextPage}
              onLoad={() => pages.fetchNextPage()}
            />
          </>
        )}
      </Card>
    </>
  );
}

export function AuditLogPage() {
  return (
    <RequirePermission permission="audit.read">
      <AuditLog />
    </RequirePermission>
  );
}
