/** The audit log, newest first, page by page. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/api-client.ts';
import type { AuditEvent, Page } from '../../api/types.ts';

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export function useAuditPages(filter: AuditFilter, limit = 50, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['audit-events', filter, limit],
    enabled,
    queryFn: ({ pageParam }) => api.get<Page<AuditEvent>>('/audit-events', { ...filter, cursor: pageParam, limit }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
