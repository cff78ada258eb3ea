/**
 * The staff verdict on a report's latest version: accept it, or ask for a revision with a
 * comment saying what to change (the organization sees the comment and files a new version).
 */
import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconPencilQuestion } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../api/error-message.ts';
import { type IncidentReport, useReviewReport } from './reports-api.ts';

export function ReviewControls(props: { report: IncidentReport }) {
  const { report } = props;
  const review = useReviewReport(report.id);
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!report.abilities.review) return null;
  const version = report.latestVersion;

  const accept = () =>
    review.mutate(
      { version, verdict: 'accepted' },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: `Version ${version} of ${report.externalReference} accepted.` }),
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );
  const askRevision = () => {
    if (!comment.trim()) {
      setProblem('Say what the organization should revise.');
      return;
    }
    review.mutate(
      { version, verdict: 'revision_required', comment: comment.trim() },
      {
        onSuccess: () => {
          setAsking(false);
          setComment('');
          notifications.show({ color: 'teal', message: `${report.organization.name} is asked to revise ${report.externalReference}.` });
        },
        onError: (error) => setProblem(errorMessage(error)),
      },
    );
  };

  return (
    <>
      <Group gap="sm">
        <Button leftSection={<IconCheck size={16} />} color="teal" loading={review.isPending && !asking} onClick={accept}>
          Accept version {version}
        </Button>
        <Button variant="light" color="orange" leftSection={<IconPencilQuestion size={16} />} onClick={() => setAsking(true)}>
          Ask for a revision
        </Button>
      </Group>
      <Modal opened={asking} onClose={() => setAsking(false)} title={`Ask ${report.organization.name} to revise`}>
        <Stack gap="sm">
          <Textarea
            label="What should change"
            description="The organization sees this with the version it concerns."
            autosize
            minRows={3}
            maxLength={4000}
            value={comment}
            onChange={(e) => {
              setComment(e.currentTarget.value);
              setProblem(null);
            }}
            error={problem}
            data-autofocus
          />
          {review.isError && !problem && <Alert color="red">{errorMessage(review.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)}>
              Cancel
            </Button>
            <Button color="orange" loading={review.isPending} onClick={askRevision}>
              Ask for a revision
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
