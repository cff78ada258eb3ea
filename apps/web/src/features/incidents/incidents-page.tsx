/**
 * The incidents list. For CERT staff it is the register of incidents; for an outside
 * organization the same page is its portal inbox of the incidents it takes part in.
 */
import { Button, Card, Group } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFolderOpen, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { useMe } from '../session/use-me.ts';
import { EMPTY_INCIDENT_FILTER, fromApiFilter, type IncidentFilterForm, isFiltered, toApiFilter } from './incident-filter-state.ts';
import { IncidentFilters } from './incident-filters.tsx';
import { useIncidentPages } from './incidents-api.ts';
import { IncidentsTable } from './incidents-table.tsx';
import { SavedFiltersMenu } from './saved-filters-menu.tsx';

function IncidentsList() {
  const me = useMe();
  const staff = me.user.organization.isHome;
  const canCreate = me.permissions.includes('incidents.create');
  const [form, setForm] = useState<IncidentFilterForm>(EMPTY_INCIDENT_FILTER);
  // Typing pauses before a search goes out; the other controls apply at once.
  const [q] = useDebouncedValue(form.q, 350);
  const filter = useMemo(() => toApiFilter({ ...form, q }), [form, q]);
  const pages = useIncidentPages(filter);
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = isFiltered(filter);

  return (
    <>
      <PageHeader
        title={staff ? 'Incidents' : 'Your incidents'}
        description={
          staff
            ? 'Every incident you may see. Search covers titles, summaries and the chronology.'
            : `Incidents in which ${me.user.organization.name} takes part, as the CERT has shared them with you.`
        }
        action={
          <Group gap="sm">
            <SavedFiltersMenu current={filter} canSave={filtered} onApply={(saved) => setForm(fromApiFilter(saved))} />
            {canCreate && (
              <Button component={Link} to="/incidents/new" leftSection={<IconPlus size={16} />}>
                New incident
              </Button>
            )}
          </Group>
        }
      />
      <Card padding="lg">
        <IncidentFilters value={form} onChange={setForm} staff={staff} />
        {pages.isPending ? (
          <LoadingState rows={6} label="Loading incidents" />
        ) : pages.isError ? (
          <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<IconFolderOpen size={26} />}
            title={filtered ? 'No incident matches' : staff ? 'No incidents yet' : 'No incidents shared with you'}
            message={
              filtered
                ? 'Try other words, or clear a filter.'
                : staff
                  ? 'Record the first one: what happened, who reported it, how severe it is.'
                  : 'When the CERT adds your organization to an incident, it appears here.'
            }
            action={
              !filtered &&
              canCreate && (
                <Button component={Link} to="/incidents/new" variant="light" leftSection={<IconPlus size={16} />}>
                  New incident
                </Button>
              )
            }
          />
        ) : (
          <div style={{ opacity: pages.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
            <IncidentsTable items={items} staff={staff} />
            <LoadMore
              shown={items.length}
              noun="incidents"
              hasMore={!!pages.hasNextPage}
              loading={pages.isFetchingNextPage}
              onLoad={() => pages.fetchNextPage()}
            />
          </div>
        )}
      </Card>
    </>
  );
}

export function IncidentsPage() {
  return (
    <RequirePermission permission="incidents.read">
      <IncidentsList />
    </RequirePermission>
  );
}
