/**
 * Incident reports: the rules a report can be filed under, the reports (an organization's
 * own, or an incident's for staff), one report with its versions, filing and revising,
 * and the staff review. A change answers with the report; it replaces the cached one and
 * the lists, the incident's obligations and its chronology are refreshed.
 */
import type { Static } from '@sinclair/typebox';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  IncidentReport,
  IncidentReportSummary,
  ReportQuestion,
  ReportVersion,
  ReviewIncidentReportBody,
  SubmitIncidentReportBody,
  SubmittedIncidentReport,
} from '#shared/contracts/incident-reports';
import type { RuleDefinitionSchema } from '#shared/contracts/obligations';
import { api } from '../../api/api-client.ts';
import type { Page } from '../../api/types.ts';

export type { IncidentReport, IncidentReportSummary, ReportQuestion, ReportVersion, SubmitIncidentReportBody, SubmittedIncidentReport };
export type ReportRuleDefinition = Static<typeof RuleDefinitionSchema>;

/** A rule as listRules answers, with the parts the report form reads. */
export interface ReportRule {
  id: string;
  code: string;
  enabled: boolean;
  definition: ReportRuleDefinition;
}

const KEY = 'incident-reports';

export interface ReportFilter {
  incidentId?: string;
  organizationId?: string;
}

/** Enabled rules met by an incident report, by jurisdiction, a chain's steps in order. */
export function useReportRules() {
  return useQuery({
    queryKey: [KEY, 'rules'],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const { items } = await api.get<{ items: ReportRule[] }>('/obligation-rules');
      return items
        .filter((r) => r.enabled && r.definition.metBy === 'incident_report')
        .sort(
          (a, b) =>
            a.definition.jurisdiction.localeCompare(b.definition.jurisdiction) ||
            (a.definition.chain?.code ?? a.code).localeCompare(b.definition.chain?.code ?? b.code) ||
            (a.definition.chain?.step ?? 0) - (b.definition.chain?.step ?? 0) ||
            a.code.localeCompare(b.code),
        );
    },
  });
}

export function useReportPages(filter: ReportFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: [KEY, 'list', filter],
    enabled,
    queryFn: ({ pageParam }) => api.get<Page<IncidentReportSummary>>('/incident-reports', { ...filter, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const reportKey = (id: string) => [KEY, 'one', id] as const;

export function useReport(id: string | null) {
  return useQuery({ queryKey: reportKey(id ?? ''), enabled: !!id, queryFn: () => api.get<IncidentReport>(`/incident-reports/${id}`) });
}

function useReportMutation<Input, Output extends IncidentReport>(call: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (report) => {
      client.setQueryData(reportKey(report.id), report);
      void client.invalidateQueries({ queryKey: [KEY, 'list'] });
      void client.invalidateQueries({ queryKey: ['obligations'] });
      void client.invalidateQueries({ queryKey: ['timeline', report.incident.id] });
      void client.invalidateQueries({ queryKey: ['incidents', 'list'] });
    },
  });
}

export function useSubmitReport() {
  return useReportMutation((body: SubmitIncidentReportBody) => api.post<SubmittedIncidentReport>('/incident-reports', body));
}

export function useReviewReport(reportId: string) {
  return useReportMutation(({ version, ...body }: ReviewIncidentReportBody & { version: number }) =>
    api.post<IncidentReport>(`/incident-reports/${reportId}/versions/${version}/review`, body),
  );
}
