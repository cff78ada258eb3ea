/** Background jobs that failed after all their retries, with a way to run each again. */
import { Button, Card, Code, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { errorMessage } from '../../api/error-message.ts';
import type { FailedJobItem } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { formatDateTime } from '../../lib/format-time.ts';
import { useFailedJobs, useRetryJob } from './jobs-api.ts';

function RetryButton(props: { job: FailedJobItem }) {
  const retry = useRetryJob();
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconRefresh size={14} />}
      loading={retry.isPending}
      aria-label={`Retry ${props.job.name} ${props.job.id}`}
      onClick={() =>
        retry.mutate(props.job, {
          onSuccess: () => notifications.show({ color: 'teal', message: `${props.job.name} queued to run again.` }),
          onError: (error) => notifications.show({ color: 'red', title: 'Retry failed', message: errorMessage(error) }),
        })
      }
    >
      Retry
    </Button>
  );
}

function FailedJobs() {
  const jobs = useFailedJobs();
  const items = jobs.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Failed jobs"
        description="Reminders, e-mails and upkeep that failed after every automatic retry. Fix the cause (the error says what), then retry."
        action={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => jobs.refetch()}
            loading={jobs.isFetching && !jobs.isPending}
          >
            Refresh
          </Button>
        }
      />
      <Card padding="lg">
        {jobs.isPending ? (
          <LoadingState rows={4} label="Loading failed jobs" />
        ) : jobs.isError ? (
          <ErrorState error={jobs.error} onRetry={() => jobs.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<IconCircleCheck size={26} />}
            title="No failed jobs"
            message="Every background job has run or is waiting its turn."
          />
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Job</Table.Th>
                  <Table.Th>Error</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Failed</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((job) => (
                  <Table.Tr key={job.id} data-testid="failed-job-row">
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {job.name}
                      </Text>
                      <Text size="xs" c="dimmed" className="mono">
                        {job.id}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={360}>
                      {job.error ? (
                        <Tooltip label={job.error} multiline w={420} withinPortal>
                          <Code style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                            {job.error}
                          </Code>
                        </Tooltip>
                      ) : (
                        <Text size="sm" c="dimmed">
                          No message
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {job.retryCount + 1} of {job.retryLimit + 1}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.createdAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.failedAt)}</Table.Td>
                    <Table.Td ta="right">
                      <RetryButton job={job} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </>
  );
}

export function FailedJobsPage() {
  return (
    <RequirePermission permission="jobs.read">
      <FailedJobs />
    </RequirePermission>
  );
}
