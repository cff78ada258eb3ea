/**
 * Records an engagement or corrects one: kind, title, date at its precision in the zone
 * where it took place, place or channel, agenda and minutes (Markdown), TLP, and the
 * attendees, actions and ledger rows. A correction may give a reason, kept with the
 * engagement's earlier line in the chronology.
 */
import {
  Alert,
  Button,
  Card,
  Group,
  Input,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { ENGAGEMENT_KINDS } from '#shared/contracts/engagements';
import { DATE_PRECISIONS, TLP_LEVELS } from '#shared/incidents';
import { errorMessage } from '../../api/error-message.ts';
import { TimeZoneSelect } from '../incidents/time-zone-select.tsx';
import { SaveErrorAlert } from '../incidents/version-conflict-alert.tsx';
import { todayIso } from '../incidents/zoned-time.ts';
import { useAllOrganizations } from '../organizations/organizations-api.ts';
import {
  changesChronology,
  draftErrors,
  type EngagementDraft,
  hasErrors,
  toCreateBody,
  toUpdateBody,
  withPrecision,
} from './engagement-draft.ts';
import { ENGAGEMENT_KIND_LABELS } from './engagement-labels.tsx';
import { ActionsFields, AttendeesFields, DisclosuresFields } from './engagement-lists-fields.tsx';
import type { CreateEngagementBody, UpdateEngagementBody } from './engagements-api.ts';
import { useDisclosures } from './engagements-api.ts';

const PRECISION_LABELS = { year: 'Year', month: 'Month', day: 'Day', minute: 'Time' } as const;
const INPUT_TYPE = { year: 'number', month: 'month', day: 'date', minute: 'datetime-local' } as const;

function Section(props: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card padding="lg">
      <Title order={4}>{props.title}</Title>
      {props.description && (
        <Text size="sm" c="dimmed" mb="sm">
          {props.description}
        </Text>
      )}
      <div style={{ marginTop: props.description ? 0 : 12 }}>{props.children}</div>
    </Card>
  );
}

export function EngagementForm(props: {
  incidentId: string;
  /** The engagement as it was, when correcting one. */
  before?: { draft: EngagementDraft; version: number };
  initial: EngagementDraft;
  saving: boolean;
  error: unknown;
  onReload?: () => void;
  onCancel: () => void;
  onCreate?: (body: CreateEngagementBody) => void;
  onUpdate?: (body: UpdateEngagementBody) => void;
}) {
  const [draft, setDraft] = useState(props.initial);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const organizations = useAllOrganizations();
  const ledger = useDisclosures(props.incidentId, {});
  const knownTopics = useMemo(() => [...new Set((ledger.data?.topics ?? []).map((t) => t.label))], [ledger.data]);
  const home = organizations.data?.find((o) => o.isHome)?.id;
  const set = (patch: Partial<EngagementDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const errors = tried ? draftErrors(draft, home) : {};
  const editing = !!props.before;
  const moves = props.before ? changesChronology(toUpdateBody(draft, props.before.draft, props.before.version, '')) : false;
  const lists = { draft, set, errors, organizations: organizations.data ?? [] };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (hasErrors(draftErrors(draft, home))) return;
    if (props.before) props.onUpdate?.(toUpdateBody(draft, props.before.draft, props.before.version, reason));
    else props.onCreate?.(toCreateBody(draft));
  };

  return (
    <form onSubmit={submit} noValidate aria-label={editing ? 'Correct engagement' : 'New engagement'}>
      <Stack gap="lg">
        {props.error ? (
          props.onReload ? (
            <SaveErrorAlert error={props.error} onReload={props.onReload} what="The engagement" />
          ) : (
            <Alert color="red" variant="light" role="alert" title="The engagement was not saved">
              {errorMessage(props.error)}
            </Alert>
          )
        ) : tried && hasErrors(errors) ? (
          <Alert color="red" variant="light" role="alert" title="The engagement was not saved">
            Correct the fields marked below.
          </Alert>
        ) : null}
        <Section title="What and when">
          <Stack gap="md">
            <Input.Wrapper label="Kind" required>
              <div>
                <SegmentedControl
                  aria-label="Kind"
                  mt={4}
                  data={ENGAGEMENT_KINDS.map((k) => ({ value: k, label: ENGAGEMENT_KIND_LABELS[k] }))}
                  value={draft.kind}
                  onChange={(kind) => set({ kind: kind as EngagementDraft['kind'] })}
                />
              </div>
            </Input.Wrapper>
            <TextInput
              label="Title"
              required
              maxLength={300}
              placeholder="e.g. First meeting with the platform on the voice-call exploit"
              value={draft.title}
              onChange={(e) => set({ title: e.currentTarget.value })}
              error={errors.title}
              data-autofocus
            />
            <Input.Wrapper label="When it took place" required error={errors.when}>
              <Stack gap="xs" mt={4}>
                <SegmentedControl
                  aria-label="Precision"
                  data={DATE_PRECISIONS.map((p) => ({ value: p, label: PRECISION_LABELS[p] }))}
                  value={draft.precision}
                  onChange={(p) => setDraft((d) => withPrecision(d, p as EngagementDraft['precision']))}
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
                  />
                  <TimeZoneSelect ariaLabel="Time zone" value={draft.zone} onChange={(zone) => set({ zone })} w={300} />
                </Group>
              </Stack>
            </Input.Wrapper>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={draft.kind === 'meeting' ? 'Place' : 'Channel'}
                placeholder={draft.kind === 'meeting' ? 'e.g. CERT offices, New Delhi' : 'e.g. video call, registered post'}
                maxLength={300}
                value={draft.location}
                onChange={(e) => set({ location: e.currentTarget.value })}
              />
              <Select
                label="TLP"
                data={TLP_LEVELS.map((t) => ({ value: t, label: `TLP:${t}` }))}
                value={draft.tlp}
                onChange={(t) => t && set({ tlp: t as EngagementDraft['tlp'] })}
                allowDeselect={false}
              />
            </SimpleGrid>
          </Stack>
        </Section>
        <Section
          title={draft.kind.startsWith('letter') || draft.kind === 'email' ? 'People' : 'Attendees'}
          description="Who took part, for which organization, in which role."
        >
          <AttendeesFields {...lists} />
        </Section>
        <Section title="Agenda and minutes" description="Markdown: **bold**, lists, links.">
          <Stack gap="sm">
            <Textarea
              label="Agenda"
              autosize
              minRows={3}
              maxRows={12}
              maxLength={20000}
              value={draft.agenda}
              onChange={(e) => set({ agenda: e.currentTarget.value })}
            />
            <Textarea
              label="Minutes"
              autosize
              minRows={5}
              maxRows={24}
              maxLength={100000}
              value={draft.minutes}
              onChange={(e) => set({ minutes: e.currentTarget.value })}
            />
          </Stack>
        </Section>
        <Section
          title="Disclosure ledger"
          description="Per topic and organization: disclosed, withheld, not asked, or refused. Record silences too: they are facts."
        >
          <DisclosuresFields {...lists} knownTopics={knownTopics} homeOrganizationId={home} />
        </Section>
        <Section title="Follow-up actions">
          <ActionsFields {...lists} />
        </Section>
        {editing && moves && (
          <Card padding="lg">
            <Textarea
              label="Reason for the correction"
              description="The date, title or attendees change the engagement's line in the chronology; the earlier line is kept with this reason."
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          </Card>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={props.saving}>
            {editing ? 'Save correction' : 'Record engagement'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
