/** The three lists of the engagement form: attendees, follow-up actions, disclosure ledger rows. */
import { ActionIcon, Autocomplete, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { DISCLOSURE_STATES, type DisclosureState } from '#shared/contracts/engagements';
import type { Organization } from '../../api/types.ts';
import {
  type ActionDraft,
  type AttendeeDraft,
  type DisclosureDraft,
  type DraftErrors,
  type EngagementDraft,
  emptyAction,
  emptyAttendee,
  emptyDisclosure,
} from './engagement-draft.ts';
import { DISCLOSURE_STATE_LABELS } from './engagement-labels.tsx';

interface ListProps {
  draft: EngagementDraft;
  set: (patch: Partial<EngagementDraft>) => void;
  errors: DraftErrors;
  organizations: Organization[];
}

function replace<T extends { key: string }>(items: T[], key: string, patch: Partial<T>): T[] {
  return items.map((item) => (item.key === key ? { ...item, ...patch } : item));
}

/** One row of a list: its fields, a remove button, and the row's error under it. */
function Row(props: { children: ReactNode; error?: string; removeLabel: string; onRemove: () => void; testId: string }) {
  return (
    <Stack gap={2} data-testid={props.testId}>
      <Group gap="xs" align="flex-end" wrap="wrap">
        {props.children}
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={props.removeLabel} onClick={props.onRemove} mb={2}>
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
      {props.error && (
        <Text size="xs" c="red" role="alert">
          {props.error}
        </Text>
      )}
    </Stack>
  );
}

export function AttendeesFields(props: ListProps) {
  const { draft, set, errors } = props;
  const update = (key: string, patch: Partial<AttendeeDraft>) => set({ attendees: replace(draft.attendees, key, patch) });
  const options = props.organizations.map((o) => ({ value: o.id, label: o.isHome ? `${o.name} (us)` : o.name }));
  return (
    <Stack gap="sm">
      {draft.attendees.length === 0 && (
        <Text size="sm" c="dimmed">
          Nobody listed yet.
        </Text>
      )}
      {draft.attendees.map((a, i) => (
        <Row
          key={a.key}
          testId="attendee-row"
          error={errors.rows?.[a.key]}
          removeLabel={`Remove attendee ${i + 1}`}
          onRemove={() => set({ attendees: draft.attendees.filter((x) => x.key !== a.key) })}
        >
          <Select
            label={i === 0 ? 'Organization' : undefined}
            aria-label={`Attendee ${i + 1}: organization`}
            placeholder="Organization"
            searchable
            data={options}
            value={a.organizationId}
            onChange={(organizationId) => update(a.key, { organizationId, userId: undefined })}
            w={240}
            error={!!errors.rows?.[a.key] && !a.organizationId}
          />
          <TextInput
            label={i === 0 ? 'Name' : undefined}
            aria-label={`Attendee ${i + 1}: name`}
            placeholder="Name"
            maxLength={200}
            value={a.name}
            onChange={(e) => update(a.key, { name: e.currentTarget.value })}
            w={200}
          />
          <TextInput
            label={i === 0 ? 'Role or title' : undefined}
            aria-label={`Attendee ${i + 1}: role or title`}
            placeholder="e.g. chief executive"
            maxLength={200}
            value={a.role}
            onChange={(e) => update(a.key, { role: e.currentTarget.value })}
            style={{ flex: 1, minWidth: 180 }}
          />
        </Row>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => set({ attendees: [...draft.attendees, emptyAttendee()] })}
        >
          Add attendee
        </Button>
      </Group>
    </Stack>
  );
}

export function ActionsFields(props: ListProps) {
  const { draft, set, errors } = props;
  const update = (key: string, patch: Partial<ActionDraft>) => set({ actions: replace(draft.actions, key, patch) });
  return (
    <Stack gap="sm">
      {draft.actions.length === 0 && (
        <Text size="sm" c="dimmed">
          No follow-up agreed.
        </Text>
      )}
      {draft.actions.map((x, i) => (
        <Row
          key={x.key}
          testId="action-row"
          error={errors.rows?.[x.key]}
          removeLabel={`Remove action ${i + 1}`}
          onRemove={() => set({ actions: draft.actions.filter((y) => y.key !== x.key) })}
        >
          <TextInput
            label={i === 0 ? 'Action' : undefined}
            aria-label={`Action ${i + 1}`}
            placeholder="What is to be done"
            maxLength={2000}
            value={x.text}
            onChange={(e) => update(x.key, { text: e.currentTarget.value })}
            style={{ flex: 1, minWidth: 220 }}
            error={!!errors.rows?.[x.key]}
          />
          <Select
            label={i === 0 ? 'Owner' : undefined}
            aria-label={`Action ${i + 1}: owner`}
            placeholder="Owner"
            searchable
            clearable
            data={props.organizations.map((o) => ({ value: o.id, label: o.name }))}
            value={x.ownerOrganizationId}
            onChange={(ownerOrganizationId) => update(x.key, { ownerOrganizationId, ownerUserId: undefined })}
            w={200}
          />
          <TextInput
            label={i === 0 ? 'Due' : undefined}
            aria-label={`Action ${i + 1}: due`}
            type="date"
            value={x.dueOn}
            onChange={(e) => update(x.key, { dueOn: e.currentTarget.value })}
            w={160}
          />
          <Checkbox
            label="Done"
            aria-label={`Action ${i + 1}: done`}
            mb={8}
            checked={!!x.doneAt}
            onChange={(e) => update(x.key, { doneAt: e.currentTarget.checked ? (x.doneAt ?? new Date().toISOString()) : null })}
          />
        </Row>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => set({ actions: [...draft.actions, emptyAction()] })}
        >
          Add action
        </Button>
      </Group>
    </Stack>
  );
}

export function DisclosuresFields(props: ListProps & { knownTopics: string[]; homeOrganizationId?: string }) {
  const { draft, set, errors } = props;
  const update = (key: string, patch: Partial<DisclosureDraft>) => set({ disclosures: replace(draft.disclosures, key, patch) });
  const attending = new Set(draft.attendees.map((a) => a.organizationId).filter((id) => id && id !== props.homeOrganizationId));
  const options = props.organizations.filter((o) => attending.has(o.id)).map((o) => ({ value: o.id, label: o.name }));
  const firstOutside = options.length === 1 ? options[0].value : null;
  return (
    <Stack gap="sm">
      {draft.disclosures.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing in the ledger yet. Add a row per topic and organization, also for what was not mentioned.
        </Text>
      )}
      {draft.disclosures.map((d, i) => (
        <Row
          key={d.key}
          testId="disclosure-row"
          error={errors.rows?.[d.key]}
          removeLabel={`Remove ledger row ${i + 1}`}
          onRemove={() => set({ disclosures: draft.disclosures.filter((y) => y.key !== d.key) })}
        >
          <Autocomplete
            label={i === 0 ? 'Topic' : undefined}
            aria-label={`Ledger row ${i + 1}: topic`}
            placeholder="e.g. vulnerability CVE-2019-3568"
            maxLength={300}
            data={props.knownTopics}
            value={d.topic}
            onChange={(topic) => update(d.key, { topic })}
            w={240}
          />
          <Select
            label={i === 0 ? 'Organization' : undefined}
            aria-label={`Ledger row ${i + 1}: organization`}
            placeholder={options.length ? 'Organization' : 'Add its attendees first'}
            data={options}
            value={d.organizationId}
            onChange={(organizationId) => update(d.key, { organizationId })}
            w={200}
          />
          <Select
            label={i === 0 ? 'State' : undefined}
            aria-label={`Ledger row ${i + 1}: state`}
            data={DISCLOSURE_STATES.map((s) => ({ value: s, label: DISCLOSURE_STATE_LABELS[s] }))}
            value={d.state}
            onChange={(state) => state && update(d.key, { state: state as DisclosureState })}
            allowDeselect={false}
            w={140}
          />
          <TextInput
            label={i === 0 ? 'Statement or detail' : undefined}
            aria-label={`Ledger row ${i + 1}: statement or detail`}
            placeholder="What was said, or how it was avoided"
            maxLength={4000}
            value={d.detail}
            onChange={(e) => update(d.key, { detail: e.currentTarget.value })}
            style={{ flex: 1, minWidth: 200 }}
          />
        </Row>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => set({ disclosures: [...draft.disclosures, emptyDisclosure(firstOutside)] })}
        >
          Add ledger row
        </Button>
      </Group>
    </Stack>
  );
}
