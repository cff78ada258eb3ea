/** The incident's fields, shared by the new-incident page and the edit dialog. */
import { Grid, Paper, Select, SimpleGrid, Stack, Tabs, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { SEVERITIES, TLP_LEVELS } from '#shared/incidents';
import { MarkdownView } from '../../components/markdown-view.tsx';
import type { DraftErrors, IncidentDraft } from './incident-draft.ts';
import { KEY_TIME_LABELS, KEY_TIME_NAMES, SEVERITY_LABELS, TLP_DESCRIPTIONS } from './incident-labels.ts';
import { useCategories } from './incidents-api.ts';
import { KeyTimeInput } from './key-time-input.tsx';
import { useTeams } from './members-api.ts';
import { OwnerPicker } from './owner-picker.tsx';
import { localZone } from './zoned-time.ts';

/** Long hints go under the input, so the inputs of a row line up. */
const BELOW: ('label' | 'input' | 'description' | 'error')[] = ['label', 'input', 'description', 'error'];

/** RSIT classes are codes ("malicious-code"); the picker groups under readable names. */
function rsitClassLabel(code: string): string {
  const text = code.replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function Section(props: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Stack gap="sm">
      <div>
        <Title order={5}>{props.title}</Title>
        {props.hint && (
          <Text size="xs" c="dimmed">
            {props.hint}
          </Text>
        )}
      </div>
      {props.children}
    </Stack>
  );
}

export function IncidentFields(props: {
  draft: IncidentDraft;
  onChange: (next: IncidentDraft) => void;
  errors: DraftErrors;
  owner?: { id: string; name: string } | null;
  canLowerTlp?: boolean;
  originalTlp?: IncidentDraft['tlp'];
}) {
  const { draft, errors } = props;
  const set = (patch: Partial<IncidentDraft>) => props.onChange({ ...draft, ...patch });
  const categories = useCategories();
  const teams = useTeams();
  const categoryData = (categories.data ?? [])
    .filter((c) => c.active || c.id === draft.categoryId)
    .map((c) => ({ value: c.id, label: c.label, group: rsitClassLabel(c.rsitClass) }));
  const groups = [...new Set(categoryData.map((c) => c.group))].map((group) => ({
    group,
    items: categoryData.filter((c) => c.group === group).map(({ value, label }) => ({ value, label })),
  }));
  const tlpRankOf = (t: string | null) => (t ? TLP_LEVELS.indexOf(t as (typeof TLP_LEVELS)[number]) : -1);

  return (
    <Stack gap="xl">
      <Section title="What happened">
        <TextInput
          label="Title"
          required
          maxLength={300}
          value={draft.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          error={errors.title}
          data-autofocus
        />
        <Tabs defaultValue="write" variant="outline">
          <Tabs.List>
            <Tabs.Tab value="write">Summary</Tabs.Tab>
            <Tabs.Tab value="preview">Preview</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="write" pt="xs">
            <Textarea
              aria-label="Summary"
              description="Markdown: **bold**, *italic*, lists with -, links as [text](https://…)."
              autosize
              minRows={5}
              maxRows={16}
              maxLength={50000}
              value={draft.summary}
              onChange={(e) => set({ summary: e.currentTarget.value })}
              error={errors.summary}
            />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="xs">
            <Paper withBorder p="md" mih={120}>
              <MarkdownView
                source={draft.summary}
                empty={
                  <Text size="sm" c="dimmed">
                    Nothing written yet.
                  </Text>
                }
              />
            </Paper>
          </Tabs.Panel>
        </Tabs>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label="Category"
              description="CERT-In reportable type, mapped to RSIT."
              inputWrapperOrder={BELOW}
              placeholder="Not yet known"
              searchable
              clearable
              data={groups}
              value={draft.categoryId}
              onChange={(categoryId) => set({ categoryId })}
              error={errors.categoryId}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <Select
              label="Severity"
              required
              placeholder="Choose"
              data={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
              value={draft.severity}
              onChange={(v) => set({ severity: v as IncidentDraft['severity'] })}
              error={errors.severity}
              allowDeselect={false}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <Select
              label="TLP"
              required
              data={TLP_LEVELS.map((t) => ({
                value: t,
                label: `TLP:${t}`,
                disabled: props.canLowerTlp === false && tlpRankOf(t) < tlpRankOf(props.originalTlp ?? null),
              }))}
              value={draft.tlp}
              onChange={(v) => set({ tlp: v as IncidentDraft['tlp'] })}
              error={errors.tlp}
              description={draft.tlp ? TLP_DESCRIPTIONS[draft.tlp] : undefined}
              inputWrapperOrder={BELOW}
              allowDeselect={false}
            />
          </Grid.Col>
        </Grid>
      </Section>

      <Section title="Key times" hint={`Enter each as the clock read where it happened, and pick that zone. Your zone is ${localZone()}.`}>
        <Stack gap="sm">
          {KEY_TIME_NAMES.map((name) => (
            <KeyTimeInput
              key={name}
              label={KEY_TIME_LABELS[name]}
              value={draft.keyTimes[name]}
              onChange={(next) => set({ keyTimes: { ...draft.keyTimes, [name]: next } })}
              error={errors[name]}
            />
          ))}
        </Stack>
      </Section>

      <Section title="Technical details" hint="Press Enter after each item.">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TagsInput
            label="Platforms"
            placeholder="e.g. WhatsApp for Android"
            value={draft.platforms}
            onChange={(platforms) => set({ platforms })}
            maxTags={50}
            error={errors.platforms}
          />
          <TagsInput
            label="Vulnerabilities (CVE)"
            placeholder="CVE-2019-3568"
            value={draft.cves}
            onChange={(cves) => set({ cves: cves.map((c) => c.trim().toUpperCase()) })}
            maxTags={50}
            error={errors.cves}
          />
          <TagsInput
            label="Threat actors"
            value={draft.threatActors}
            onChange={(threatActors) => set({ threatActors })}
            maxTags={50}
            error={errors.threatActors}
          />
          <TagsInput
            label="Malware"
            placeholder="e.g. Pegasus"
            value={draft.malware}
            onChange={(malware) => set({ malware })}
            maxTags={50}
            error={errors.malware}
          />
          <TagsInput label="Tags" value={draft.tags} onChange={(tags) => set({ tags })} maxTags={50} error={errors.tags} />
        </SimpleGrid>
      </Section>

      <Section title="Responsibility">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <OwnerPicker value={draft.ownerId} current={props.owner} onChange={(ownerId) => set({ ownerId })} error={errors.ownerId} />
          {teams.isSuccess && (
            <Select
              label="Team"
              description="The team that owns the incident gets access to it."
              placeholder="No team"
              clearable
              data={teams.data.map((t) => ({ value: t.id, label: t.name }))}
              value={draft.teamId}
              onChange={(teamId) => set({ teamId })}
              error={errors.teamId}
            />
          )}
        </SimpleGrid>
      </Section>
    </Stack>
  );
}
