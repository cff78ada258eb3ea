/** Moves an incident along its lifecycle, offering only the moves the server allows. */
import { Button, Group, Menu, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { type IncidentStatus, statusNeedsReason } from '#shared/incidents';
import { StatusBadge } from './incident-badges.tsx';
import { STATUS_LABELS } from './incident-labels.ts';
import { type Incident, useChangeStatus } from './incidents-api.ts';
import { SaveErrorAlert } from './version-conflict-alert.tsx';

const VERB: Partial<Record<IncidentStatus, string>> = { resolved: 'Resolve', closed: 'Close' };

function verbFor(from: IncidentStatus, to: IncidentStatus): string {
  if (from === 'resolved' || from === 'closed') return `Reopen as ${STATUS_LABELS[to].toLowerCase()}`;
  return VERB[to] ?? `Move to ${STATUS_LABELS[to].toLowerCase()}`;
}

export function StatusControl(props: { incident: Incident; onReload: () => void }) {
  const { incident } = props;
  const [target, setTarget] = useState<IncidentStatus | null>(null);
  const [reason, setReason] = useState('');
  const change = useChangeStatus(incident.id);
  const allowed = incident.abilities.changeStatus ? incident.abilities.allowedTransitions : [];
  if (allowed.length === 0) return null;
  const needsReason = target ? statusNeedsReason(incident.status, target) : false;

  const close = () => {
    setTarget(null);
    setReason('');
    change.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!target || (needsReason && !reason.trim())) return;
    change.mutate(
      { version: incident.version, status: target, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: (updated) => {
          notifications.show({ color: 'teal', message: `${updated.reference} is now ${STATUS_LABELS[updated.status].toLowerCase()}.` });
          close();
        },
      },
    );
  };

  return (
    <>
      <Menu position="bottom-end" shadow="md">
        <Menu.Target>
          <Button variant="default" rightSection={<IconChevronDown size={14} />}>
            Change status
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>From {STATUS_LABELS[incident.status].toLowerCase()}</Menu.Label>
          {allowed.map((status) => (
            <Menu.Item key={status} onClick={() => setTarget(status)}>
              {verbFor(incident.status, status)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={!!target} onClose={close} title={target ? `${verbFor(incident.status, target)}?` : ''}>
        {target && (
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              {change.isError && (
                <SaveErrorAlert
                  error={change.error}
                  onReload={() => {
                    close();
                    props.onReload();
                  }}
                />
              )}
              <Group gap="xs">
                <StatusBadge status={incident.status} />
                <Text size="sm" c="dimmed">
                  →
                </Text>
                <StatusBadge status={target} />
              </Group>
              <Textarea
                label="Reason"
                required={needsReason}
                description={needsReason ? 'Kept with the incident and in its chronology.' : 'Optional; kept with the incident.'}
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
                <Button type="submit" loading={change.isPending} disabled={needsReason && !reason.trim()}>
                  {verbFor(incident.status, target)}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
