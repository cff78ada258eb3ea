/**
 * The affected-persons register (docs/modules/affected-persons.md): counts, need-to-know
 * grants, the masked list, reveals, entries, retention, categories and the supplier's view.
 *
 * Identities never enter the query cache: the list is masked, a reveal writes what it
 * read into the caller's component state and returns nothing, and mutations whose input
 * carries identities (add, import) are dropped from the mutation cache as soon as their
 * component lets go of them (gcTime 0).
 */
import type { Static } from '@sinclair/typebox';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddAffectedPersonBody,
  AffectedCounts,
  AffectedPersonCategoryList,
  GrantBody,
  Identity,
  ImportBody,
  ImportField,
  ImportReport,
  ListAffectedPersonsQuery,
  MaskedPerson,
  RegisterGrant,
  RegisterSettings as RegisterSettingsSchema,
  RevealBody,
  SuppliedPersonList,
  UpdateAffectedPersonBody,
  UpdateRegisterSettingsBody,
} from '#shared/contracts/affected-persons';
import { api } from '../../api/api-client.ts';

export type { AffectedCounts, Identity, ImportReport, MaskedPerson, RegisterGrant };
export type RegisterFilter = Omit<ListAffectedPersonsQuery, 'cursor' | 'limit'>;
export type SuppliedPerson = Static<typeof SuppliedPersonList>['items'][number];
export type RegisterSettings = Static<typeof RegisterSettingsSchema>;
export type Category = Static<typeof AffectedPersonCategoryList>['items'][number];
/** A purpose the register page holds: always chosen (the API refuses, and audits, a read without one). */
export type Purpose = { purpose: NonNullable<RevealBody['purpose']>; purposeText?: RevealBody['purposeText'] };
/** The import request as sent: only the fields given a column are in the mapping. */
export type ImportRequest = Omit<ImportBody, 'mapping'> & { mapping: Partial<Record<ImportField, string>> };

interface PersonPage {
  items: MaskedPerson[];
  nextCursor: string | null;
  total: number;
}

const KEY = 'affected-persons';
export const registerKey = (incidentId: string) => [KEY, incidentId] as const;
const PAGE = 50;
/** The most identities one reveal may ask for (RevealBody). */
export const REVEAL_BATCH = 200;

export function useAffectedCounts(incidentId: string) {
  return useQuery({
    queryKey: [...registerKey(incidentId), 'counts'],
    queryFn: () => api.get<AffectedCounts>(`/incidents/${incidentId}/affected-persons/counts`),
  });
}

export function useRegisterGrants(incidentId: string, enabled = true) {
  return useQuery({
    queryKey: [...registerKey(incidentId), 'grants'],
    enabled,
    queryFn: () => api.get<{ items: RegisterGrant[]; mine: RegisterGrant | null }>(`/incidents/${incidentId}/register-grants`),
  });
}

export function useAffectedPersons(incidentId: string, filter: RegisterFilter, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...registerKey(incidentId), 'list', filter],
    enabled,
    queryFn: ({ pageParam }) =>
      api.get<PersonPage>(`/incidents/${incidentId}/affected-persons`, { ...filter, cursor: pageParam, limit: PAGE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The table stays in place while another filter loads.
    placeholderData: keepPreviousData,
  });
}

/** Counts and lists change together with every entry written. */
function useInvalidateRegister(incidentId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: registerKey(incidentId) });
}

/** Reveals in batches the API accepts; `onRevealed` receives the identities, the cache never does. */
export function useRevealPersons(incidentId: string, onRevealed: (items: Identity[]) => void) {
  return useMutation({
    gcTime: 0,
    mutationFn: async ({ purpose, personIds }: { purpose: Purpose; personIds: string[] }): Promise<void> => {
      for (let i = 0; i < personIds.length; i += REVEAL_BATCH) {
        const result = await api.post<{ items: Identity[] }>(`/incidents/${incidentId}/affected-persons/reveal`, {
          ...purpose,
          personIds: personIds.slice(i, i + REVEAL_BATCH),
        });
        onRevealed(result.items);
      }
    },
  });
}

export function useAddPerson(incidentId: string) {
  const invalidate = useInvalidateRegister(incidentId);
  return useMutation({
    gcTime: 0,
    mutationFn: (body: AddAffectedPersonBody) => api.post<MaskedPerson>(`/incidents/${incidentId}/affected-persons`, body),
    onSuccess: invalidate,
  });
}

export function useUpdatePerson(incidentId: string) {
  const invalidate = useInvalidateRegister(incidentId);
  return useMutation({
    gcTime: 0,
    mutationFn: ({ personId, ...body }: UpdateAffectedPersonBody & { personId: string }) =>
      api.patch<MaskedPerson>(`/incidents/${incidentId}/affected-persons/${personId}`, body),
    onSuccess: invalidate,
  });
}

/** The dry run: a report, nothing written. The commit streams its progress (import-stream.ts). */
export function useCheckImport(incidentId: string) {
  return useMutation({
    gcTime: 0,
    mutationFn: (body: Omit<ImportRequest, 'dryRun'>) =>
      api.post<ImportReport>(`/incidents/${incidentId}/affected-persons/imports`, { ...body, dryRun: true }),
  });
}

export function useGrantAccess(incidentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: GrantBody) => api.post<RegisterGrant>(`/incidents/${incidentId}/register-grants`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: [...registerKey(incidentId), 'grants'] }),
  });
}

export function useRevokeGrant(incidentId: string) {
  const invalidate = useInvalidateRegister(incidentId);
  return useMutation({
    mutationFn: (grantId: string) => api.delete<void>(`/incidents/${incidentId}/register-grants/${grantId}`),
    // Revoking one's own grant closes the register at once.
    onSuccess: invalidate,
  });
}

/** The register's vocabulary of categories, the same for every incident; retired ones are marked inactive. */
export function useCategories() {
  return useQuery({
    queryKey: [KEY, 'categories'],
    queryFn: async () => (await api.get<{ items: Category[] }>('/affected-person-categories')).items,
    // Categories change by migration or by an administrator, rarely; one load per visit is enough.
    staleTime: 10 * 60_000,
  });
}

export function useRegisterSettings(incidentId: string) {
  return useQuery({
    queryKey: [...registerKey(incidentId), 'settings'],
    queryFn: () => api.get<RegisterSettings>(`/incidents/${incidentId}/affected-persons/settings`),
  });
}

export function useUpdateRegisterSettings(incidentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRegisterSettingsBody) =>
      api.patch<RegisterSettings>(`/incidents/${incidentId}/affected-persons/settings`, body),
    onSuccess: (settings) => client.setQueryData([...registerKey(incidentId), 'settings'], settings),
  });
}

export function useSuppliedPersons(incidentId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...registerKey(incidentId), 'supplied'],
    enabled,
    queryFn: async () => (await api.get<{ items: SuppliedPerson[] }>(`/incidents/${incidentId}/affected-persons/supplied`)).items,
  });
}
