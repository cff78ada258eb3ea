/**
 * The facts one organization's obligations are computed from, and the form that sets them:
 * times as read on a named zone's clock, yes/no judgements, and where each came from.
 * Only facts that changed are sent; a cleared one is sent as null. Saving starts a
 * recomputation on the server, which the caller is told about (onSaved).
 */
import { Alert, Button, Group, Input, Modal, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { FACT_LABELS, FACT_NAMES, JUDGEMENT_FACT_NAMES } from '#shared/contracts/obligation-api';
import { errorMessage } from '../../api/error-message.ts';
import { TimeZoneSelect } from '../incidents/time-zone-select.tsx';
import { formatInZone, isoToZoned, localZone, zonedToIso } from '../incidents/zoned-time.ts';
import { type FactInput, type FactName, type ObligationFact, type ObligationFactsView, useSetObligationFacts } from './obligations-api.ts';

const TIME_FACTS = FACT_NAMES.filter((f) => !JUDGEMENT_FACT_NAMES.includes(f));
/** Facts that fall back to the incident's key time of the same name when the organization has none. */
const FROM_INCIDENT: readonly FactName[] = ['occurred_at', 'detected_at', 'noticed_at'];

function FactValue(props: { fact: ObligationFact }) {
  const { fact } = props;
  if (fact.value !== null) return <Text size="sm">{fact.value ? 'Yes' : 'No'}</Text>;
  if (!fact.at) return <Text size="sm">—</Text>;
  const viewer = localZone();
  return (
    <>
      <Text size="sm">{formatInZone(fact.at, viewer)}</Text>
      {fact.timeZone && fact.timeZone !== viewer && (
        <Text size="xs" c="dimmed">
          Recorded as {formatInZone(fact.at, fact.timeZone)}
        </Text>
      )}
    </>
  );
}

export function FactsTable(props: { view: ObligationFactsView }) {
  const { facts } = props.view;
  if (facts.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No facts entered for {props.view.organization.name} yet. Until they are, obligations that need them wait as pending; the incident’s
        own key times stand in for when it occurred, was detected and was noticed.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table fz="sm" data-testid="facts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Fact</Table.Th>
            <Table.Th>Value (your time)</Table.Th>
            <Table.Th>Source</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {facts.map((f) => (
            <Table.Tr key={f.fact} data-testid="fact-row">
              <Table.Td>{FACT_LABELS[f.fact]}</Table.Td>
              <Table.Td>
                <FactValue fact={f} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={f.source ? undefined : 'dimmed'}>
                  {f.source ?? 'Not given'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface FactDraft {
  /** "YYYY-MM-DDTHH:mm" on the clock of the form's zone; empty when not known. */
  local: string;
  judgement: 'unknown' | 'yes' | 'no';
  source: string;
}

/** The zone most of the organization's times were recorded in, else the viewer's: the clock the form reads times on. */
function formZoneOf(facts: ObligationFact[]): string {
  const counts = new Map<string, number>();
  for (const f of facts) if (f.at && f.timeZone) counts.set(f.timeZone, (counts.get(f.timeZone) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? localZone();
}

function draftsOf(facts: ObligationFact[], zone: string): Record<FactName, FactDraft> {
  const drafts = {} as Record<FactName, FactDraft>;
  for (const name of FACT_NAMES) {
    const f = facts.find((x) => x.fact === name);
    drafts[name] = {
      local: f?.at ? isoToZoned(f.at, zone) : '',
      judgement: f?.value === true ? 'yes' : f?.value === false ? 'no' : 'unknown',
      source: f?.source ?? '',
    };
  }
  return drafts;
}

/**
 * The facts whose value or source differ from what is stored, and an error per time that
 * cannot be read. A time is compared as an instant, so reading the form on another zone's
 * clock changes nothing by itself; a changed time is sent with the form's zone.
 */
function changes(stored: ObligationFact[], draft: Record<FactName, FactDraft>, zone: string) {
  const facts: FactInput[] = [];
  const errors: Partial<Record<FactName, string>> = {};
  for (const name of FACT_NAMES) {
    const was = stored.find((f) => f.fact === name);
    const d = draft[name];
    const source = d.source.trim() || undefined;
    const sourceChanged = (was?.source ?? '') !== d.source.trim();
    if (JUDGEMENT_FACT_NAMES.includes(name)) {
      const value = d.judgement === 'unknown' ? null : d.judgement === 'yes';
      if (value !== (was?.value ?? null) || (value !== null && sourceChanged)) facts.push({ fact: name, value, source });
      continue;
    }
    const at = d.local ? zonedToIso(d.local, zone) : null;
    if (d.local && !at) errors[name] = 'Give a date and a time.';
    else if (at && new Date(at).getTime() > Date.now()) errors[name] = 'This time is in the future.';
    else if ((at ? new Date(at).getTime() : null) !== (was?.at ? new Date(was.at).getTime() : null) || (at !== null && sourceChanged)) {
      facts.push(at ? { fact: name, at, timeZone: zone, source } : { fact: name, at: null });
    }
  }
  return { facts, errors };
}

function FactsForm(props: { incidentId: string; view: ObligationFactsView; onClose: () => void; onSaved: () => void }) {
  const stored = props.view.facts;
  const [zone, setZone] = useState(() => formZoneOf(stored));
  const [draft, setDraft] = useState(() => draftsOf(stored, zone));
  const [tried, setTried] = useState(false);
  const save = useSetObligationFacts(props.incidentId, props.view.organization.id);
  const { facts, errors } = changes(stored, draft, zone);
  const viewer = localZone();
  const set = (name: FactName, next: Partial<FactDraft>) => setDraft((d) => ({ ...d, [name]: { ...d[name], ...next } }));
  // The same instants, read on the new zone's clock.
  const changeZone = (next: string) => {
    setDraft((d) => {
      const moved = { ...d };
      for (const name of TIME_FACTS) {
        const at = d[name].local ? zonedToIso(d[name].local, zone) : null;
        if (at) moved[name] = { ...d[name], local: isoToZoned(at, next) };
      }
      return moved;
    });
    setZone(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(errors).length) return;
    if (facts.length === 0) return props.onClose();
    save.mutate(facts, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          message: `Facts saved for ${props.view.organization.name}. Its obligations are being recomputed.`,
        });
        props.onSaved();
        props.onClose();
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Facts of ${props.view.organization.name}`}>
      <Stack gap="md">
        <Alert variant="light" color="navy" icon={<IconInfoCircle size={20} />}>
          Enter the times as a clock in the zone below read them (where the organization is, as a rule). Saving recomputes{' '}
          {props.view.organization.name}’s obligations a moment later; results that were already met, met late or missed keep the rule
          version they were computed with.
        </Alert>
        {save.isError && (
          <Alert color="red" variant="light" role="alert" title="The facts were not saved">
            {errorMessage(save.error)}
          </Alert>
        )}
        <TimeZoneSelect label="Times below are on the clock of" value={zone} onChange={changeZone} w={340} />
        {TIME_FACTS.map((name) => {
          const at = draft[name].local ? zonedToIso(draft[name].local, zone) : null;
          return (
            <Input.Wrapper key={name} label={FACT_LABELS[name]} error={tried ? errors[name] : undefined}>
              <Group gap="xs" align="center" wrap="wrap">
                <TextInput
                  type="datetime-local"
                  aria-label={`${FACT_LABELS[name]}: date and time`}
                  value={draft[name].local}
                  onChange={(e) => set(name, { local: e.currentTarget.value })}
                  error={tried && !!errors[name]}
                  w={210}
                  size="xs"
                />
                <TextInput
                  aria-label={`${FACT_LABELS[name]}: source`}
                  placeholder="Source (a statement, a log, a call)"
                  value={draft[name].source}
                  maxLength={500}
                  onChange={(e) => set(name, { source: e.currentTarget.value })}
                  w={360}
                  size="xs"
                />
                {draft[name].local && (
                  <Button size="compact-xs" variant="subtle" color="gray" onClick={() => set(name, { local: '' })}>
                    Clear
                  </Button>
                )}
              </Group>
              {at && zone !== viewer && (
                <Text size="xs" c="dimmed">
                  That is {formatInZone(at, viewer)} for you.
                </Text>
              )}
              {!draft[name].local && FROM_INCIDENT.includes(name) && (
                <Text size="xs" c="dimmed">
                  Left empty, the incident’s own key time is used.
                </Text>
              )}
            </Input.Wrapper>
          );
        })}
        {JUDGEMENT_FACT_NAMES.map((name) => (
          <Input.Wrapper key={name} label={FACT_LABELS[name]} data-fact={name}>
            <Group gap="xs" align="center">
              <SegmentedControl
                aria-label={FACT_LABELS[name]}
                value={draft[name].judgement}
                onChange={(judgement) => set(name, { judgement: judgement as FactDraft['judgement'] })}
                data={[
                  { value: 'unknown', label: 'Not judged' },
                  { value: 'yes', label: 'Yes' },
                  { value: 'no', label: 'No' },
                ]}
                size="xs"
              />
              <TextInput
                aria-label={`${FACT_LABELS[name]}: source`}
                placeholder="Source of the judgement"
                value={draft[name].source}
                maxLength={500}
                onChange={(e) => set(name, { source: e.currentTarget.value })}
                w={320}
                size="xs"
              />
            </Group>
          </Input.Wrapper>
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save facts
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function FactsModal(props: { incidentId: string; view: ObligationFactsView | null; onClose: () => void; onSaved: () => void }) {
  return (
    <Modal opened={!!props.view} onClose={props.onClose} size="xl" title={props.view ? `Facts: ${props.view.organization.name}` : ''}>
      {props.view && <FactsForm incidentId={props.incidentId} view={props.view} onClose={props.onClose} onSaved={props.onSaved} />}
    </Modal>
  );
}
