/** Marks two entries about the same event as disagreeing, with a note on how they differ. */
import { Alert, Button, Group, Modal, Paper, Select, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { formatDateAtPrecision } from '#shared/dates';
import { errorMessage } from '../../api/error-message.ts';
import { EntryBody } from './entry-body.tsx';
import { type TimelineEntry, useMarkConflict } from './timeline-api.ts';

function ConflictForm(props: { incidentId: string; entry: TimelineEntry; candidates: TimelineEntry[]; onClose: () => void }) {
  const [otherId, setOtherId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const mark = useMarkConflict(props.incidentId);
  const marked = new Set(props.entry.conflicts.map((c) => c.otherEntryId));
  const data = props.candidates
    .filter((e) => e.id !== props.entry.id && e.kind === 'entry' && !marked.has(e.id))
    .map((e) => ({
      value: e.id,
      label: `${formatDateAtPrecision(e.occurredAt, e.precision, e.timeZone)} — ${e.text.length > 90 ? `${e.text.slice(0, 90)}…` : e.text}`,
    }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!otherId || !note.trim()) return;
    mark.mutate(
      { entryA: props.entry.id, entryB: otherId, note: note.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Marked as conflicting; both accounts are shown side by side.' });
          props.onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {mark.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(mark.error)}
          </Alert>
        )}
        <Paper withBorder p="sm" bg="gray.0">
          <EntryBody entry={props.entry} />
        </Paper>
        <Select
          label="Conflicts with"
          required
          searchable
          placeholder="Choose the other entry"
          data={data}
          value={otherId}
          onChange={setOtherId}
          nothingFoundMessage="No other entry to choose"
          comboboxProps={{ withinPortal: true }}
          data-autofocus
        />
        <Textarea
          label="How they disagree"
          required
          autosize
          minRows={2}
          maxLength={2000}
          placeholder="e.g. The minutes record no disclosure; the platform says it disclosed the flaw."
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={mark.isPending} disabled={!otherId || !note.trim()}>
            Mark as conflicting
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ConflictModal(props: {
  incidentId: string;
  entry: TimelineEntry | null;
  candidates: TimelineEntry[];
  onClose: () => void;
}) {
  return (
    <Modal opened={!!props.entry} onClose={props.onClose} title="Mark as conflicting" size="lg">
      {props.entry && (
        <ConflictForm incidentId={props.incidentId} entry={props.entry} candidates={props.candidates} onClose={props.onClose} />
      )}
    </Modal>
  );
}
