/**
 * "Report an incident": the organization picks the rule it reports under, the incident
 * (one the CERT shares with it, or a new one it describes), its own reference, the facts
 * that start the rule's clock, and answers the rule's questions; it submits after a
 * confirmation. Sending the same reference again under the same rule revises that report.
 */
import { Alert, Button, Card, Group, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { type ReactNode, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { MAX_EXTERNAL_REFERENCE_LENGTH, questionnaireOf, type ReportedIncident } from '#shared/contracts/incident-reports';
import { errorMessage } from '../../../api/error-message.ts';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import type { KeyTimeDraft } from '../../incidents/incident-draft.ts';
import { useCategories, useIncidentPages } from '../../incidents/incidents-api.ts';
import { KeyTimeInput } from '../../incidents/key-time-input.tsx';
import { localZone, zonedToIso } from '../../incidents/zoned-time.ts';
import { answerProblems, answersFor, QuestionnaireFields } from '../../reports/questionnaire-fields.tsx';
import { type FactsDraft, factsAsked, factsBody, ReportFactsFields } from '../../reports/report-facts.tsx';
import { formatDuration, ruleTitle } from '../../reports/report-labels.tsx';
import { type ReportRule, type SubmitIncidentReportBody, useSubmitReport } from '../../reports/reports-api.ts';

interface NewIncidentDraft {
  title: string;
  summary: string;
  categoryCode: string | null;
  role: 'affected_platform' | 'reporter';
  occurred: KeyTimeDraft;
  noticed: KeyTimeDraft;
}

type Problems = Partial<Record<'rule' | 'incident' | 'title' | 'reference' | 'occurred' | 'noticed', string>>;

function keyTime(draft: KeyTimeDraft): { at: string; timeZone: string } | null | 'invalid' {
  if (!draft.local) return null;
  const at = zonedToIso(draft.local, draft.zone);
  return at ? { at, timeZone: draft.zone } : 'invalid';
}

function Section(props: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Card padding="lg">
      <Title order={4}>{props.title}</Title>
      {props.hint && (
        <Text size="sm" c="dimmed" mb="sm">
          {props.hint}
        </Text>
      )}
      <Stack gap="sm" mt={props.hint ? 0 : 'sm'}>
        {props.children}
      </Stack>
    </Card>
  );
}

export function ReportForm(props: { rules: ReportRule[]; initialIncidentId?: string | null; initialRuleCode?: string | null }) {
  const zone = localZone();
  const navigate = useNavigate();
  const incidents = useIncidentPages({});
  const categories = useCategories();
  const submit = useSubmitReport();
  const [ruleCode, setRuleCode] = useState<string | null>(props.initialRuleCode ?? null);
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [incidentId, setIncidentId] = useState<string | null>(props.initialIncidentId ?? null);
  const [incident, setIncident] = useState<NewIncidentDraft>({
    title: '',
    summary: '',
    categoryCode: null,
    role: 'affected_platform',
    occurred: { local: '', zone },
    noticed: { local: '', zone },
  });
  const [reference, setReference] = useState('');
  const [facts, setFacts] = useState<FactsDraft>({ times: {}, judgements: {} });
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Problems>({});
  const [answerIssues, setAnswerIssues] = useState<Map<string, string>>(new Map());
  const [confirming, setConfirming] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);

  const rule = props.rules.find((r) => r.code === ruleCode) ?? null;
  const questionnaire = useMemo(() => (rule ? questionnaireOf(rule.definition) : []), [rule]);
  const asked = useMemo(() => (rule ? factsAsked(rule.definition) : { times: [], judgements: [] }), [rule]);
  const sharedIncidents = incidents.data?.pages.flatMap((p) => p.items) ?? [];

  const ruleOptions = useMemo(() => {
    const groups = new Map<string, Array<{ value: string; label: string }>>();
    for (const r of props.rules) {
      const list = groups.get(r.definition.jurisdiction) ?? [];
      list.push({ value: r.code, label: `${ruleTitle(r)} (${r.definition.deadline})` });
      groups.set(r.definition.jurisdiction, list);
    }
    return [...groups].map(([group, items]) => ({ group, items }));
  }, [props.rules]);

  const body = (): SubmitIncidentReportBody | null => {
    const found: Problems = {};
    if (!rule) found.rule = 'Choose the rule you report under.';
    if (!reference.trim()) found.reference = 'Give your own reference for this report.';
    let newIncident: ReportedIncident | undefined;
    if (mode === 'existing' && !incidentId) found.incident = 'Choose the incident, or describe a new one.';
    if (mode === 'new') {
      if (!incident.title.trim()) found.title = 'Give the incident a title.';
      const occurred = keyTime(incident.occurred);
      const noticed = keyTime(incident.noticed);
      if (occurred === 'invalid') found.occurred = 'Enter a date and time.';
      if (noticed === 'invalid') found.noticed = 'Enter a date and time.';
      newIncident = {
        title: incident.title.trim(),
        ...(incident.summary.trim() ? { summary: incident.summary } : {}),
        ...(incident.categoryCode ? { categoryCode: incident.categoryCode } : {}),
        role: incident.role,
        keyTimes: {
          ...(occurred && occurred !== 'invalid' ? { occurred } : {}),
          ...(noticed && noticed !== 'invalid' ? { noticed } : {}),
        },
      };
    }
    const issues = answerProblems(questionnaire, answers);
    setProblems(found);
    setAnswerIssues(issues);
    if (!rule || Object.keys(found).length > 0 || issues.size > 0) return null;
    const stated = factsBody(facts, asked);
    return {
      ruleCode: rule.code,
      externalReference: reference.trim(),
      ...(mode === 'existing' && incidentId ? { incidentId } : { incident: newIncident }),
      answers: answersFor(questionnaire, answers),
      ...(stated.length > 0 ? { facts: stated } : {}),
    };
  };

  const onConfirm = () => {
    const payload = body();
    if (!payload) return;
    setSubmitError(null);
    submit.mutate(payload, {
      onSuccess: (report) => {
        setConfirming(false);
        const late = report.lateBySeconds ? ` It was filed ${formatDuration(report.lateBySeconds)} after its due time.` : '';
        const what =
          report.outcome === 'created'
            ? 'Report submitted.'
            : report.outcome === 'revised'
              ? `Version ${report.latestVersion} submitted.`
              : 'Nothing changed: the report already says this.';
        notifications.show({ color: 'teal', message: `${what}${late}` });
        navigate(`/portal/reports/${report.id}`);
      },
      onError: (error) => {
        setConfirming(false);
        setSubmitError(error);
      },
    });
  };

  return (
    <Stack gap="lg" data-testid="report-form">
      <Section title="What you report" hint="The legal duty this report fulfils. Its questions follow from it.">
        <Select
          label="Rule"
          placeholder="Choose the rule you report under"
          searchable
          data={ruleOptions}
          value={ruleCode}
          onChange={(code) => {
            setRuleCode(code);
            setProblems((p) => ({ ...p, rule: undefined }));
          }}
          error={problems.rule}
          nothingFoundMessage="No rule by that name"
        />
        {rule && (
          <Text size="sm" c="dimmed" data-testid="rule-summary">
            {rule.definition.summary} Recipient: {rule.definition.recipient}. Deadline: {rule.definition.deadline}.
          </Text>
        )}
        <TextInput
          label="Your reference"
          description="Your own identifier for this report. Sending the same reference again under the same rule files a new version of it."
          maxLength={MAX_EXTERNAL_REFERENCE_LENGTH}
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
          error={problems.reference}
        />
      </Section>

      <Section title="The incident">
        <SegmentedControl
          value={mode}
          onChange={(value) => setMode(value as 'existing' | 'new')}
          data={[
            { value: 'existing', label: 'An incident shared with you' },
            { value: 'new', label: 'A new incident' },
          ]}
        />
        {mode === 'existing' ? (
          <Select
            label="Incident"
            placeholder={incidents.isPending ? 'Loading…' : 'Choose the incident'}
            searchable
            data={sharedIncidents.map((i) => ({ value: i.id, label: `${i.reference} · ${i.title}` }))}
            value={incidentId}
            onChange={setIncidentId}
            error={problems.incident}
            nothingFoundMessage="No incident shared with you matches"
          />
        ) : (
          <>
            <TextInput
              label="Title"
              value={incident.title}
              maxLength={300}
              onChange={(e) => setIncident({ ...incident, title: e.currentTarget.value })}
              error={problems.title}
            />
            <Textarea
              label="Summary"
              autosize
              minRows={2}
              maxLength={50_000}
              value={incident.summary}
              onChange={(e) => setIncident({ ...incident, summary: e.currentTarget.value })}
            />
            <Group grow align="flex-start">
              <Select
                label="Category"
                placeholder="Not yet known"
                searchable
                clearable
                data={(categories.data ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: c.label }))}
                value={incident.categoryCode}
                onChange={(code) => setIncident({ ...incident, categoryCode: code })}
              />
              <Select
                label="Your organization is"
                allowDeselect={false}
                data={[
                  { value: 'affected_platform', label: 'Affected by it' },
                  { value: 'reporter', label: 'Reporting it' },
                ]}
                value={incident.role}
                onChange={(role) => role && setIncident({ ...incident, role: role as NewIncidentDraft['role'] })}
              />
            </Group>
            <KeyTimeInput
              label="Occurred"
              value={incident.occurred}
              onChange={(occurred) => setIncident({ ...incident, occurred })}
              error={problems.occurred}
            />
            <KeyTimeInput
              label="Noticed by you"
              value={incident.noticed}
              onChange={(noticed) => setIncident({ ...incident, noticed })}
              error={problems.noticed}
            />
          </>
        )}
      </Section>

      {rule && (asked.times.length > 0 || asked.judgements.length > 0) && (
        <Section
          title="When the clock started"
          hint="The facts the rule counts its deadline from, on the clock of the zone where they happened. Leave out what you do not know yet."
        >
          <ReportFactsFields asked={asked} draft={facts} zone={zone} onChange={setFacts} />
        </Section>
      )}

      {rule && (
        <Section title="Questions" hint={`What ${rule.definition.recipient} must be told.`}>
          <QuestionnaireFields
            questionnaire={questionnaire}
            answers={answers}
            problems={answerIssues}
            onChange={(key, text) => {
              setAnswers((a) => ({ ...a, [key]: text }));
              if (answerIssues.has(key)) setAnswerIssues((p) => new Map([...p].filter(([k]) => k !== key)));
            }}
          />
        </Section>
      )}

      {!!submitError && (
        <Alert color="red" variant="light" role="alert" title="Not submitted" data-testid="submit-error">
          {errorMessage(submitError)} Your answers are kept; correct them and submit again.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button leftSection={<IconSend size={16} />} onClick={() => body() && setConfirming(true)}>
          Submit report
        </Button>
      </Group>
      <ConfirmDialog
        opened={confirming}
        title="Submit your report?"
        confirmLabel="Submit report"
        loading={submit.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={onConfirm}
      >
        Your report {reference.trim()} goes to the CERT{rule ? ` under ${rule.code}` : ''}. Each submission is kept as it was sent; to
        correct it later, submit again under the same reference.
      </ConfirmDialog>
    </Stack>
  );
}
