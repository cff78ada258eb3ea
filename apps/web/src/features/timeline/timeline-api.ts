/** An incident's chronology: entries, corrections and their history, conflicts. */
import type { Static } from '@sinclair/typebox';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AddTimelineEntryBody, TimelineEntry, TimelineRevision, UpdateTimelineEntryBody } from '#shared/contracts/timeline';
import { api } from '../../api/api-client.ts';

export type { TimelineEntry };
export type AddEntryBody = Static<typeof AddTimelineEntryBody>;
export type CorrectEntryBody = Static<typeof UpdateTimelineEntryBody>;
export type Revision = Static<typeof TimelineRevision>;

export interface TimelineFilter {
  kind?: 'entry' | 'system';
  sourceOrganizationId?: string;
  conflictsOnly?: boolean;
}

interface TimelinePage {
  items: TimelineEntry[];
  nextCursor: string | null;
  total: number;
}

export function useTimeline(incidentId: string, filter: TimelineFilter) {
  return useInfiniteQuery({
    queryKey: ['timeline', incidentId, 'list', filter],
    queryFn: ({ pageParam }) =>
      api.get<TimelinePage>(`/incidents/${incidentId}/timeline`, {
        ...filter,
        conflictsOnly: filter.conflictsOnly || undefined,
        cursor: pageParam,
        limit: 100,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useTimelineMutation<Input, Output>(incidentId: string, call: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => client.invalidateQueries({ queryKey: ['timeline', incidentId] }) });
}

export function useAddEntry(incidentId: string) {
  return useTimelineMutation(incidentId, (body: AddEntryBody) => api.post<TimelineEntry>(`/incidents/${incidentId}/timeline`, body));
}

export function useCorrectEntry(incidentId: string) {
  return useTimelineMutation(incidentId, ({ entryId, ...body }: CorrectEntryBody & { entryId: string }) =>
    api.patch<TimelineEntry>(`/incidents/${incidentId}/timeline/${entryId}`, body),
  );
}

export function useMarkConflict(incidentId: string) {
  return useTimelineMutation(incidentId, (body: { entryA: string; entryB: string; note: string }) =>
    api.post<unknown>(`/incidents/${incidentId}/timeline/conflicts`, body),
  );
}

export function useRevisions(incidentId: string, entryId: string | null) {
  return useQuery({
    queryKey: ['timeline', incidentId, 'revisions', entryId],
    enabled: !!entryId,
    queryFn: async () => (await api.get<{ items: Revision[] }>(`/incidents/${incidentId}/timeline/${entryId}/revisions`)).items,
  });
}

export function exportUrl(incidentId: string, format: 'csv' | 'markdown'): string {
  return `/api/v1/incidents/${incidentId}/timeline/export?format=${format}`;
}
