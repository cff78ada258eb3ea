/** Users: the directory, creation, changes and set-up links. */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, UpdateUserBody } from '#shared/contracts/users';
import { api } from '../../api/api-client.ts';
import type { Page, SetupLinkResult, User } from '../../api/types.ts';

export interface UserFilter {
  q?: string;
  role?: string;
  organizationId?: string;
  includeDisabled?: boolean;
}

export function useUserPages(filter: UserFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['users', 'list', filter],
    enabled,
    queryFn: ({ pageParam }) =>
      api.get<Page<User>>('/users', { ...filter, includeDisabled: filter.includeDisabled || undefined, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useInvalidateUsers() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ['users'] }), client.invalidateQueries({ queryKey: ['organizations'] })]);
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api.post<{ user: User; setupLink: SetupLinkResult }>('/users', body),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateUserBody & { id: string }) => api.patch<User>(`/users/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useIssueSetupLink() {
  return useMutation({ mutationFn: (id: string) => api.post<SetupLinkResult>(`/users/${id}/setup-link`) });
}
