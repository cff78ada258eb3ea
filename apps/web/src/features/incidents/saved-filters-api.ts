/** Per-user saved incident filters: a name and the list query it stands for. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api-client.ts';
import type { IncidentFilter } from './incidents-api.ts';

export interface SavedFilter {
  id: string;
  name: string;
  filter: IncidentFilter;
  createdAt: string;
}

const KEY = ['saved-filters'] as const;

export function useSavedFilters() {
  return useQuery({ queryKey: KEY, queryFn: async () => (await api.get<{ items: SavedFilter[] }>('/saved-filters')).items });
}

export function useSaveFilter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; filter: IncidentFilter }) => api.post<SavedFilter>('/saved-filters', body),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteSavedFilter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/saved-filters/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
