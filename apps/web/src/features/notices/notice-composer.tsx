/**
 * Composes a notice to one organization taking part in an incident: the addressee and
 * its recipients, kind, legal basis, subject and body, numbered questions, the deadline
 * and the marking, with the text as its PDF will print it beside the form, updated as
 * it is typed. Saving keeps it a draft; it is approved and issued from its page.
 */
import { Alert, Button, Card, Checkbox, Grid, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { CREATABLE_NOTICE_KINDS, type NoticeKind } from '#shared/contracts/notices';
import { TLP_LEVELS, type Tlp } from '#shared/incidents';
import { LoadingState } from '../../components/loading-state.tsx';
import { useParticipants } from '../incidents/participants-api.ts';
import { SaveErrorAlert } from '../incidents/version-conflict-alert.tsx';
import { useMe } from '../session/use-me.ts';
import { useUserPages } from '../users/users-api.ts';
import { basisDeadline, DueInput, type DuePreviewState } from './due-input.tsx';
import { draftErrors, hasErrors, issueBlockers, type NoticeDraft, toPreviewBody } from './notice-draft.ts';
import { NOTICE_KIND_LABELS } from './notice-labels.tsx';
import { NoticePdfPreview, type PdfText } from './notice-pdf-preview.tsx';
import { type LegalBasis, useDuePreview, useHolidayCalendars, useLegalBases } from './notices-api.ts';
import { QuestionsInput } from './questions-input.tsx';

function Section(props: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card padding="lg">
      <Title order={4}>{props.title}</Title>
      {props.description && (
        <Text size="sm" c="dimmed">
          {props.description}
        </Text>
      )}
      <div style={{ marginTop: 12 }}>{props.children}</div>
    </Card>
  );
}

function BasisDetail(props: { basis: LegalBasis }) {
  const b = props.basis;
  return (
    <Card withBorder padding="sm" bg="gray.0" data-testid="legal-basis-detail">
      <Text size="sm" fw={600}>
        {b.instrument}, {b.clause}
      </Text>
      <Text size="sm" mt={4} style={{ lineHeight: 1.5 }}>
        {b.summary}
      </Text>
      <Text size="sm" fw={500} mt={6}>
        {basisDeadline(b)}
      </Text>
      {b.penaltyProvision && (
        <Text size="xs" c="dimmed" mt={4}>
          Escalation under: {b.penaltyProvision}
        </Text>
      )}
    </Card>
  );
}

export interface ComposerProps {
  mode: 'create' | 'edit';
  incident: { id: string; reference: string };
  initial: NoticeDraft;
  /** A clarification: the reference of the notice it follows up and that notice's questions. */
  follows?: { reference: string | null; questions: Map<string, { position: number; text: string }> };
  /** Saving an approved notice returns it to draft. */
  approved?: boolean;
  saving: boolean;
  error: unknown;
  onSave: (draft: NoticeDraft) => void;
  onCancel: () => void;
  onReload?: () => void;
}

export function NoticeComposer(props: ComposerProps) {
  const me = useMe();
  const [draft, setDraft] = useState(props.initial);
  const [tried, setTried] = useState(false);
  const set = (patch: Partial<NoticeDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const participants = useParticipants(props.incident.id);
  const bases = useLegalBases();
  const calendars = useHolidayCalendars();
  const users = useUserPages({ organizationId: draft.organizationId ?? undefined }, !!draft.organizationId);
  const orgUsers = (users.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (u) => !u.disabled && u.organization.id === draft.organizationId,
  );
  const basis = bases.data?.find((b) => b.id === draft.legalBasisId);

  const errors = draftErrors(draft);
  const shown = tried ? errors : {};
  const [previewBody] = useDebouncedValue(
    useMemo(() => toPreviewBody(draft), [draft]),
    300,
  );
  const due = useDuePreview(previewBody);
  const preview: DuePreviewState = { data: due.data, error: due.error, loading: due.isFetching, idle: previewBody === null };

  const organizations = (participants.data ?? []).map((p) => ({ value: p.organization.id, label: p.organization.name }));
  const organizationName = participants.data?.find((p) => p.organization.id === draft.organizationId)?.organization.name ?? null;
  const recipients = orgUsers.filter((u) => draft.recipientIds.includes(u.id));
  const basisOptions = (bases.data ?? [])
    .filter((b) => b.active || b.id === draft.legalBasisId)
    .map((b) => ({ value: b.id, label: `${b.clause} — ${b.instrument}${b.active ? '' : ' (retired)'}` }));
  const blockers = issueBlockers(draft);

  const pdfText: PdfText = {
    issuer: me.user.organization.name,
    kind: draft.kind,
    tlp: draft.tlp,
    reference: null,
    incidentReference: props.incident.reference,
    organizationName,
    recipients: recipients.map((u) => ({ name: u.name, email: u.email })).sort((a, b) => a.email.localeCompare(b.email)),
    follows: props.follows?.reference ?? null,
    legalBasis: basis ? { instrument: basis.instrument, clause: basis.clause, summary: basis.summary } : null,
    subject: draft.subject,
    body: draft.body,
    questions: draft.questions,
    due:
      preview.data && !preview.error && !preview.idle
        ? {
            local: preview.data.dueLocal,
            detail:
              draft.dueMode === 'fixed'
                ? `That is ${preview.data.dueAt} UTC. Reply through the organization portal.`
                : `If issued now. Counted from the moment of issue: ${preview.data.explanation}`,
          }
        : { pending: draft.dueMode === 'fixed' ? 'Set the due date and time.' : 'Computed at issue from the deadline rule.' },
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (hasErrors(errors)) return;
    props.onSave(draft);
  };

  const chooseBasis = (id: string | null) => {
    const next = bases.data?.find((b) => b.id === id);
    set({
      legalBasisId: id,
      ...(next?.calendar && draft.dueMode === 'from_basis' && !draft.ownDeadline ? { zone: next.calendar.timeZone } : {}),
    });
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <form onSubmit={submit} aria-label={props.mode === 'create' ? 'New notice' : 'Edit notice'} noValidate>
          <Stack gap="lg">
            {props.approved && (
              <Alert color="orange" variant="light" icon={<IconInfoCircle size={18} />}>
                This notice is approved. Saving a change returns it to draft, and it needs approving again.
              </Alert>
            )}
            <Section title="Addressed to" description="An organization taking part in the incident, and the people there who receive it.">
              {participants.isPending ? (
                <LoadingState rows={2} label="Loading participants" />
              ) : (
                <Stack gap="sm">
                  <Select
                    label="Organization"
                    placeholder={organizations.length ? 'Choose a participant' : 'No organization takes part yet'}
                    data={organizations}
                    value={draft.organizationId}
                    onChange={(v) => set({ organizationId: v, recipientIds: [] })}
                    disabled={props.mode === 'edit'}
                    error={shown.organizationId}
                    searchable
                    withAsterisk
                    maw={420}
                  />
                  {draft.organizationId && (
                    <Checkbox.Group
                      label="Recipients"
                      description="The organization’s users it is sent to; each can open and answer it."
                      value={draft.recipientIds}
                      onChange={(ids) => set({ recipientIds: ids })}
                    >
                      {users.isPending ? (
                        <LoadingState rows={2} label="Loading the organization’s users" />
                      ) : orgUsers.length === 0 ? (
                        <Text size="sm" c="dimmed" mt="xs">
                          This organization has no active users yet. Add a point of contact on its page first.
                        </Text>
                      ) : (
                        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
                          {orgUsers.map((u) => (
                            <Checkbox key={u.id} value={u.id} label={u.name} description={u.email} />
                          ))}
                        </SimpleGrid>
                      )}
                    </Checkbox.Group>
                  )}
                </Stack>
              )}
            </Section>

            <Section title="The notice">
              <Stack gap="sm">
                <Group gap="md" align="flex-start" wrap="wrap">
                  {draft.kind === 'clarification' ? (
                    <TextInput label="Kind" value={NOTICE_KIND_LABELS.clarification} readOnly w={260} />
                  ) : (
                    <Select
                      label="Kind"
                      data={CREATABLE_NOTICE_KINDS.map((k) => ({ value: k, label: NOTICE_KIND_LABELS[k] }))}
                      value={draft.kind}
                      onChange={(v) => v && set({ kind: v as NoticeKind })}
                      allowDeselect={false}
                      w={260}
                    />
                  )}
                  <Select
                    label="TLP"
                    data={TLP_LEVELS.map((t) => ({ value: t, label: `TLP:${t}` }))}
                    value={draft.tlp}
                    onChange={(v) => v && set({ tlp: v as Tlp })}
                    allowDeselect={false}
                    w={180}
                  />
                </Group>
                <Select
                  label="Legal basis"
                  placeholder={bases.isPending ? 'Loading…' : 'The provision the notice is issued under'}
                  data={basisOptions}
                  value={draft.legalBasisId}
                  onChange={chooseBasis}
                  searchable
                  clearable
                  nothingFoundMessage="No legal basis by that name"
                  comboboxProps={{ width: 560, position: 'bottom-start' }}
                />
                {basis && <BasisDetail basis={basis} />}
                <TextInput
                  label="Subject"
                  value={draft.subject}
                  onChange={(e) => set({ subject: e.currentTarget.value })}
                  error={shown.subject}
                  withAsterisk
                  maxLength={300}
                />
                <Textarea
                  label="Body"
                  description="Markdown. The PDF prints it as plain text."
                  autosize
                  minRows={4}
                  maxRows={16}
                  value={draft.body}
                  onChange={(e) => set({ body: e.currentTarget.value })}
                />
              </Stack>
            </Section>

            <Section title="Questions" description="Numbered in this order in the notice; the organization answers each.">
              <QuestionsInput
                value={draft.questions}
                onChange={(questions) => set({ questions })}
                errors={shown.questions}
                followsUp={props.follows?.questions}
              />
            </Section>

            <Section title="Due time">
              <DueInput draft={draft} set={set} errors={shown} basis={basis} calendars={calendars.data ?? []} preview={preview} />
            </Section>

            {tried && hasErrors(errors) && (
              <Alert color="red" variant="light" role="alert">
                Some fields need attention before the draft can be saved.
              </Alert>
            )}
            {!!props.error && <SaveErrorAlert error={props.error} onReload={() => props.onReload?.()} what="The notice" />}
            <Group justify="space-between" wrap="wrap">
              <Text size="sm" c="dimmed" maw={420}>
                {blockers.length ? `Before it can be issued it must still ${blockers.join(', ')}.` : 'Ready to be approved and issued.'}
              </Text>
              <Group gap="sm">
                <Button variant="default" onClick={props.onCancel}>
                  Cancel
                </Button>
                <Button type="submit" loading={props.saving}>
                  Save draft
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <div style={{ position: 'sticky', top: 76, maxHeight: 'calc(100vh - 96px)', overflowY: 'auto' }}>
          <Title order={5} mb={4}>
            As the PDF will print it
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            Updated as you type. The reference, the date of issue and the SHA-256 are set when it is issued.
          </Text>
          <NoticePdfPreview text={pdfText} />
        </div>
      </Grid.Col>
    </Grid>
  );
}
