/** Personal API tokens: list, create (the secret comes back once), revoke. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api-client.ts';
import type { ApiToken, NewApiTokenResult } from '../../api/types.ts';

const KEY = ['me', 'tokens'] as const;

export function useApiTokens() {
  return useQuery({ queryKey: KEY, queryFn: () => api.get<{ items: ApiToken[] }>('/me/tokens') });
}

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expiresInDays?: number }) => api.post<NewApiTokenResult>('/me/tokens', body),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/me/tokens/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
