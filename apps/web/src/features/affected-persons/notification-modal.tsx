/**
 * Records how notifying a person went: notified on a date by a channel, could not be
 * reached, or declined help. The entry is changed under its version, so a change someone
 * else made meanwhile is shown instead of overwritten.
 */
import { Button, Group, Modal, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { NOTIFICATION_STATUS_LABELS } from '#shared/contracts/affected-persons';
import { isApiError } from '../../api/api-error.ts';
import { SaveErrorAlert } from '../incidents/version-conflict-alert.tsx';
import { todayIso } from '../incidents/zoned-time.ts';
import { type MaskedPerson, useUpdatePerson } from './affected-persons-api.ts';
import { CHANNEL_OPTIONS, type NotificationChannel, type NotificationStatus } from './register-labels.tsx';

const STATES: NotificationStatus[] = ['notified', 'unreachable', 'declined', 'not_notified'];
const DATE_LABELS: Record<NotificationStatus, string> = {
  notified: 'Notified on',
  unreachable: 'Last tried on',
  declined: 'Declined on',
  not_notified: '',
};

function NotificationForm(props: { incidentId: string; person: MaskedPerson; onClose: () => void; onReload: () => void }) {
  const { person } = props;
  const [status, setStatus] = useState<NotificationStatus>(
    person.notificationStatus === 'not_notified' ? 'notified' : person.notificationStatus,
  );
  const [day, setDay] = useState(person.notifiedOn ?? todayIso());
  const [channel, setChannel] = useState<NotificationChannel | null>(person.notifiedChannel);
  const update = useUpdatePerson(props.incidentId);
  const withDetails = status !== 'not_notified';
  const future = withDetails && !!day && day > todayIso();
  const valid = !future && (status !== 'notified' || (!!day && !!channel));
  const dateError = future
    ? 'Not in the future.'
    : isApiError(update.error) && update.error.code.startsWith('register.notified_on')
      ? update.error.message
      : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    update.mutate(
      {
        personId: person.id,
        version: person.version,
        notificationStatus: status,
        notifiedOn: withDetails && day ? day : null,
        notifiedChannel: withDetails ? channel : null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${person.label}: “${NOTIFICATION_STATUS_LABELS[status]}” recorded.` });
          props.onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Notification of ${person.label}`}>
      <Stack gap="md">
        {update.isError && !dateError && <SaveErrorAlert error={update.error} onReload={props.onReload} what="The notification" />}
        <Radio.Group label="Outcome" required value={status} onChange={(v) => setStatus(v as NotificationStatus)}>
          <SimpleGrid cols={2} spacing="xs" mt="xs">
            {STATES.map((s, i) => (
              <Radio key={s} value={s} label={NOTIFICATION_STATUS_LABELS[s]} data-autofocus={i === 0 ? true : undefined} />
            ))}
          </SimpleGrid>
        </Radio.Group>
        {withDetails ? (
          <Group grow align="flex-start">
            <TextInput
              label={DATE_LABELS[status]}
              type="date"
              required={status === 'notified'}
              max={todayIso()}
              value={day}
              onChange={(e) => setDay(e.currentTarget.value)}
              error={dateError}
            />
            <Select
              label={status === 'unreachable' ? 'Tried by' : 'Channel'}
              required={status === 'notified'}
              placeholder="Choose a channel"
              data={CHANNEL_OPTIONS}
              value={channel}
              onChange={(v) => setChannel(v as NotificationChannel | null)}
              clearable={status !== 'notified'}
            />
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            The date and channel recorded so far are cleared.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!valid}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NotificationModal(props: { incidentId: string; person: MaskedPerson | null; onClose: () => void; onReload: () => void }) {
  const { person } = props;
  return (
    <Modal opened={!!person} onClose={props.onClose} title={person ? `Notification of ${person.label}` : ''}>
      {/* A reload after a conflict brings a new version: the form starts again from it. */}
      {person && <NotificationForm key={person.version} {...props} person={person} />}
    </Modal>
  );
}
