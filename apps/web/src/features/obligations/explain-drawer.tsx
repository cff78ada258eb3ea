/**
 * Why an obligation stands as it does, in the server's words: why it applies, what started
 * its clock, how its due time was computed, where it stands and which obligation of its
 * topic governs; then what it said before, when its facts or rule changed.
 */
import { Drawer, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { localZone } from '../incidents/zoned-time.ts';
import { formatDue, spanText } from '../notices/due-format.ts';
import { RuleLine, STEP_LABELS, StateBadge, topicLabel } from './obligation-labels.tsx';
import { type ObligationExplanation, useExplanation } from './obligations-api.ts';

type Revision = ObligationExplanation['history'][number];

/**
 * Earlier results, newest first, with consecutive ones that said the same (a recomputation
 * that only restated the time of its check) shown once, from the first to the last.
 */
function periods(history: Revision[]): Array<Revision & { from: string }> {
  const same = (a: Revision, b: Revision) =>
    a.state === b.state &&
    a.dueAt === b.dueAt &&
    a.metAt === b.metAt &&
    a.lateBySeconds === b.lateBySeconds &&
    a.ruleVersion === b.ruleVersion &&
    a.reason === b.reason;
  const out: Array<Revision & { from: string }> = [];
  for (const h of history) {
    const last = out.at(-1);
    if (last && same(last, h)) last.from = h.computedAt;
    else out.push({ ...h, from: h.computedAt });
  }
  return out;
}

function History(props: { history: Revision[] }) {
  const zone = localZone();
  if (props.history.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No earlier results: this is the first computation.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table fz="sm" data-testid="explanation-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Said from – until</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Rule version</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {periods(props.history).map((h) => (
            <Table.Tr key={h.replacedAt}>
              <Table.Td>
                <Text size="sm">{formatDue(h.from, zone)}</Text>
                <Text size="xs" c="dimmed">
                  until {formatDue(h.replacedAt, zone)}
                </Text>
              </Table.Td>
              <Table.Td>
                <StateBadge state={h.state} />
                {h.lateBySeconds !== null && (
                  <Text size="xs" c="dimmed">
                    {spanText(h.lateBySeconds * 1000)} late
                  </Text>
                )}
                {h.reason && (
                  <Text size="xs" c="dimmed">
                    {h.reason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{h.dueAt ? formatDue(h.dueAt, zone) : '—'}</Table.Td>
              <Table.Td>{h.ruleVersion}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Explanation(props: { data: ObligationExplanation }) {
  const { obligation: o, steps, history } = props.data;
  return (
    <Stack gap="md">
      <div>
        <Group gap="xs" mb={4}>
          <StateBadge state={o.state} />
          <Text size="sm" fw={600}>
            {topicLabel(o.topic, o.notice)}
          </Text>
        </Group>
        <RuleLine rule={o.rule} size="sm" />
        <Text size="sm" mt="xs">
          {o.rule.summary}
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          To: {o.rule.recipient} · Deadline as written: {o.deadline} · Rule version {o.rule.version}
        </Text>
      </div>
      <Stack gap="sm" data-testid="explanation-steps">
        {steps.map((step) => (
          <Paper key={`${step.kind}:${step.text}`} withBorder p="sm" radius="sm">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
              {STEP_LABELS[step.kind] ?? step.kind}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {step.text}
            </Text>
          </Paper>
        ))}
      </Stack>
      <div>
        <Title order={5} mb="xs">
          Earlier results
        </Title>
        <History history={history} />
      </div>
      <Text size="xs" c="dimmed">
        Computed {formatDue(o.computedAt, localZone())}.
      </Text>
    </Stack>
  );
}

export function ExplainDrawer(props: { obligationId: string | null; title: string; onClose: () => void }) {
  const explanation = useExplanation(props.obligationId);
  return (
    <Drawer opened={!!props.obligationId} onClose={props.onClose} position="right" size="xl" title={props.title}>
      {explanation.isPending ? (
        <LoadingState rows={6} label="Loading the explanation" />
      ) : explanation.isError ? (
        <ErrorState error={explanation.error} onRetry={() => explanation.refetch()} />
      ) : (
        <Explanation data={explanation.data} />
      )}
    </Drawer>
  );
}
