/** The organizations taking part in an incident. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Participant } from '#shared/contracts/incidents';
import type { ParticipantRole } from '#shared/incidents';
import { api } from '../../api/api-client.ts';

export type { Participant };

export const participantsKey = (incidentId: string) => ['participants', incidentId] as const;

export function useParticipants(incidentId: string, enabled = true) {
  return useQuery({
    queryKey: participantsKey(incidentId),
    enabled,
    queryFn: async () => (await api.get<{ items: Participant[] }>(`/incidents/${incidentId}/participants`)).items,
  });
}

function useParticipantMutation<Input, Output>(incidentId: string, call: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: participantsKey(incidentId) });
      // Adding or removing an organization is recorded in the chronology by the system.
      void client.invalidateQueries({ queryKey: ['timeline', incidentId] });
    },
  });
}

export interface ParticipantInput {
  organizationId: string;
  role: ParticipantRole;
  note?: string;
  notifiedAt?: string;
}

export function useAddParticipant(incidentId: string) {
  return useParticipantMutation(incidentId, (body: ParticipantInput) =>
    api.post<Participant>(`/incidents/${incidentId}/participants`, body),
  );
}

export function useUpdateParticipant(incidentId: string) {
  return useParticipantMutation(
    incidentId,
    ({ id, ...body }: { id: string; version: number; role?: ParticipantRole; note?: string | null; notifiedAt?: string | null }) =>
      api.patch<Participant>(`/incidents/${incidentId}/participants/${id}`, body),
  );
}

export function useRemoveParticipant(incidentId: string) {
  return useParticipantMutation(incidentId, (id: string) => api.delete<void>(`/incidents/${incidentId}/participants/${id}`));
}
