/** The organization asks for more time: a reason and the due time it asks for, on a clock it names. */
import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '../../../api/error-message.ts';
import { TimeZoneSelect } from '../../incidents/time-zone-select.tsx';
import { isoToZoned, zonedToIso } from '../../incidents/zoned-time.ts';
import { formatDue } from '../../notices/due-format.ts';
import { type Notice, useRequestExtension } from '../../notices/notices-api.ts';

export function ExtensionRequestModal(props: { notice: Notice; opened: boolean; onClose: () => void }) {
  const { notice } = props;
  const [zone, setZone] = useState(notice.timeZone);
  const [local, setLocal] = useState(() =>
    notice.dueAt ? isoToZoned(new Date(new Date(notice.dueAt).getTime() + 3 * 86_400_000).toISOString(), notice.timeZone) : '',
  );
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const request = useRequestExtension(notice);
  const iso = local ? zonedToIso(local, zone) : null;
  const errors = {
    reason: reason.trim() ? undefined : 'Say why more time is needed.',
    due: !iso
      ? 'Give the date and time you ask for.'
      : notice.dueAt && iso <= notice.dueAt
        ? 'Ask for a time after the present due time.'
        : undefined,
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Ask for more time" size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (errors.reason || errors.due || !iso) return;
          request.mutate(
            { reason: reason.trim(), requestedDueAt: iso },
            {
              onSuccess: () => {
                props.onClose();
                notifications.show({ color: 'teal', message: 'Request sent. The CERT decides, and you are told.' });
              },
            },
          );
        }}
      >
        <Stack gap="sm">
          {notice.dueAt && (
            <Text size="sm">
              Due now: <strong>{formatDue(notice.dueAt, notice.timeZone)}</strong>. Until the CERT decides, that due time stands.
            </Text>
          )}
          <Textarea
            label="Reason"
            required
            autosize
            minRows={3}
            maxLength={4000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={tried ? errors.reason : undefined}
            data-autofocus
          />
          <Group gap="xs" align="flex-start" wrap="wrap">
            <TextInput
              type="datetime-local"
              label="Due time asked for"
              required
              value={local}
              onChange={(e) => setLocal(e.currentTarget.value)}
              error={tried ? errors.due : undefined}
              w={220}
            />
            <TimeZoneSelect label="Time zone" value={zone} onChange={setZone} w={300} />
          </Group>
          {!!request.error && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(request.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={request.isPending}>
              Send request
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
