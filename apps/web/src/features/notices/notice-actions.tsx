/**
 * The steps staff may take on a notice now, exactly those its abilities allow: edit,
 * approve (with the four-eyes rule said when it is what stops the caller), issue,
 * withdraw with a reason, close, escalate, decide a request for more time and draft a
 * clarification. A failed step is reported by the page (onError).
 */
import { Button, Group, Modal, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertOctagon,
  IconArrowBackUp,
  IconCheck,
  IconClockPlus,
  IconFileDescription,
  IconLock,
  IconPencil,
  IconSend,
  IconZoomQuestion,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { useMe } from '../session/use-me.ts';
import { DecideExtensionModal } from './extension-decision.tsx';
import { type Notice, useCreateClarification, useEscalateNotice, useLifecycleStep, useWithdrawNotice } from './notices-api.ts';

type Dialog = 'approve' | 'issue' | 'close' | 'withdraw' | 'escalate' | 'clarify' | 'extension' | null;

/** Why the caller may not approve a draft, when it is not simply that the notice is not a draft. */
export function approvalHint(notice: Notice, me: { id: string; permissions: string[] }): string | null {
  if (notice.status !== 'draft' || notice.abilities.approve) return null;
  if (!me.permissions.includes('notices.approve')) return 'A coordinator or administrator approves it before it is issued.';
  if (notice.createdBy?.id === me.id || notice.updatedBy?.id === me.id)
    return 'Four eyes: a notice is approved by a coordinator or administrator who neither wrote it nor edited it last. You did, so another one approves it.';
  return null;
}

export function NoticeActions(props: { notice: Notice; onError: (error: unknown) => void }) {
  const { notice } = props;
  const a = notice.abilities;
  const me = useMe();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const [provision, setProvision] = useState(notice.legalBasis?.penaltyProvision ?? '');
  const [note, setNote] = useState('');
  const step = useLifecycleStep(notice.id);
  const withdraw = useWithdrawNotice(notice.id);
  const escalate = useEscalateNotice(notice.id);
  const clarify = useCreateClarification(notice.id);
  const pending = notice.extensions.find((e) => e.status === 'pending');
  const hint = approvalHint(notice, { id: me.user.id, permissions: me.permissions });
  const close = () => setDialog(null);
  const fail = (error: unknown) => {
    close();
    props.onError(error);
  };
  const runStep = (name: 'approve' | 'issue' | 'close', done: string) =>
    step.mutate(
      { step: name, version: notice.version },
      {
        onSuccess: () => {
          close();
          notifications.show({ color: 'teal', message: done });
        },
        onError: fail,
      },
    );

  return (
    <>
      <Group gap="xs" wrap="wrap" data-testid="notice-actions">
        {a.update && (
          <Button component={Link} to={`/notices/${notice.id}/edit`} variant="default" leftSection={<IconPencil size={16} />}>
            Edit
          </Button>
        )}
        {a.approve && (
          <Button leftSection={<IconCheck size={16} />} onClick={() => setDialog('approve')}>
            Approve
          </Button>
        )}
        {!a.approve && hint && (
          <Tooltip label={hint} multiline w={320} withArrow>
            <Button leftSection={<IconLock size={16} />} variant="default" data-disabled aria-disabled onClick={(e) => e.preventDefault()}>
              Approve
            </Button>
          </Tooltip>
        )}
        {a.issue && (
          <Button leftSection={<IconSend size={16} />} onClick={() => setDialog('issue')}>
            Issue
          </Button>
        )}
        {a.clarify && (
          <Button variant="light" leftSection={<IconZoomQuestion size={16} />} onClick={() => setDialog('clarify')}>
            Draft clarification
          </Button>
        )}
        {a.decideExtension && pending && (
          <Button variant="light" color="orange" leftSection={<IconClockPlus size={16} />} onClick={() => setDialog('extension')}>
            Decide extension
          </Button>
        )}
        {a.close && (
          <Button variant="light" leftSection={<IconFileDescription size={16} />} onClick={() => setDialog('close')}>
            Close
          </Button>
        )}
        {a.escalate && (
          <Button variant="light" color="grape" leftSection={<IconAlertOctagon size={16} />} onClick={() => setDialog('escalate')}>
            Escalate
          </Button>
        )}
        {a.withdraw && (
          <Button variant="subtle" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => setDialog('withdraw')}>
            Withdraw
          </Button>
        )}
      </Group>
      {hint && (
        <Text size="xs" c="dimmed" mt={6} maw={560} data-testid="approval-hint">
          {hint}
        </Text>
      )}

      <ConfirmDialog
        opened={dialog === 'approve'}
        title="Approve this notice?"
        confirmLabel="Approve"
        loading={step.isPending}
        onCancel={close}
        onConfirm={() => runStep('approve', 'Notice approved. It can now be issued.')}
      >
        You confirm its text, legal basis, questions, recipients and deadline as the second pair of eyes. Any later edit returns it to
        draft.
      </ConfirmDialog>
      <ConfirmDialog
        opened={dialog === 'issue'}
        title="Issue this notice?"
        confirmLabel="Issue notice"
        loading={step.isPending}
        onCancel={close}
        onConfirm={() => runStep('issue', 'Notice issued. The recipients are told by mail.')}
      >
        It takes its reference and its due time, its text is frozen and its PDF is made. {notice.organization.name}’s recipients are told by
        mail and see it in their portal.
      </ConfirmDialog>
      <ConfirmDialog
        opened={dialog === 'close'}
        title="Close this notice?"
        confirmLabel="Close notice"
        loading={step.isPending}
        onCancel={close}
        onConfirm={() => runStep('close', 'Notice closed.')}
      >
        The response is accepted as final; no further assessment or clarification is made on this notice.
      </ConfirmDialog>
      <ConfirmDialog
        opened={dialog === 'clarify'}
        title="Draft a clarification?"
        confirmLabel="Draft clarification"
        loading={clarify.isPending}
        onCancel={close}
        onConfirm={() =>
          clarify.mutate(undefined, {
            onSuccess: (child) => {
              close();
              notifications.show({ color: 'teal', message: 'Clarification drafted. Check it, then have it approved and issued.' });
              navigate(`/notices/${child.id}`);
            },
            onError: fail,
          })
        }
      >
        A new draft to {notice.organization.name} asks again each question whose answer you assessed as partial or needing clarification,
        linked to this notice.
      </ConfirmDialog>

      <Modal opened={dialog === 'withdraw'} onClose={close} title="Withdraw this notice">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return;
            withdraw.mutate(
              { version: notice.version, reason: reason.trim() },
              {
                onSuccess: () => {
                  close();
                  notifications.show({ color: 'teal', message: 'Notice withdrawn.' });
                },
                onError: fail,
              },
            );
          }}
        >
          <Stack gap="sm">
            <Text size="sm">
              {notice.issuedAt
                ? `${notice.organization.name} sees that it was withdrawn, and the reason. It takes no more answers.`
                : 'The draft is kept in the record as withdrawn.'}
            </Text>
            <Textarea
              label="Reason"
              required
              autosize
              minRows={3}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={withdraw.isPending} disabled={!reason.trim()}>
                Withdraw notice
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={dialog === 'escalate'} onClose={close} title="Escalate non-compliance">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            escalate.mutate(
              { ...(provision.trim() ? { provision: provision.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
              {
                onSuccess: () => {
                  close();
                  notifications.show({ color: 'teal', message: 'Escalation recorded.' });
                },
                onError: fail,
              },
            );
          }}
        >
          <Stack gap="sm">
            <Text size="sm">
              {notice.overdue ? 'No response came by the due time.' : 'An answer was refused.'} The escalation is recorded against{' '}
              {notice.organization.name} under the penalty provision.
            </Text>
            <TextInput
              label="Provision"
              description="Defaults to the penalty provision of the legal basis."
              value={provision}
              onChange={(e) => setProvision(e.currentTarget.value)}
              maxLength={500}
            />
            <Textarea label="Note" autosize minRows={3} maxLength={4000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="grape" loading={escalate.isPending}>
                Record escalation
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      {pending && (
        <DecideExtensionModal notice={notice} extension={pending} opened={dialog === 'extension'} onClose={close} onError={fail} />
      )}
    </>
  );
}
