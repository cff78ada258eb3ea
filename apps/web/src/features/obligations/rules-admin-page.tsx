/**
 * The rules obligations are computed from, by pack, for administrators: each with its law
 * and deadline, when it is in force, whether it is on and why not; turned on and off, or
 * its definition edited as JSON and checked by the server. Every change is a new version;
 * one that alters computed obligations is confirmed first (rule-change.tsx).
 */
import { Alert, Badge, Button, Card, Group, Modal, Stack, Switch, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ErrorState } from '../../components/error-state.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequirePermission } from '../../components/require-permission.tsx';
import { formatDate } from '../../lib/format-time.ts';
import { type Rule, useRules } from './obligations-api.ts';
import { useRuleChange } from './rule-change.tsx';

const inForceText = (f: Rule['definition']['inForce']) =>
  f.from && f.until ? `${f.from} until ${f.until}` : f.from ? `from ${f.from}` : f.until ? `until ${f.until}` : 'always';

function EditRuleForm(props: { rule: Rule; onClose: () => void }) {
  const [text, setText] = useState(() => JSON.stringify(props.rule.definition, null, 2));
  const [reason, setReason] = useState('');
  const [syntax, setSyntax] = useState<string | null>(null);
  const change = useRuleChange();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (error) {
      setSyntax(`This is not valid JSON: ${(error as Error).message}`);
      return;
    }
    setSyntax(null);
    change.send(props.rule, { definition, changeReason: reason.trim() || undefined }, props.onClose);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Edit ${props.rule.code}`}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          The definition as the rule packs hold it (docs/modules/obligations.md, “Rule definition”). The server checks the shape, the
          trigger and deadline grammars and how the parts fit together; the code cannot change. Saving makes version{' '}
          {props.rule.version + 1}.
        </Text>
        {syntax && (
          <Alert color="red" variant="light" role="alert" title="The definition cannot be read">
            {syntax}
          </Alert>
        )}
        {change.failureAlert}
        <Textarea
          label="Definition (JSON)"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={16}
          maxRows={28}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        />
        <TextInput
          label="Why the change"
          placeholder="e.g. The Directions were amended on …"
          value={reason}
          maxLength={2000}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={change.sending}>
            Save as a new version
          </Button>
        </Group>
      </Stack>
      {change.confirmation}
    </form>
  );
}

function RuleRow(props: { rule: Rule; onToggle: (rule: Rule, enabled: boolean) => void; onEdit: (rule: Rule) => void }) {
  const { rule } = props;
  const d = rule.definition;
  const note = rule.disabledNote ?? (!d.confirmed ? d.note : null);
  return (
    <Table.Tr data-testid="rule-row" data-code={rule.code}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" ff="monospace" fw={600}>
          {rule.code}
        </Text>
        <Text size="xs" c="dimmed">
          {d.jurisdiction} · v{rule.version} · {formatDate(rule.updatedAt)}
        </Text>
      </Table.Td>
      <Table.Td miw={220}>
        <Text size="sm" fw={500}>
          {d.clause}
        </Text>
        <Text size="xs" c="dimmed" lineClamp={2} title={d.instrument}>
          {d.instrument}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{d.deadline}</Text>
        {d.cap && (
          <Text size="xs" c="dimmed">
            at most {d.cap}
          </Text>
        )}
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {inForceText(d.inForce)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Switch
          checked={rule.enabled}
          onChange={(e) => props.onToggle(rule, e.currentTarget.checked)}
          aria-label={`${rule.code} enabled`}
          label={rule.enabled ? 'On' : 'Off'}
        />
      </Table.Td>
      <Table.Td miw={210} maw={300}>
        {!d.confirmed && (
          <Badge color="orange" variant="light" size="sm" mb={4}>
            Not confirmed
          </Badge>
        )}
        {note ? (
          <Text size="xs" lineClamp={3} title={note}>
            {note}
          </Text>
        ) : d.note ? (
          <Text size="xs" c="dimmed" lineClamp={2} title={d.note}>
            {d.note}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPencil size={14} />}
          onClick={() => props.onEdit(rule)}
          aria-label={`Edit ${rule.code}`}
        >
          Edit
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function Rules() {
  const rules = useRules();
  const [editing, setEditing] = useState<Rule | null>(null);
  const toggle = useRuleChange();
  if (rules.isPending) return <LoadingState rows={8} label="Loading rules" />;
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => rules.refetch()} />;
  const packs = [...new Set(rules.data.map((r) => r.pack))];
  return (
    <Stack gap="lg">
      {toggle.failureAlert}
      {packs.map((pack) => {
        const list = rules.data.filter((r) => r.pack === pack);
        return (
          <Card key={pack} padding="lg" data-testid="rule-pack">
            <Group gap="xs" mb="md">
              <Title order={4}>{pack === 'local' ? 'Added here' : `${pack} pack`}</Title>
              <Text size="sm" c="dimmed">
                {list.length} rule{list.length === 1 ? '' : 's'}, {list.filter((r) => r.enabled).length} on
              </Text>
            </Group>
            <Table.ScrollContainer minWidth={900}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Rule</Table.Th>
                    <Table.Th>Clause and instrument</Table.Th>
                    <Table.Th>Deadline, in force</Table.Th>
                    <Table.Th>Enabled</Table.Th>
                    <Table.Th>Note</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((rule) => (
                    <RuleRow key={rule.id} rule={rule} onToggle={(r, enabled) => toggle.send(r, { enabled })} onEdit={setEditing} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        );
      })}
      {toggle.confirmation}
      <Modal opened={!!editing} onClose={() => setEditing(null)} size="xl" title={editing ? `Edit ${editing.code}` : ''}>
        {editing && <EditRuleForm rule={editing} onClose={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

export function RulesAdminPage() {
  return (
    <RequirePermission permission="obligations.manage">
      <PageHeader
        title="Obligation rules"
        description="The legal duties obligations are computed from, as shipped in the rule packs and changed here. A rule whose source is not confirmed ships turned off, with its note."
      />
      <Rules />
    </RequirePermission>
  );
}
