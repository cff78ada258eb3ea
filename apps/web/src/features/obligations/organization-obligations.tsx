/**
 * One organization's obligations in an incident, grouped by topic (the one that governs
 * first), each with its rule, state, due time and countdown, its notice and a way to
 * read why; those that do not apply folded away below with their reasons.
 */
import { Anchor, Badge, Button, Collapse, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconHelpCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ObligationDue } from './obligation-due.tsx';
import { RuleLine, StateBadge, topicLabel } from './obligation-labels.tsx';
import type { Obligation } from './obligations-api.ts';

function ObligationRow(props: { obligation: Obligation; shared: boolean; noticeBase: string; onExplain: (o: Obligation) => void }) {
  const o = props.obligation;
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md" py="xs" data-testid="obligation-row" data-rule={o.rule.code}>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs">
          <Text size="sm" fw={600} ff="monospace">
            {o.rule.code}
          </Text>
          <StateBadge state={o.state} />
          {props.shared && o.governs && (
            <Badge variant="filled" color="navy" size="sm">
              Governs
            </Badge>
          )}
          {o.soft && o.state !== 'not_applicable' && (
            <Badge variant="outline" color="gray" size="sm">
              Soft deadline
            </Badge>
          )}
        </Group>
        <RuleLine rule={o.rule} />
        <ObligationDue obligation={o} />
        {o.reason && o.state !== 'met' && (
          <Text size="xs" c="dimmed">
            {o.reason}
          </Text>
        )}
        {o.notice && (
          <Text size="xs">
            Notice{' '}
            <Anchor component={Link} to={`${props.noticeBase}/${o.notice.id}`} ff="monospace" inherit>
              {o.notice.reference}
            </Anchor>
          </Text>
        )}
      </Stack>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconHelpCircle size={14} />}
        onClick={() => props.onExplain(o)}
        aria-label={`Explain ${o.rule.code}`}
      >
        Explain
      </Button>
    </Group>
  );
}

/** Topics in the order their governing obligation falls due; within one, the governing one first. */
function byTopic(items: Obligation[]): Array<{ topic: string; items: Obligation[] }> {
  const groups = new Map<string, Obligation[]>();
  for (const o of items) groups.set(o.topic, [...(groups.get(o.topic) ?? []), o]);
  return [...groups].map(([topic, list]) => ({ topic, items: [...list].sort((a, b) => Number(b.governs) - Number(a.governs)) }));
}

export function OrganizationObligations(props: { items: Obligation[]; noticeBase: string; onExplain: (o: Obligation) => void }) {
  const [showInapplicable, setShowInapplicable] = useState(false);
  const applicable = props.items.filter((o) => o.state !== 'not_applicable');
  const inapplicable = props.items.filter((o) => o.state === 'not_applicable');
  return (
    <Stack gap="sm">
      {applicable.length === 0 && (
        <Text size="sm" c="dimmed">
          No obligation applies to this organization on the facts known so far.
        </Text>
      )}
      {byTopic(applicable).map((group) => (
        <Paper key={group.topic} withBorder p="sm" radius="sm" data-testid="obligation-topic">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
            {topicLabel(group.topic, group.items[0].notice)}
          </Text>
          {group.items.length > 1 && (
            <Text size="xs" c="dimmed">
              {group.items.length} rules ask for the same thing; the earliest due time governs.
            </Text>
          )}
          <Stack gap={0}>
            {group.items.map((o) => (
              <ObligationRow
                key={o.id}
                obligation={o}
                shared={group.items.length > 1}
                noticeBase={props.noticeBase}
                onExplain={props.onExplain}
              />
            ))}
          </Stack>
        </Paper>
      ))}
      {inapplicable.length > 0 && (
        <div>
          <Button
            variant="subtle"
            color="gray"
            size="xs"
            leftSection={showInapplicable ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            onClick={() => setShowInapplicable((v) => !v)}
            aria-expanded={showInapplicable}
          >
            {inapplicable.length === 1
              ? '1 rule considered that does not apply'
              : `${inapplicable.length} rules considered that do not apply`}
          </Button>
          <Collapse expanded={showInapplicable}>
            <Stack gap={0} pl="sm">
              {inapplicable.map((o) => (
                <ObligationRow key={o.id} obligation={o} shared={false} noticeBase={props.noticeBase} onExplain={props.onExplain} />
              ))}
            </Stack>
          </Collapse>
        </div>
      )}
    </Stack>
  );
}
