/** The outbox: every mail message, newest first, page by page. */
import type { Static } from '@sinclair/typebox';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { MailMessage as MailMessageSchema, MailState } from '#shared/contracts/mail';
import { api } from '../../api/api-client.ts';
import type { Page } from '../../api/types.ts';

export type MailMessage = Static<typeof MailMessageSchema>;

export interface OutboxFilter {
  state?: MailState;
  noticeId?: string;
}

export function useOutboxPages(filter: OutboxFilter, limit = 50) {
  return useInfiniteQuery({
    queryKey: ['mail', filter, limit],
    queryFn: ({ pageParam }) => api.get<Page<MailMessage>>('/mail', { ...filter, cursor: pageParam, limit }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
