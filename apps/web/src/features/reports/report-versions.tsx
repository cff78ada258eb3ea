/**
 * A report's versions, newest first: each with the questions exactly as they were asked
 * when it was answered (the questionnaire stored with the version), the answers, who sent
 * it and how, and the reviews it got. Earlier versions fold away under the latest.
 */
import { Accordion, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { REPORT_VERDICT_LABELS } from '#shared/contracts/incident-reports';
import { formatDateTime } from '../../lib/format-time.ts';
import type { ReportVersion } from './reports-api.ts';

function Reviews(props: { version: ReportVersion }) {
  if (props.version.reviews.length === 0) return null;
  return (
    <Stack gap={6} data-testid="report-reviews">
      {props.version.reviews.map((r) => (
        <Card key={r.id} padding="sm" withBorder bg={r.verdict === 'accepted' ? 'teal.0' : 'orange.0'}>
          <Group gap={6}>
            <Badge color={r.verdict === 'accepted' ? 'teal' : 'orange'} variant="light">
              {REPORT_VERDICT_LABELS[r.verdict]}
            </Badge>
            <Text size="xs" c="dimmed">
              {formatDateTime(r.reviewedAt)}
              {r.reviewedBy ? ` · ${r.reviewedBy.name}` : ''}
            </Text>
          </Group>
          {r.comment && (
            <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
              {r.comment}
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}

export function VersionBody(props: { version: ReportVersion }) {
  const { version } = props;
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        Submitted {formatDateTime(version.submittedAt, { seconds: true })}
        {version.submittedBy ? ` by ${version.submittedBy.name}` : ''}{' '}
        {version.submittedVia === 'api' ? 'through the API' : 'in the portal'} · SHA-256{' '}
        <span style={{ fontFamily: 'monospace' }}>{version.contentSha256.slice(0, 12)}…</span>
      </Text>
      {version.questionnaire.map((q, i) => {
        const answer = Object.hasOwn(version.answers, q.key) ? version.answers[q.key] : '';
        return (
          <div key={q.key} data-testid="report-answer">
            <Text size="sm" fw={600} style={{ whiteSpace: 'pre-wrap' }}>
              {i + 1}. {q.text}
              {q.required ? '' : ' (optional)'}
            </Text>
            <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap' }} c={answer.trim() ? undefined : 'dimmed'}>
              {answer.trim() ? answer : 'No answer.'}
            </Text>
          </div>
        );
      })}
      <Reviews version={version} />
    </Stack>
  );
}

export function ReportVersions(props: { versions: ReportVersion[] }) {
  const [latest, ...earlier] = props.versions;
  if (!latest) return null;
  return (
    <Stack gap="md" data-testid="report-versions">
      <Card padding="md" withBorder>
        <Text fw={600} mb="xs">
          Version {latest.version}
          {earlier.length > 0 ? ' (latest)' : ''}
        </Text>
        <VersionBody version={latest} />
      </Card>
      {earlier.length > 0 && (
        <Accordion variant="separated">
          {earlier.map((v) => (
            <Accordion.Item key={v.version} value={String(v.version)}>
              <Accordion.Control>
                Version {v.version} · {formatDateTime(v.submittedAt)}
              </Accordion.Control>
              <Accordion.Panel>
                <VersionBody version={v} />
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}
