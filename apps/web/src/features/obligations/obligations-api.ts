/**
 * Obligations: the computed duties of an incident's organizations, across incidents by due
 * time, their explanations, the facts they are computed from, the compliance summary and
 * the rules (docs/modules/obligations.md). Facts are recomputed into obligations by a job
 * a moment after they are saved, so a save is followed by a few refetches of the list.
 */
import type { Static } from '@sinclair/typebox';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ComplianceSummary,
  FactName,
  ListObligationsQuery,
  Obligation,
  ObligationExplanation,
  ObligationFactsView,
  SetObligationFactsBody,
} from '#shared/contracts/obligation-api';
import type { RuleDefinitionSchema } from '#shared/contracts/obligations';
import { api, withQuery } from '../../api/api-client.ts';
import type { Page } from '../../api/types.ts';

export type { ComplianceSummary, FactName, Obligation, ObligationExplanation, ObligationFactsView };
export type ObligationFilter = Omit<ListObligationsQuery, 'cursor' | 'limit'>;
export type ObligationFact = ObligationFactsView['facts'][number];
export type FactInput = SetObligationFactsBody['facts'][number];
export type RuleDefinition = Static<typeof RuleDefinitionSchema>;

/** A rule as listRules answers: its current definition, whether it is on, and its versions. */
export interface Rule {
  id: string;
  code: string;
  pack: string;
  version: number;
  enabled: boolean;
  disabledNote: string | null;
  definition: RuleDefinition;
  updatedAt: string;
  versions: Array<{ version: number; changeReason: string | null; createdAt: string }>;
}

/** What updateRule refuses with until the change is confirmed (409 obligations.rule_change_needs_confirmation). */
export interface RuleChangeImpact {
  changed: number;
  sample: Array<{ incidentId: string; organizationId: string; from: string; to: string }>;
}

const KEY = 'obligations';
const PAGE = 500;

/** Every page of a filter: an incident has tens of obligations, a month of deadlines a few hundred. */
async function fetchAll(filter: ObligationFilter): Promise<Obligation[]> {
  const items: Obligation[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Page<Obligation>>('/obligations', { ...filter, cursor, limit: PAGE });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export function useObligations(filter: ObligationFilter, options: { enabled?: boolean; refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: [KEY, 'list', filter],
    enabled: options.enabled ?? true,
    queryFn: () => fetchAll(filter),
    refetchInterval: options.refetchInterval ?? false,
    placeholderData: keepPreviousData,
  });
}

export function useExplanation(obligationId: string | null) {
  return useQuery({
    queryKey: [KEY, 'explanation', obligationId],
    enabled: !!obligationId,
    queryFn: () => api.get<ObligationExplanation>(`/obligations/${obligationId}/explanation`),
  });
}

export function useObligationFacts(incidentId: string) {
  return useQuery({
    queryKey: [KEY, 'facts', incidentId],
    queryFn: async () => (await api.get<{ items: ObligationFactsView[] }>(`/incidents/${incidentId}/obligation-facts`)).items,
  });
}

export function useSetObligationFacts(incidentId: string, organizationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (facts: FactInput[]) =>
      api.put<{ items: ObligationFactsView[] }>(`/incidents/${incidentId}/obligation-facts/${organizationId}`, { facts }),
    onSuccess: (result) => client.setQueryData([KEY, 'facts', incidentId], result.items),
  });
}

export function useComplianceSummary(query: { from?: string; to?: string; organizationId?: string }) {
  return useQuery({
    queryKey: [KEY, 'compliance', query],
    queryFn: () => api.get<ComplianceSummary>('/obligations/compliance', query),
    placeholderData: keepPreviousData,
  });
}

/** The CSV export of the obligations matching a filter; the browser downloads it with the session cookie. */
export function exportUrl(filter: ObligationFilter): string {
  return `/api/v1${withQuery('/obligations/export.csv', filter)}`;
}

export const RULES_KEY = [KEY, 'rules'] as const;

export function useRules() {
  return useQuery({ queryKey: RULES_KEY, queryFn: async () => (await api.get<{ items: Rule[] }>('/obligation-rules')).items });
}

export interface RuleChange {
  definition?: unknown;
  enabled?: boolean;
  changeReason?: string;
  confirm?: boolean;
}

export function useUpdateRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ruleId, change }: { ruleId: string; change: RuleChange }) => api.patch<Rule>(`/obligation-rules/${ruleId}`, change),
    onSuccess: (rule) => {
      client.setQueryData<Rule[]>(RULES_KEY, (rules) => rules?.map((r) => (r.id === rule.id ? rule : r)));
      // Obligations move to the new version once the recomputation has run.
      void client.invalidateQueries({ queryKey: [KEY, 'list'] });
    },
  });
}
