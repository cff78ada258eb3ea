/** Adds a dated entry with its source, or corrects one (a reason is required; the earlier text is kept). */
import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  Input,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo, useState } from 'react';
import { DATE_PRECISIONS, SOURCE_KINDS, TLP_LEVELS } from '#shared/incidents';
import type { Incident } from '../incidents/incidents-api.ts';
import { useParticipants } from '../incidents/participants-api.ts';
import { TimeZoneSelect } from '../incidents/time-zone-select.tsx';
import { SaveErrorAlert } from '../incidents/version-conflict-alert.tsx';
import { localZone, todayIso } from '../incidents/zoned-time.ts';
import { useAllOrganizations } from '../organizations/organizations-api.ts';
import {
  draftFromEntry,
  type EntryDraft,
  emptyEntryDraft,
  entryErrors,
  type InputSourceKind,
  toAddBody,
  toCorrectBody,
  withPrecision,
} from './entry-draft.ts';
import { SOURCE_KIND_LABELS } from './source-line.ts';
import { type TimelineEntry, useAddEntry, useCorrectEntry } from './timeline-api.ts';

const PRECISION_LABELS = { year: 'Year', month: 'Month', day: 'Day', minute: 'Time' } as const;
const INPUT_TYPE = { year: 'number', month: 'month', day: 'date', minute: 'datetime-local' } as const;

function EntryForm(props: { incident: Incident; entry: TimelineEntry | null; onClose: () => void; onReload: () => void }) {
  const { incident, entry } = props;
  const before = useMemo(() => (entry ? draftFromEntry(entry) : emptyEntryDraft(localZone(), incident.tlp)), [entry, incident.tlp]);
  const [draft, setDraft] = useState<EntryDraft>(before);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const participants = useParticipants(incident.id);
  const organizations = useAllOrganizations();
  const add = useAddEntry(incident.id);
  const correct = useCorrectEntry(incident.id);
  const mutation = entry ? correct : add;
  const set = (patch: Partial<EntryDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const errors = tried ? entryErrors(draft) : {};
  const reasonMissing = !!entry && tried && !reason.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(entryErrors(draft)).length || (entry && !reason.trim())) return;
    const done = (message: string) => {
      notifications.show({ color: 'teal', message });
      props.onClose();
    };
    if (entry)
      correct.mutate(
        { entryId: entry.id, ...toCorrectBody(draft, before, entry.revision, reason) },
        { onSuccess: () => done('Entry corrected; the earlier text is kept.') },
      );
    else add.mutate(toAddBody(draft), { onSuccess: () => done('Entry added to the chronology.') });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {mutation.isError && <SaveErrorAlert error={mutation.error} onReload={props.onReload} />}
        <Input.Wrapper label="When it happened" required error={errors.when}>
          <Stack gap="xs" mt={4}>
            <SegmentedControl
              aria-label="Precision"
              data={DATE_PRECISIONS.map((p) => ({ value: p, label: PRECISION_LABELS[p] }))}
              value={draft.precision}
              onChange={(p) => setDraft((d) => withPrecision(d, p as EntryDraft['precision']))}
              style={{ alignSelf: 'flex-start' }}
            />
            <Group gap="xs" align="flex-start" wrap="wrap">
              <TextInput
                aria-label="Date"
                type={INPUT_TYPE[draft.precision]}
                placeholder={draft.precision === 'year' ? 'YYYY' : undefined}
                min={draft.precision === 'year' ? 1990 : undefined}
                max={draft.precision === 'day' ? todayIso() : undefined}
                value={draft.when}
                onChange={(e) => set({ when: e.currentTarget.value })}
                error={!!errors.when}
                w={draft.precision === 'minute' ? 220 : 180}
                data-autofocus
              />
              <TimeZoneSelect ariaLabel="Time zone" value={draft.zone} onChange={(zone) => set({ zone })} w={300} />
            </Group>
          </Stack>
        </Input.Wrapper>
        <Textarea
          label="What happened"
          required
          autosize
          minRows={3}
          maxRows={10}
          maxLength={20000}
          value={draft.text}
          onChange={(e) => set({ text: e.currentTarget.value })}
          error={errors.text}
        />
        <Fieldset legend="Source: who says so, and where" variant="filled" p="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label="Kind"
              data={SOURCE_KINDS.filter((k) => k !== 'system').map((k) => ({ value: k, label: SOURCE_KIND_LABELS[k] }))}
              value={draft.sourceKind}
              onChange={(k) => k && set({ sourceKind: k as InputSourceKind })}
              allowDeselect={false}
            />
            <TextInput
              label="Title"
              placeholder="e.g. Minutes of the meeting of 26 July 2019"
              maxLength={500}
              value={draft.sourceTitle}
              onChange={(e) => set({ sourceTitle: e.currentTarget.value })}
            />
            <TextInput
              label="Said by"
              placeholder="Name or function"
              maxLength={200}
              value={draft.saidBy}
              onChange={(e) => set({ saidBy: e.currentTarget.value })}
            />
            <Select
              label="Organization"
              placeholder="None"
              searchable
              clearable
              data={(organizations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
              value={draft.sourceOrganizationId}
              onChange={(sourceOrganizationId) => set({ sourceOrganizationId })}
            />
            <TextInput
              label="Date of the source"
              type="date"
              max={todayIso()}
              value={draft.sourceDate}
              onChange={(e) => set({ sourceDate: e.currentTarget.value })}
            />
          </SimpleGrid>
        </Fieldset>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="TLP"
            data={TLP_LEVELS.map((t) => ({ value: t, label: `TLP:${t}` }))}
            value={draft.tlp}
            onChange={(t) => t && set({ tlp: t as EntryDraft['tlp'] })}
            allowDeselect={false}
          />
          <MultiSelect
            label="Share with"
            description="Participants whose people will see this entry."
            placeholder={draft.sharedWith.length ? undefined : 'Nobody outside the CERT'}
            data={(participants.data ?? []).map((p) => ({ value: p.organization.id, label: p.organization.name }))}
            value={draft.sharedWith}
            onChange={(sharedWith) => set({ sharedWith })}
            nothingFoundMessage="Add participants first"
            inputWrapperOrder={['label', 'input', 'description', 'error']}
          />
        </SimpleGrid>
        <Checkbox
          label="Include in briefings"
          checked={draft.includeInBriefings}
          onChange={(e) => set({ includeInBriefings: e.currentTarget.checked })}
        />
        {entry && (
          <Textarea
            label="Reason for the correction"
            required
            description="Kept with the earlier text, which stays in the entry's history."
            autosize
            minRows={2}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonMissing ? 'Say why the entry is corrected.' : undefined}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {entry ? 'Save correction' : 'Add entry'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EntryModal(props: {
  incident: Incident;
  opened: boolean;
  entry: TimelineEntry | null;
  onClose: () => void;
  onReload: () => void;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.entry ? 'Correct an entry' : 'Add to the chronology'} size="lg">
      {props.opened && <EntryForm incident={props.incident} entry={props.entry} onClose={props.onClose} onReload={props.onReload} />}
    </Modal>
  );
}
