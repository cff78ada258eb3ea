/**
 * The questions of a report as a form: one numbered card per question, as the portal's
 * notice answer form shows them, with the problems the server would refuse marked on the
 * question they concern.
 */
import { Card, Group, Stack, Text, Textarea, ThemeIcon } from '@mantine/core';
import { MAX_ANSWER_LENGTH } from '#shared/contracts/incident-reports';
import type { ReportQuestion } from './reports-api.ts';

/** Required questions left blank, by key. */
export function answerProblems(questionnaire: ReportQuestion[], answers: Record<string, string>): Map<string, string> {
  const problems = new Map<string, string>();
  for (const q of questionnaire) if (q.required && !answers[q.key]?.trim()) problems.set(q.key, 'Answer this question before submitting.');
  return problems;
}

/** Only the answers the questionnaire asks for, without blank optional ones. */
export function answersFor(questionnaire: ReportQuestion[], answers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(questionnaire.filter((q) => answers[q.key]?.trim()).map((q) => [q.key, answers[q.key]]));
}

export function QuestionnaireFields(props: {
  questionnaire: ReportQuestion[];
  answers: Record<string, string>;
  problems: Map<string, string>;
  onChange: (key: string, text: string) => void;
}) {
  return (
    <Stack gap="sm" data-testid="report-questionnaire">
      {props.questionnaire.map((q, i) => (
        <Card key={q.key} padding="md" data-testid="report-question">
          <Group gap="sm" align="flex-start" wrap="nowrap">
            <ThemeIcon variant="light" radius="xl" size={28} aria-hidden>
              <Text size="sm" fw={700}>
                {i + 1}
              </Text>
            </ThemeIcon>
            <Stack gap="xs" style={{ flex: 1 }}>
              <Text size="sm" fw={600} style={{ whiteSpace: 'pre-wrap' }}>
                {q.text}
                {q.required ? '' : ' (optional)'}
              </Text>
              <Textarea
                aria-label={`Answer to question ${i + 1}`}
                placeholder="Your answer"
                autosize
                minRows={3}
                maxRows={14}
                maxLength={MAX_ANSWER_LENGTH}
                value={props.answers[q.key] ?? ''}
                onChange={(e) => props.onChange(q.key, e.currentTarget.value)}
                error={props.problems.get(q.key)}
              />
            </Stack>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
