/**
 * One of the organization's reports: where it stands, how late it was when first filed,
 * every version as it was answered with the CERT's reviews, and — while the rule it was
 * filed under is in force — the form to submit a revision, starting from the latest answers.
 */
import { Alert, Anchor, Breadcrumbs, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUnknown, IconSend } from '@tabler/icons-react';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { questionnaireOf } from '#shared/contracts/incident-reports';
import { isApiError } from '../../../api/api-error.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { EmptyState } from '../../../components/empty-state.tsx';
import { ErrorState } from '../../../components/error-state.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { RequirePermission } from '../../../components/require-permission.tsx';
import { formatDateTime } from '../../../lib/format-time.ts';
import { answerProblems, answersFor, QuestionnaireFields } from '../../reports/questionnaire-fields.tsx';
import { LatenessBadge, ReportStatusBadge, reportTitle } from '../../reports/report-labels.tsx';
import { ReportVersions } from '../../reports/report-versions.tsx';
import { type IncidentReport, type ReportRule, useReport, useReportRules, useSubmitReport } from '../../reports/reports-api.ts';
import { useMe } from '../../session/use-me.ts';

function RevisionForm(props: { report: IncidentReport; rule: ReportRule }) {
  const { report } = props;
  const questionnaire = useMemo(() => questionnaireOf(props.rule.definition), [props.rule]);
  const latest = report.versions[0];
  const [answers, setAnswers] = useState<Record<string, string>>(() => ({ ...(latest?.answers ?? {}) }));
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [confirming, setConfirming] = useState(false);
  const submit = useSubmitReport();
  const onSubmitClick = () => {
    const found = answerProblems(questionnaire, answers);
    setProblems(found);
    if (found.size === 0) setConfirming(true);
  };
  const onConfirm = () =>
    submit.mutate(
      {
        ruleCode: report.rule.code,
        externalReference: report.externalReference,
        incidentId: report.incident.id,
        answers: answersFor(questionnaire, answers),
      },
      {
        onSuccess: (saved) => {
          setConfirming(false);
          notifications.show({
            color: 'teal',
            message:
              saved.outcome === 'unchanged'
                ? 'Nothing changed: the latest version already says this.'
                : `Version ${saved.latestVersion} submitted.`,
          });
        },
        onError: () => setConfirming(false),
      },
    );
  return (
    <Stack gap="sm" data-testid="revision-form">
      <QuestionnaireFields
        questionnaire={questionnaire}
        answers={answers}
        problems={problems}
        onChange={(key, text) => {
          setAnswers((a) => ({ ...a, [key]: text }));
          if (problems.has(key)) setProblems((p) => new Map([...p].filter(([k]) => k !== key)));
        }}
      />
      {submit.isError && (
        <Alert color="red" variant="light" role="alert" title="Not submitted">
          {errorMessage(submit.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button leftSection={<IconSend size={16} />} onClick={onSubmitClick}>
          Submit version {report.latestVersion + 1}
        </Button>
      </Group>
      <ConfirmDialog
        opened={confirming}
        title="Submit a new version?"
        confirmLabel="Submit version"
        loading={submit.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={onConfirm}
      >
        Version {report.latestVersion + 1} of {report.externalReference} goes to the CERT. Earlier versions stay as they were sent; the
        lateness of the report was fixed when it was first filed.
      </ConfirmDialog>
    </Stack>
  );
}

function PortalReport(props: { report: IncidentReport }) {
  const { report } = props;
  const rules = useReportRules();
  const rule = rules.data?.find((r) => r.code === report.rule.code);
  const lastReview = report.versions[0]?.reviews.at(-1);
  return (
    <>
      <Stack gap={6} mb="lg">
        <Breadcrumbs>
          <Anchor component={Link} to="/portal/reports" size="sm">
            Reports
          </Anchor>
          <Text size="sm" ff="monospace" data-testid="report-reference">
            {report.externalReference}
          </Text>
        </Breadcrumbs>
        <Group gap="xs">
          <ReportStatusBadge status={report.status} />
          <LatenessBadge report={report} />
        </Group>
        <Title order={2}>{reportTitle(report)}</Title>
        <Text size="sm" c="dimmed">
          Incident <span style={{ fontFamily: 'monospace' }}>{report.incident.reference}</span> · {report.incident.title} · first filed{' '}
          {formatDateTime(report.firstSubmittedAt, { seconds: true })}
          {report.firstDueAt ? `, due ${formatDateTime(report.firstDueAt, { seconds: true })}` : ''}
        </Text>
      </Stack>
      {report.status === 'revision_required' && lastReview && (
        <Alert color="orange" variant="light" mb="lg" title="The CERT asks for a revision" data-testid="revision-asked">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {lastReview.comment}
          </Text>
        </Alert>
      )}
      <Stack gap="lg">
        <ReportVersions versions={report.versions} />
        {report.abilities.revise && (
          <Card padding="lg">
            <Title order={4}>Submit a revision</Title>
            <Text size="sm" c="dimmed" mb="sm">
              Start from the latest answers; the questions are those the rule asks today.
            </Text>
            {rules.isPending ? (
              <LoadingState rows={3} label="Loading the questions" />
            ) : rule ? (
              <RevisionForm key={report.latestVersion} report={report} rule={rule} />
            ) : (
              <Text size="sm" c="dimmed">
                The rule {report.rule.code} is no longer in force in Casebook, so this report takes no new version. Ask the CERT.
              </Text>
            )}
          </Card>
        )}
      </Stack>
    </>
  );
}

export function PortalReportPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const report = useReport(id);
  if (me.user.organization.isHome) return <Navigate to="/incidents" replace />;
  let body: ReactNode;
  if (report.isPending) body = <LoadingState rows={8} label="Loading report" />;
  else if (report.isError)
    body =
      isApiError(report.error) && (report.error.status === 404 || report.error.code === 'request.invalid') ? (
        <EmptyState
          icon={<IconFileUnknown size={26} />}
          title="Report not found"
          message="It does not exist, or it is not your organization's."
        />
      ) : (
        <ErrorState error={report.error} onRetry={() => report.refetch()} />
      );
  else body = <PortalReport report={report.data} />;
  return <RequirePermission permission="reports.submit">{body}</RequirePermission>;
}
