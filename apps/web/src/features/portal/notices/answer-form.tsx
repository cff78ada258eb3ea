/**
 * The organization's answer to a notice: a text per question and files where needed,
 * saved as a draft as often as it likes, then submitted once after a confirmation. The
 * draft is saved before every submission, so a submission the server refuses (a
 * question unanswered, an attachment missing) leaves the answers as they were typed.
 */
import { Alert, Button, Card, FileButton, Group, Stack, Text, Textarea, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceFloppy, IconPaperclip, IconSend, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { isApiError } from '../../../api/api-error.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { formatDateTime } from '../../../lib/format-time.ts';
import { SaveErrorAlert } from '../../incidents/version-conflict-alert.tsx';
import { AttachmentList, formatBytes } from '../../notices/attachment-list.tsx';
import {
  type Attachment,
  type Notice,
  type NoticeQuestion,
  useDeleteAttachment,
  useSaveResponse,
  useSubmitResponse,
  useUploadAttachment,
} from '../../notices/notices-api.ts';
import { ACCEPT, ALLOWED_TYPES_TEXT, attachmentType } from './attachment-types.ts';

/** A sentence for a refused upload: the size and type limits said plainly. */
function uploadProblem(error: unknown, file: File): string {
  const filename = file.name;
  if (isApiError(error)) {
    if (error.status === 413)
      return `${filename} (${formatBytes(file.size)}) is larger than the server accepts${error.code === 'notices.attachment_too_large' ? `: ${error.message}` : '.'} Split it, or compress it into a ZIP.`;
    if (error.code === 'notices.attachment_type_not_allowed')
      return `${filename} cannot be attached: attachments may be ${ALLOWED_TYPES_TEXT}.`;
    if (error.code === 'notices.attachment_type_mismatch') return `${filename} is not what its name says: ${error.message}`;
  }
  return `${filename} was not attached: ${errorMessage(error)}`;
}

function QuestionAnswer(props: {
  notice: Notice;
  question: NoticeQuestion;
  text: string;
  onText: (text: string) => void;
  problem?: string;
}) {
  const { notice, question: q } = props;
  const upload = useUploadAttachment(notice);
  const remove = useDeleteAttachment(notice);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const attachments = q.answer?.attachments ?? [];
  const send = (file: File | null) => {
    if (!file) return;
    setUploadError(null);
    const type = attachmentType(file);
    if ('problem' in type) {
      setUploadError(type.problem);
      return;
    }
    upload.mutate(
      { questionId: q.id, file, contentType: type.contentType },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: `${file.name} attached to answer ${q.position}.` }),
        onError: (error) => setUploadError(uploadProblem(error, file)),
      },
    );
  };
  const drop = (a: Attachment) => {
    setRemoving(a.id);
    remove.mutate(a.id, {
      onSettled: () => setRemoving(null),
      onError: (error) => setUploadError(`${a.filename} was not removed: ${errorMessage(error)}`),
    });
  };
  return (
    <Card padding="md" data-testid="answer-question">
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <ThemeIcon variant="light" radius="xl" size={28} aria-hidden>
          <Text size="sm" fw={700}>
            {q.position}
          </Text>
        </ThemeIcon>
        <Stack gap="xs" style={{ flex: 1 }}>
          <Text size="sm" fw={600} style={{ whiteSpace: 'pre-wrap' }}>
            {q.text}
          </Text>
          {q.requiresAttachment && (
            <Text size="xs" c="dimmed">
              <IconPaperclip size={12} /> An attachment is required with this answer.
            </Text>
          )}
          <Textarea
            aria-label={`Answer to question ${q.position}`}
            placeholder="Your answer"
            autosize
            minRows={3}
            maxRows={14}
            maxLength={50_000}
            value={props.text}
            onChange={(e) => props.onText(e.currentTarget.value)}
            error={props.problem}
          />
          <AttachmentList attachments={attachments} onRemove={drop} removing={removing} />
          <Group gap="sm">
            <FileButton onChange={send} accept={ACCEPT}>
              {(fileProps) => (
                <Button
                  {...fileProps}
                  variant="default"
                  size="xs"
                  leftSection={<IconUpload size={14} />}
                  loading={upload.isPending}
                  aria-label={`Attach a file to answer ${q.position}`}
                >
                  Attach a file
                </Button>
              )}
            </FileButton>
            <Text size="xs" c="dimmed">
              {ALLOWED_TYPES_TEXT}
            </Text>
          </Group>
          {uploadError && (
            <Alert color="red" variant="light" p="xs" role="alert" icon={<IconAlertTriangle size={16} />} data-testid="upload-error">
              <Text size="sm">{uploadError}</Text>
            </Alert>
          )}
        </Stack>
      </Group>
    </Card>
  );
}

/** Problems the server would refuse a submission for, per question position. */
function submitProblems(notice: Notice, texts: Record<string, string>): Map<string, string> {
  const problems = new Map<string, string>();
  for (const q of notice.questions) {
    if (!texts[q.id]?.trim()) problems.set(q.id, 'Answer this question before submitting.');
    else if (q.requiresAttachment && (q.answer?.attachments.length ?? 0) === 0)
      problems.set(q.id, 'Attach a file to this answer before submitting.');
  }
  return problems;
}

export function AnswerForm(props: { notice: Notice; onReload: () => void }) {
  const { notice } = props;
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(notice.questions.map((q) => [q.id, q.answer?.text ?? ''])),
  );
  const [dirty, setDirty] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [submitError, setSubmitError] = useState<unknown>(null);
  const save = useSaveResponse(notice.id);
  const submit = useSubmitResponse(notice.id);
  const answers = () => notice.questions.map((q) => ({ questionId: q.id, text: texts[q.id] ?? '' }));

  /** Saves the draft when it changed (or was never saved); resolves with the response's version. */
  const saveDraft = async (): Promise<number> => {
    if (!dirty && notice.response) return notice.response.version;
    const saved = await save.mutateAsync({ version: notice.response?.version ?? 0, answers: answers() });
    setDirty(false);
    return saved.response?.version ?? 0;
  };

  const onSave = async () => {
    setSubmitError(null);
    try {
      await saveDraft();
      notifications.show({ color: 'teal', message: 'Draft saved. Nothing is sent to the CERT until you submit.' });
    } catch {
      // The save error is shown below the form.
    }
  };

  const onSubmitClick = async () => {
    setSubmitError(null);
    const found = submitProblems(notice, texts);
    setProblems(found);
    if (found.size > 0) {
      // Keep what was typed: the draft is saved even though it cannot go yet.
      try {
        await saveDraft();
      } catch {
        return;
      }
      return;
    }
    setConfirming(true);
  };

  const onConfirm = async () => {
    try {
      const version = await saveDraft();
      await submit.mutateAsync({ version });
      setConfirming(false);
      notifications.show({ color: 'teal', message: 'Response submitted to the CERT.' });
    } catch (error) {
      setConfirming(false);
      setSubmitError(error);
    }
  };

  const positions = notice.questions.filter((q) => problems.has(q.id)).map((q) => q.position);
  return (
    <Stack gap="sm" data-testid="answer-form">
      {notice.questions.map((q) => (
        <QuestionAnswer
          key={q.id}
          notice={notice}
          question={q}
          text={texts[q.id] ?? ''}
          problem={problems.get(q.id)}
          onText={(text) => {
            setTexts((t) => ({ ...t, [q.id]: text }));
            setDirty(true);
            if (problems.has(q.id)) setProblems((p) => new Map([...p].filter(([id]) => id !== q.id)));
          }}
        />
      ))}
      {positions.length > 0 && (
        <Alert color="orange" variant="light" role="alert" title="Not ready to submit" data-testid="submit-problems">
          {positions.length === 1 ? `Question ${positions[0]} needs` : `Questions ${positions.join(', ')} need`} attention (see above). Your
          answers are saved as a draft.
        </Alert>
      )}
      {!!submitError && (
        <Alert color="red" variant="light" role="alert" title="Not submitted" data-testid="submit-error">
          {errorMessage(submitError)} Your answers are kept as a draft; correct them and submit again.
        </Alert>
      )}
      {!!save.error && !submitError && <SaveErrorAlert error={save.error} onReload={props.onReload} what="The draft" />}
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" data-testid="draft-state">
          {dirty
            ? 'Unsaved changes.'
            : notice.response
              ? `Draft saved ${formatDateTime(notice.response.updatedAt)}.`
              : 'Nothing saved yet.'}
        </Text>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending && !confirming} onClick={onSave}>
            Save draft
          </Button>
          <Button leftSection={<IconSend size={16} />} onClick={onSubmitClick}>
            Submit response
          </Button>
        </Group>
      </Group>
      <ConfirmDialog
        opened={confirming}
        title="Submit your response?"
        confirmLabel="Submit response"
        loading={save.isPending || submit.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={onConfirm}
      >
        Your answers to {notice.questions.length} question{notice.questions.length === 1 ? '' : 's'} and their attachments go to the CERT
        {notice.reference ? ` as the response to ${notice.reference}` : ''}. A response is submitted once: it cannot be changed afterwards.
      </ConfirmDialog>
    </Stack>
  );
}
