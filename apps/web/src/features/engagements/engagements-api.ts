/** Engagements of an incident: the list, one engagement, its changes, and the disclosure ledger by topic. */
import type { Static } from '@sinclair/typebox';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateEngagementBody,
  DisclosureLedger,
  DisclosureState,
  Engagement,
  EngagementKind,
  EngagementListItem,
  EngagementPage,
  UpdateEngagementBody,
} from '#shared/contracts/engagements';
import { api } from '../../api/api-client.ts';

export type { CreateEngagementBody, DisclosureLedger, Engagement, EngagementListItem, UpdateEngagementBody };

export interface EngagementFilter {
  kind?: EngagementKind;
  organizationId?: string;
}

export interface DisclosureFilter {
  topic?: string;
  organizationId?: string;
  state?: DisclosureState;
}

const KEY = 'engagements';

export function useEngagements(incidentId: string, filter: EngagementFilter) {
  return useInfiniteQuery({
    queryKey: [KEY, 'list', incidentId, filter],
    queryFn: ({ pageParam }) =>
      api.get<Static<typeof EngagementPage>>(`/incidents/${incidentId}/engagements`, { ...filter, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useEngagement(id: string) {
  return useQuery({ queryKey: [KEY, 'one', id], queryFn: () => api.get<Engagement>(`/engagements/${id}`) });
}

export function useDisclosures(incidentId: string, filter: DisclosureFilter) {
  return useQuery({
    queryKey: [KEY, 'disclosures', incidentId, filter],
    queryFn: () => api.get<DisclosureLedger>(`/incidents/${incidentId}/disclosures`, { ...filter }),
    placeholderData: keepPreviousData,
  });
}

/** After a change: the engagement, the incident's lists and ledger, and its chronology (the engagement's entry moves with it). */
function useEngagementMutation<Input>(incidentId: string, call: (input: Input) => Promise<Engagement>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (engagement) => {
      client.setQueryData([KEY, 'one', engagement.id], engagement);
      void client.invalidateQueries({ queryKey: [KEY, 'list', incidentId] });
      void client.invalidateQueries({ queryKey: [KEY, 'disclosures', incidentId] });
      void client.invalidateQueries({ queryKey: ['timeline', incidentId] });
    },
  });
}

export function useCreateEngagement(incidentId: string) {
  return useEngagementMutation(incidentId, (body: CreateEngagementBody) =>
    api.post<Engagement>(`/incidents/${incidentId}/engagements`, body),
  );
}

export function useUpdateEngagement(incidentId: string, id: string) {
  return useEngagementMutation(incidentId, (body: UpdateEngagementBody) => api.patch<Engagement>(`/engagements/${id}`, body));
}
