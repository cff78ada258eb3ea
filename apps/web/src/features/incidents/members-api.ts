/** The CERT staff given access to one incident, and the teams an incident can belong to. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api-client.ts';

export type MemberAccess = 'read' | 'write';

export interface IncidentMember {
  user: { id: string; name: string; email: string; role: string };
  access: MemberAccess;
  addedAt: string;
}

export interface Team {
  id: string;
  name: string;
  members: { id: string; name: string }[];
}

const membersKey = (incidentId: string) => ['incident-members', incidentId] as const;

export function useMembers(incidentId: string, enabled = true) {
  return useQuery({
    queryKey: membersKey(incidentId),
    enabled,
    queryFn: async () => (await api.get<{ items: IncidentMember[] }>(`/incidents/${incidentId}/members`)).items,
  });
}

export function useSetMember(incidentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; access: MemberAccess }) =>
      api.put<unknown>(`/incidents/${incidentId}/members/${input.userId}`, { access: input.access }),
    onSuccess: () => client.invalidateQueries({ queryKey: membersKey(incidentId) }),
  });
}

export function useRemoveMember(incidentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete<void>(`/incidents/${incidentId}/members/${userId}`),
    onSuccess: () => client.invalidateQueries({ queryKey: membersKey(incidentId) }),
  });
}

export function useTeams(enabled = true) {
  return useQuery({
    queryKey: ['teams'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => (await api.get<{ items: Team[] }>('/teams')).items,
  });
}
