/**
 * Each question with the organization's answer and its attachments, and the CERT's
 * assessments of it, side by side; a control to assess each submitted answer (verdict
 * and comment). Earlier assessments are kept under the latest, which is the one that counts.
 */
import { Badge, Button, Card, Collapse, Grid, Group, Select, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight, IconPaperclip } from '@tabler/icons-react';
import { useState } from 'react';
import { ANSWER_VERDICTS, type AnswerVerdict } from '#shared/contracts/notices';
import { errorMessage } from '../../api/error-message.ts';
import { formatDateTime } from '../../lib/format-time.ts';
import { AttachmentList } from './attachment-list.tsx';
import { VERDICT_LABELS, VerdictBadge } from './notice-labels.tsx';
import { type Assessment, type Notice, type NoticeQuestion, useAssessAnswer } from './notices-api.ts';

function ColumnLabel(props: { children: string }) {
  return (
    <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.4} mb={4}>
      {props.children}
    </Text>
  );
}

function AssessmentLine(props: { a: Assessment; muted?: boolean }) {
  return (
    <Stack gap={2} opacity={props.muted ? 0.75 : 1}>
      <Group gap={6}>
        <VerdictBadge verdict={props.a.verdict} />
        <Text size="xs" c="dimmed">
          {formatDateTime(props.a.assessedAt)}
          {props.a.assessedBy ? ` · ${props.a.assessedBy.name}` : ''}
        </Text>
      </Group>
      {props.a.comment && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {props.a.comment}
        </Text>
      )}
    </Stack>
  );
}

function AssessControl(props: { notice: Notice; question: NoticeQuestion; onDone: () => void }) {
  const [verdict, setVerdict] = useState<AnswerVerdict | null>(null);
  const [comment, setComment] = useState('');
  const assess = useAssessAnswer(props.notice);
  const n = props.question.position;
  return (
    <form
      aria-label={`Assess the answer to question ${n}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!verdict) return;
        assess.mutate(
          { questionId: props.question.id, verdict, ...(comment.trim() ? { comment: comment.trim() } : {}) },
          {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `Answer ${n} assessed as ${VERDICT_LABELS[verdict].toLowerCase()}.` });
              setVerdict(null);
              setComment('');
              props.onDone();
            },
            onError: (error) => notifications.show({ color: 'red', title: 'Not recorded', message: errorMessage(error) }),
          },
        );
      }}
    >
      <Stack gap={6}>
        <Select
          aria-label={`Verdict on answer ${n}`}
          placeholder="Verdict"
          data={ANSWER_VERDICTS.map((v) => ({ value: v, label: VERDICT_LABELS[v] }))}
          value={verdict}
          onChange={(v) => setVerdict(v as AnswerVerdict | null)}
          size="xs"
        />
        <Textarea
          aria-label={`Comment on answer ${n}`}
          placeholder="Comment (what is missing, what to clarify)"
          autosize
          minRows={2}
          maxRows={6}
          size="xs"
          maxLength={4000}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" disabled={!verdict} loading={assess.isPending}>
            Record assessment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A clarification's link to the question it follows up: the parent's reference and that question's number. */
export interface FollowsUp {
  reference: string | null;
  positions: Map<string, number>;
}

function QuestionRow(props: { notice: Notice; question: NoticeQuestion; followsUp?: FollowsUp }) {
  const { notice, question: q } = props;
  const [history, setHistory] = useState(false);
  const [reassessing, setReassessing] = useState(false);
  const [latest, ...older] = q.assessments;
  const submitted = notice.response?.status === 'submitted';
  const follows = q.clarifiesQuestionId ? props.followsUp?.positions.get(q.clarifiesQuestionId) : undefined;
  // Before issue there is nothing to answer or assess: the question takes the whole row.
  const out = !!notice.issuedAt;
  return (
    <Card padding="md" data-testid="question-review" aria-label={`Question ${q.position}`}>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: out ? 4 : 12 }}>
          <ColumnLabel>{`Question ${q.position}`}</ColumnLabel>
          <Text size="sm" fw={500} style={{ whiteSpace: 'pre-wrap' }}>
            {q.text}
          </Text>
          <Group gap={6} mt={6}>
            {q.requiresAttachment && (
              <Badge variant="outline" color="gray" size="xs" leftSection={<IconPaperclip size={10} />}>
                Attachment required
              </Badge>
            )}
            {follows !== undefined && (
              <Badge variant="light" color="navy" size="xs">
                Follows up question {follows}
                {props.followsUp?.reference ? ` of ${props.followsUp.reference}` : ''}
              </Badge>
            )}
          </Group>
        </Grid.Col>
        {out && (
          <>
            <Grid.Col span={{ base: 12, md: 4 }} data-testid="answer">
              <ColumnLabel>Answer</ColumnLabel>
              {q.answer ? (
                <Stack gap="xs">
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {q.answer.text || '—'}
                  </Text>
                  <AttachmentList attachments={q.answer.attachments} />
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  {submitted ? 'Not answered.' : 'No answer submitted yet.'}
                </Text>
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }} data-testid="assessment">
              <ColumnLabel>Assessment</ColumnLabel>
              <Stack gap="sm">
                {latest ? (
                  <AssessmentLine a={latest} />
                ) : (
                  !notice.abilities.assess && (
                    <Text size="sm" c="dimmed">
                      Not assessed.
                    </Text>
                  )
                )}
                {older.length > 0 && (
                  <>
                    <UnstyledButton onClick={() => setHistory((h) => !h)} aria-expanded={history}>
                      <Group gap={4}>
                        {history ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                        <Text size="xs" c="dimmed">
                          {older.length} earlier assessment{older.length === 1 ? '' : 's'}
                        </Text>
                      </Group>
                    </UnstyledButton>
                    <Collapse expanded={history}>
                      <Stack gap="xs">
                        {older.map((a) => (
                          <AssessmentLine key={a.id} a={a} muted />
                        ))}
                      </Stack>
                    </Collapse>
                  </>
                )}
                {notice.abilities.assess &&
                  q.answer &&
                  (latest && !reassessing ? (
                    <Group>
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => setReassessing(true)}
                        aria-label={`Assess answer ${q.position} again`}
                      >
                        Assess again
                      </Button>
                    </Group>
                  ) : (
                    <AssessControl notice={notice} question={q} onDone={() => setReassessing(false)} />
                  ))}
              </Stack>
            </Grid.Col>
          </>
        )}
      </Grid>
    </Card>
  );
}

export function AnswersReview(props: { notice: Notice; followsUp?: FollowsUp }) {
  const { notice } = props;
  return (
    <Stack gap="sm" data-testid="answers-review">
      {notice.questions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No questions yet.
        </Text>
      ) : (
        notice.questions.map((q) => <QuestionRow key={q.id} notice={notice} question={q} followsUp={props.followsUp} />)
      )}
    </Stack>
  );
}
