/** The numbered questions of a notice: write, add, remove, move up and down, and mark those that need an attachment. */
import { ActionIcon, Button, Group, Paper, Stack, Switch, Text, Textarea, ThemeIcon, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { emptyQuestion, type QuestionDraft } from './notice-draft.ts';

export function QuestionsInput(props: {
  value: QuestionDraft[];
  onChange: (next: QuestionDraft[]) => void;
  errors?: Record<string, string>;
  /** Text of the parent's questions a clarification follows up, by id. */
  followsUp?: Map<string, { position: number; text: string }>;
}) {
  const list = props.value;
  const update = (key: string, patch: Partial<QuestionDraft>) => props.onChange(list.map((q) => (q.key === key ? { ...q, ...patch } : q)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...list];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item);
    props.onChange(next);
  };
  return (
    <Stack gap="sm" data-testid="questions-input">
      {list.length === 0 && (
        <Text size="sm" c="dimmed">
          No questions yet. A notice needs at least one before it is issued.
        </Text>
      )}
      {list.map((q, i) => {
        const n = i + 1;
        const parent = q.clarifiesQuestionId ? props.followsUp?.get(q.clarifiesQuestionId) : undefined;
        return (
          <Paper key={q.key} withBorder p="sm" radius="sm" data-testid="question-row">
            <Group align="flex-start" gap="sm" wrap="nowrap">
              <ThemeIcon variant="light" radius="xl" size={28} mt={4} aria-hidden>
                <Text size="sm" fw={700}>
                  {n}
                </Text>
              </ThemeIcon>
              <Stack gap={6} style={{ flex: 1 }}>
                {parent && (
                  <Text size="xs" c="dimmed">
                    Follows up question {parent.position} of the earlier notice.
                  </Text>
                )}
                <Textarea
                  aria-label={`Question ${n}`}
                  placeholder="What the organization must answer"
                  autosize
                  minRows={2}
                  maxRows={10}
                  value={q.text}
                  onChange={(e) => update(q.key, { text: e.currentTarget.value })}
                  error={props.errors?.[q.key]}
                />
                <Switch
                  size="sm"
                  label="Requires an attachment"
                  aria-label={`Question ${n} requires an attachment`}
                  checked={q.requiresAttachment}
                  onChange={(e) => update(q.key, { requiresAttachment: e.currentTarget.checked })}
                />
              </Stack>
              <Group gap={2} wrap="nowrap">
                <Tooltip label="Move up" withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label={`Move question ${n} up`}
                  >
                    <IconArrowUp size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Move down" withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    disabled={i === list.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={`Move question ${n} down`}
                  >
                    <IconArrowDown size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Remove" withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => props.onChange(list.filter((x) => x.key !== q.key))}
                    aria-label={`Remove question ${n}`}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
          </Paper>
        );
      })}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => props.onChange([...list, emptyQuestion()])}>
          Add question
        </Button>
      </Group>
    </Stack>
  );
}
