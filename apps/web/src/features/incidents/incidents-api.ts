/** Incidents: list and search, one incident, and the changes made to it. */
import type { Static } from '@sinclair/typebox';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateIncidentBody,
  Incident,
  IncidentCategory,
  IncidentListItem,
  ListIncidentsQuery,
  UpdateIncidentBody,
} from '#shared/contracts/incidents';
import type { IncidentStatus } from '#shared/incidents';
import { api } from '../../api/api-client.ts';
import type { Page } from '../../api/types.ts';

export type { Incident, IncidentListItem };
export type Category = Static<typeof IncidentCategory>;
export type IncidentFilter = Omit<ListIncidentsQuery, 'cursor' | 'limit'>;

export const INCIDENTS_KEY = ['incidents'] as const;

export function useIncidentPages(filter: IncidentFilter) {
  return useInfiniteQuery({
    queryKey: [...INCIDENTS_KEY, 'list', filter],
    queryFn: ({ pageParam }) => api.get<Page<IncidentListItem>>('/incidents', { ...filter, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Keeps the table in place while a new filter loads, so typing in the search box does not flash.
    placeholderData: keepPreviousData,
  });
}

export function useIncident(id: string) {
  return useQuery({ queryKey: [...INCIDENTS_KEY, 'one', id], queryFn: () => api.get<Incident>(`/incidents/${id}`) });
}

export function useCategories(enabled = true) {
  return useQuery({
    queryKey: ['incident-categories'],
    enabled,
    staleTime: 10 * 60_000,
    queryFn: async () => (await api.get<{ items: Category[] }>('/incident-categories')).items,
  });
}

/** Stores the incident the server answered with, then refreshes lists that may show it. */
function useIncidentMutation<Input>(id: string, call: (input: Input) => Promise<Incident>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (incident) => {
      client.setQueryData([...INCIDENTS_KEY, 'one', id], incident);
      void client.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'list'] });
      void client.invalidateQueries({ queryKey: ['timeline', id] });
    },
  });
}

export function useCreateIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateIncidentBody) => api.post<Incident>('/incidents', body),
    onSuccess: () => client.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'list'] }),
  });
}

export function useUpdateIncident(id: string) {
  return useIncidentMutation(id, (body: UpdateIncidentBody) => api.patch<Incident>(`/incidents/${id}`, body));
}

export function useChangeStatus(id: string) {
  return useIncidentMutation(id, (body: { version: number; status: IncidentStatus; reason?: string }) =>
    api.post<Incident>(`/incidents/${id}/status`, body),
  );
}

export interface AffectedCountInput {
  country: string;
  count: number;
  approximate?: boolean;
  asOf: string;
  source: string;
  sourceOrganizationId?: string;
}

export function useRecordAffectedCount(id: string) {
  return useIncidentMutation(id, (body: AffectedCountInput) => api.post<Incident>(`/incidents/${id}/affected-counts`, body));
}

export function useLinkIncident(id: string) {
  return useIncidentMutation(id, (body: { otherIncidentId: string; note?: string }) => api.post<Incident>(`/incidents/${id}/links`, body));
}

/** A short search for the link picker: the first page of matches only. */
export function useIncidentSearch(q: string) {
  return useQuery({
    queryKey: [...INCIDENTS_KEY, 'search', q],
    enabled: q.length > 0,
    queryFn: async () => (await api.get<Page<IncidentListItem>>('/incidents', { q, limit: 10 })).items,
  });
}
