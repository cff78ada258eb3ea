/**
 * Notices: the list, one notice and every step taken on it (staff and the organization),
 * the legal-basis catalogue, the composer's due-time preview and an organization's
 * compliance record. Each change answers with the notice; it replaces the cached one and
 * the lists, the compliance record and the incident's chronology are refreshed.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MailDelivery } from '#shared/contracts/mail';
import type {
  AnswerVerdict,
  Assessment,
  Attachment,
  CreateNoticeBody,
  DuePreview,
  DuePreviewBody,
  Extension,
  HolidayCalendar,
  LegalBasis,
  Notice,
  NoticeListItem,
  NoticeStatus,
  OrganizationCompliance,
  UpdateNoticeBody,
} from '#shared/contracts/notices';
import { api } from '../../api/api-client.ts';
import type { Me, Page } from '../../api/types.ts';
import { ME_KEY } from '../session/use-me.ts';
import { uploadFile } from './upload-file.ts';

export type {
  AnswerVerdict,
  Assessment,
  Attachment,
  CreateNoticeBody,
  DuePreview,
  DuePreviewBody,
  Extension,
  HolidayCalendar,
  LegalBasis,
  Notice,
  NoticeListItem,
  OrganizationCompliance,
  UpdateNoticeBody,
};
export type NoticeQuestion = Notice['questions'][number];
export type ChainLink = Notice['chain']['ancestors'][number];
export type Escalation = Notice['escalations'][number];
export type ComplianceItem = OrganizationCompliance['items'][number];

const KEY = 'notices';

export interface NoticeFilter {
  incidentId?: string;
  organizationId?: string;
  status?: NoticeStatus[];
  overdue?: boolean;
}

export function useNoticePages(filter: NoticeFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: [KEY, 'list', filter],
    enabled,
    queryFn: ({ pageParam }) => api.get<Page<NoticeListItem>>('/notices', { ...filter, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const noticeKey = (id: string) => [KEY, 'one', id] as const;

export function useNotice(id: string, enabled = true) {
  return useQuery({ queryKey: noticeKey(id), enabled: enabled && !!id, queryFn: () => api.get<Notice>(`/notices/${id}`) });
}

export function useLegalBases() {
  return useQuery({
    queryKey: ['legal-bases'],
    staleTime: 10 * 60_000,
    queryFn: async () => (await api.get<{ items: LegalBasis[] }>('/legal-bases')).items,
  });
}

export function useHolidayCalendars() {
  return useQuery({
    queryKey: ['holiday-calendars'],
    staleTime: 10 * 60_000,
    queryFn: async () => (await api.get<{ items: HolidayCalendar[] }>('/holiday-calendars')).items,
  });
}

/** The due time the notice would get if issued now; null settings (an incomplete form) ask nothing. */
export function useDuePreview(body: DuePreviewBody | null) {
  return useQuery({
    queryKey: [KEY, 'due-preview', body],
    enabled: body !== null,
    retry: false,
    placeholderData: keepPreviousData,
    queryFn: () => api.post<DuePreview>('/notices/due-preview', body),
  });
}

export function useCompliance(organizationId: string) {
  return useQuery({
    queryKey: [KEY, 'compliance', organizationId],
    queryFn: () => api.get<OrganizationCompliance>(`/organizations/${organizationId}/compliance`),
  });
}

/** The mail sent about a notice and how each message fared (administrators read the outbox). */
export function useNoticeMail(noticeId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['mail', 'notice', noticeId],
    enabled,
    queryFn: async () => (await api.get<{ items: MailDelivery[] }>(`/notices/${noticeId}/mail`)).items,
  });
}

function useRefreshAfter() {
  const client = useQueryClient();
  return (notice: Pick<Notice, 'id' | 'incident'>) => {
    void client.invalidateQueries({ queryKey: [KEY, 'list'] });
    void client.invalidateQueries({ queryKey: [KEY, 'compliance'] });
    void client.invalidateQueries({ queryKey: ['mail', 'notice', notice.id] });
    void client.invalidateQueries({ queryKey: ['timeline', notice.incident.id] });
    // Notices up and down its clarification chain show its status.
    void client.invalidateQueries({ queryKey: [KEY, 'one'], predicate: (q) => q.queryKey[2] !== notice.id });
  };
}

/** A change that answers with the notice: it becomes the cached notice. */
function useNoticeMutation<Input>(call: (input: Input) => Promise<Notice>) {
  const client = useQueryClient();
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: call,
    onSuccess: (notice) => {
      client.setQueryData(noticeKey(notice.id), notice);
      refresh(notice);
    },
  });
}

/** A change that answers with something else: the notice is read again. */
function useNoticeSideMutation<Input, Output>(notice: Pick<Notice, 'id' | 'incident'>, call: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: call,
    onSuccess: async () => {
      refresh(notice);
      await client.invalidateQueries({ queryKey: noticeKey(notice.id) });
    },
  });
}

export function useCreateNotice(incidentId: string) {
  return useNoticeMutation((body: CreateNoticeBody) => api.post<Notice>(`/incidents/${incidentId}/notices`, body));
}

export function useUpdateNotice(id: string) {
  return useNoticeMutation((body: UpdateNoticeBody) => api.patch<Notice>(`/notices/${id}`, body));
}

export type LifecycleStep = 'approve' | 'issue' | 'close';

export function useLifecycleStep(id: string) {
  return useNoticeMutation(({ step, version }: { step: LifecycleStep; version: number }) =>
    api.post<Notice>(`/notices/${id}/${step}`, { version }),
  );
}

export function useWithdrawNotice(id: string) {
  return useNoticeMutation((body: { version: number; reason: string }) => api.post<Notice>(`/notices/${id}/withdraw`, body));
}

export function useEscalateNotice(id: string) {
  return useNoticeMutation((body: { provision?: string; note?: string }) => api.post<Notice>(`/notices/${id}/escalate`, body));
}

export function useCreateClarification(id: string) {
  return useNoticeMutation((_: undefined) => api.post<Notice>(`/notices/${id}/clarifications`));
}

export function useAssessAnswer(notice: Pick<Notice, 'id' | 'incident'>) {
  return useNoticeSideMutation(notice, ({ questionId, ...body }: { questionId: string; verdict: AnswerVerdict; comment?: string }) =>
    api.post<Assessment>(`/notices/${notice.id}/questions/${questionId}/assessments`, body),
  );
}

export function useDecideExtension(notice: Pick<Notice, 'id' | 'incident'>) {
  return useNoticeSideMutation(
    notice,
    ({ extensionId, ...body }: { extensionId: string; decision: 'grant' | 'refuse'; grantedDueAt?: string; note?: string }) =>
      api.post<Extension>(`/extensions/${extensionId}/decision`, body),
  );
}

// The organization's side

export function useSaveResponse(id: string) {
  return useNoticeMutation((body: { version: number; answers: Array<{ questionId: string; text: string }> }) =>
    api.put<Notice>(`/notices/${id}/response`, body),
  );
}

export function useSubmitResponse(id: string) {
  return useNoticeMutation((body: { version: number }) => api.post<Notice>(`/notices/${id}/response/submit`, body));
}

export function useRequestExtension(notice: Pick<Notice, 'id' | 'incident'>) {
  return useNoticeSideMutation(notice, (body: { reason: string; requestedDueAt: string }) =>
    api.post<Extension>(`/notices/${notice.id}/extensions`, body),
  );
}

export function useUploadAttachment(notice: Pick<Notice, 'id' | 'incident'>) {
  const client = useQueryClient();
  return useNoticeSideMutation(notice, ({ questionId, file, contentType }: { questionId: string; file: File; contentType: string }) =>
    uploadFile<Attachment>(
      `/notices/${notice.id}/questions/${questionId}/attachments?filename=${encodeURIComponent(file.name)}`,
      file,
      contentType,
      client.getQueryData<Me | null>(ME_KEY)?.csrfToken ?? null,
    ),
  );
}

export function useDeleteAttachment(notice: Pick<Notice, 'id' | 'incident'>) {
  return useNoticeSideMutation(notice, (attachmentId: string) => api.delete<void>(`/attachments/${attachmentId}`));
}

export const attachmentUrl = (id: string) => `/api/v1/attachments/${id}`;
export const noticePdfUrl = (id: string) => `/api/v1/notices/${id}/pdf`;
