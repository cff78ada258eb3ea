/**
 * Making a change to a rule: sent as asked, and when the server answers that it would
 * alter computed obligations, the administrator sees how many and a sample, and may send
 * it again confirmed ("Change anyway"). Settled results keep the version they were
 * computed with; the server says so too.
 */
import { Alert, Anchor, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/api-error.ts';
import { errorMessage } from '../../api/error-message.ts';
import { type Rule, type RuleChange, type RuleChangeImpact, useUpdateRule } from './obligations-api.ts';

interface Pending {
  rule: Rule;
  change: RuleChange;
  impact: RuleChangeImpact;
  onDone?: () => void;
}

/** Sends rule changes; `confirmation` is the dialog to render, open while a change waits for confirmation. */
export function useRuleChange() {
  const update = useUpdateRule();
  const [pending, setPending] = useState<Pending | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const send = (rule: Rule, change: RuleChange, onDone?: () => void) => {
    setFailure(null);
    update.mutate(
      { ruleId: rule.id, change },
      {
        onSuccess: (saved) => {
          setPending(null);
          notifications.show({
            color: 'teal',
            message: `${saved.code} saved (version ${saved.version}, ${saved.enabled ? 'enabled' : 'disabled'}). Obligations are being recomputed.`,
          });
          onDone?.();
        },
        onError: (error) => {
          if (isApiError(error, 'obligations.rule_change_needs_confirmation') && !change.confirm) {
            setPending({ rule, change, impact: error.details as RuleChangeImpact, onDone });
          } else {
            setPending(null);
            setFailure(error);
          }
        },
      },
    );
  };

  const confirmation = (
    <Modal opened={!!pending} onClose={() => setPending(null)} title="This change alters computed obligations" size="lg">
      {pending && (
        <Stack gap="md" data-testid="rule-change-confirmation">
          <Text size="sm">
            Changing <b>{pending.rule.code}</b> would alter <b data-testid="changed-count">{pending.impact.changed}</b> computed obligation
            {pending.impact.changed === 1 ? '' : 's'}. Results already met, met late or missed keep the version they were computed with;
            pending ones move to the new version.
          </Text>
          {pending.impact.sample.length > 0 && (
            <Table.ScrollContainer minWidth={520}>
              <Table fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Incident</Table.Th>
                    <Table.Th>Now</Table.Th>
                    <Table.Th>After the change</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {pending.impact.sample.map((s) => (
                    <Table.Tr key={`${s.incidentId}-${s.organizationId}-${s.from}`}>
                      <Table.Td>
                        <Anchor component={Link} to={`/incidents/${s.incidentId}?tab=obligations`} size="sm" ff="monospace">
                          {s.incidentId.slice(0, 8)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{s.from}</Table.Td>
                      <Table.Td>{s.to}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {pending.impact.changed > pending.impact.sample.length && (
            <Text size="xs" c="dimmed">
              A sample of {pending.impact.sample.length} of {pending.impact.changed} is shown.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)}>
              Cancel
            </Button>
            <Button
              color="orange"
              loading={update.isPending}
              onClick={() => send(pending.rule, { ...pending.change, confirm: true }, pending.onDone)}
            >
              Change anyway
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );

  const failureAlert = failure ? (
    <Alert color="red" variant="light" role="alert" title="The rule was not changed" withCloseButton onClose={() => setFailure(null)}>
      <Text size="sm">{errorMessage(failure)}</Text>
      {isApiError(failure) && Array.isArray(failure.details) && (
        <Stack gap={2} mt="xs" component="ul" style={{ paddingLeft: 18, margin: 0 }}>
          {(failure.details as Array<{ path?: string; message?: string }>).map((d) => (
            <Text key={`${d.path}:${d.message}`} component="li" size="sm">
              {d.message ?? String(d)}
            </Text>
          ))}
        </Stack>
      )}
    </Alert>
  ) : null;

  return { send, sending: update.isPending, confirmation, failure, failureAlert, clearFailure: () => setFailure(null) };
}
