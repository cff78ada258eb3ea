/** Background jobs that gave up, and retrying them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api-client.ts';
import type { FailedJobItem } from '../../api/types.ts';

export function useFailedJobs(enabled = true) {
  return useQuery({ queryKey: ['jobs', 'failed'], enabled, queryFn: () => api.get<{ items: FailedJobItem[] }>('/jobs/failed') });
}

export function useRetryJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (job: { name: string; id: string }) => api.post(`/jobs/${encodeURIComponent(job.name)}/${job.id}/retry`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['jobs'] }),
  });
}
