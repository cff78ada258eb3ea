/**
 * The facts a report may state about the organization, as the rule reads them: the times
 * that start its clock (and cap it), each with the zone of the clock it was read on, and
 * the yes/no judgements its condition needs. Stated facts are recorded with the report and
 * the obligations are computed from them.
 */
import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import type { ReportFact } from '#shared/contracts/incident-reports';
import { FACT_LABELS, type FactName } from '#shared/contracts/obligation-api';
import type { KeyTimeDraft } from '../incidents/incident-draft.ts';
import { KeyTimeInput } from '../incidents/key-time-input.tsx';
import { zonedToIso } from '../incidents/zoned-time.ts';
import type { ReportRuleDefinition } from './reports-api.ts';

const JUDGEMENTS = { personalData: 'personal_data', highRisk: 'high_risk', significant: 'significant', major: 'major' } as const;
type Judgement = (typeof JUDGEMENTS)[keyof typeof JUDGEMENTS];
export type JudgementDraft = 'yes' | 'no' | '';

export interface FactsDraft {
  times: Partial<Record<FactName, KeyTimeDraft>>;
  judgements: Partial<Record<Judgement, JudgementDraft>>;
}

/** The time facts in the rule's trigger and cap (an order's receipt and another report's submission are not the organization's to state). */
export function factsAsked(definition: ReportRuleDefinition): { times: FactName[]; judgements: Judgement[] } {
  const text = `${definition.trigger} ${definition.cap ?? ''}`.replace(/submitted\([^)]*\)/g, '');
  const times = [...new Set(text.match(/[a-z_]+_at\b/g) ?? [])].filter(
    (name): name is FactName => name !== 'order_received_at' && name in FACT_LABELS,
  );
  const judgements = (Object.keys(JUDGEMENTS) as Array<keyof typeof JUDGEMENTS>)
    .filter((key) => definition.condition[key] !== undefined && definition.condition[key] !== null)
    .map((key) => JUDGEMENTS[key]);
  return { times, judgements };
}

/** The facts filled in, as the API takes them; an unreadable time is left out (the form marks it). */
export function factsBody(draft: FactsDraft, asked: ReturnType<typeof factsAsked>): ReportFact[] {
  const out: ReportFact[] = [];
  for (const name of asked.times) {
    const value = draft.times[name];
    const at = value?.local ? zonedToIso(value.local, value.zone) : null;
    if (value && at) out.push({ fact: name, at, timeZone: value.zone });
  }
  for (const name of asked.judgements) {
    const value = draft.judgements[name];
    if (value) out.push({ fact: name, value: value === 'yes' });
  }
  return out;
}

export function ReportFactsFields(props: {
  asked: ReturnType<typeof factsAsked>;
  draft: FactsDraft;
  zone: string;
  onChange: (next: FactsDraft) => void;
}) {
  const { asked, draft } = props;
  if (asked.times.length === 0 && asked.judgements.length === 0) return null;
  return (
    <Stack gap="sm" data-testid="report-facts">
      {asked.times.map((name) => (
        <KeyTimeInput
          key={name}
          label={FACT_LABELS[name]}
          value={draft.times[name] ?? { local: '', zone: props.zone }}
          onChange={(value) => props.onChange({ ...draft, times: { ...draft.times, [name]: value } })}
        />
      ))}
      {asked.judgements.map((name) => (
        <Group key={name} gap="sm">
          <Text size="sm" fw={500} w={210}>
            {FACT_LABELS[name]}
          </Text>
          <SegmentedControl
            aria-label={FACT_LABELS[name]}
            size="xs"
            value={draft.judgements[name] ?? ''}
            onChange={(value) => props.onChange({ ...draft, judgements: { ...draft.judgements, [name]: value as JudgementDraft } })}
            data={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
              { value: '', label: 'Not stated' },
            ]}
          />
        </Group>
      ))}
    </Stack>
  );
}
