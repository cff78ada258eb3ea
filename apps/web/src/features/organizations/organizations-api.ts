/** Organizations: queries and the create and update mutations. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateOrganizationBody, UpdateOrganizationBody } from '#shared/contracts/organizations';
import { api } from '../../api/api-client.ts';
import type { Organization, Page } from '../../api/types.ts';

export interface OrganizationFilter {
  q?: string;
  kind?: string;
}

export function useOrganizationPages(filter: OrganizationFilter) {
  return useInfiniteQuery({
    queryKey: ['organizations', 'list', filter],
    queryFn: ({ pageParam }) => api.get<Page<Organization>>('/organizations', { ...filter, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Every organization the user may see, for pickers (a CERT works with tens to hundreds). */
export function useAllOrganizations(enabled = true) {
  return useQuery({
    queryKey: ['organizations', 'all'],
    enabled,
    queryFn: async () => {
      const all: Organization[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.get<Page<Organization>>('/organizations', { cursor, limit: 200 });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < 2000);
      return all;
    },
  });
}

export function useOrganization(id: string | undefined) {
  return useQuery({ queryKey: ['organizations', 'one', id], enabled: !!id, queryFn: () => api.get<Organization>(`/organizations/${id}`) });
}

export function useCreateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrganizationBody) => api.post<Organization>('/organizations', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['organizations'] }),
  });
}

export function useUpdateOrganization(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrganizationBody) => api.patch<Organization>(`/organizations/${id}`, body),
    onSuccess: (saved) => {
      client.setQueryData(['organizations', 'one', id], saved);
      return client.invalidateQueries({ queryKey: ['organizations'] });
    },
  });
}
