/**
 * The register's rows: masked until revealed. A masked row keeps the shape a revealed one
 * will have (a line for the name, one for the identifiers, one for notes when there are
 * notes), so revealing does not shift the table.
 */
import { ActionIcon, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { IconBellRinging, IconDots, IconEye, IconEyeCheck, IconLock } from '@tabler/icons-react';
import { AFFECTED_HOW_LABELS } from '#shared/contracts/affected-persons';
import { countryName } from '../incidents/country-name.ts';
import { type Identity, type MaskedPerson, useCategories } from './affected-persons-api.ts';
import { categoryLabel, formatDay, NOTIFICATION_CHANNEL_LABELS, NotificationBadge } from './register-labels.tsx';

const HIDDEN = '•••••• ••••••••';
const IDENTIFIER_LABELS = { phone: 'phone', email: 'e-mail', account: 'account' } as const;

function IdentityCell(props: { person: MaskedPerson; identity: Identity | undefined }) {
  const { person, identity } = props;
  if (person.erased)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        Identity erased after the retention period
      </Text>
    );
  const kinds = (['phone', 'email', 'account'] as const).filter((k) => person.has[k]);
  if (!identity)
    return (
      <Stack gap={2} data-testid="identity" data-masked="true">
        <Group gap={6} wrap="nowrap">
          <IconLock size={14} color="var(--mantine-color-gray-6)" aria-hidden />
          <Text size="sm" c="dimmed" ff="monospace" aria-label={person.has.name ? 'Name hidden' : 'No name'}>
            {person.has.name ? HIDDEN : '—'}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {kinds.length ? `${kinds.map((k) => IDENTIFIER_LABELS[k]).join(', ')} hidden` : 'No identifier'}
        </Text>
        {person.has.notes && (
          <Text size="xs" c="dimmed">
            Notes hidden
          </Text>
        )}
      </Stack>
    );
  const identifiers = [identity.phone, identity.email, identity.account].filter((v): v is string => !!v);
  return (
    <Stack gap={2} data-testid="identity" data-masked="false">
      <Text size="sm" fw={600} data-testid="identity-name">
        {identity.name ?? (
          <Text span c="dimmed" fs="italic" size="sm">
            No name
          </Text>
        )}
      </Text>
      <Text size="xs" style={{ wordBreak: 'break-all' }} data-testid="identity-identifiers">
        {identifiers.length ? identifiers.join(' · ') : '—'}
      </Text>
      {identity.notes && (
        <Text size="xs" c="dimmed" lineClamp={1} title={identity.notes}>
          {identity.notes}
        </Text>
      )}
    </Stack>
  );
}

export function RegisterTable(props: {
  items: MaskedPerson[];
  revealed: Map<string, Identity>;
  revealing: Set<string>;
  canWrite: boolean;
  onReveal: (person: MaskedPerson) => void;
  onNotify: (person: MaskedPerson) => void;
}) {
  const categories = useCategories();
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table data-testid="register-table" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={230}>Person</Table.Th>
            <Table.Th>Country</Table.Th>
            <Table.Th>Category</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Notification</Table.Th>
            <Table.Th w={140}>
              <span style={{ position: 'absolute', left: -9999 }}>Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((person) => {
            const identity = props.revealed.get(person.id);
            const canReveal = !person.erased && !identity;
            return (
              <Table.Tr key={person.id} data-testid="person-row" data-label={person.label} style={{ verticalAlign: 'top' }}>
                <Table.Td>
                  <Text size="xs" fw={700} ff="monospace" c="navy.8" mb={2}>
                    {person.label}
                  </Text>
                  <IdentityCell person={person} identity={identity} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{countryName(person.country)}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {person.country}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{categoryLabel(person.category, categories.data)}</Text>
                  <Text size="xs" c="dimmed">
                    {AFFECTED_HOW_LABELS[person.affectedHow]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {person.source ? (
                    <>
                      <Text size="sm">{person.source.organizationName}</Text>
                      <Text size="xs" c="dimmed" ff={person.source.reference ? 'monospace' : undefined}>
                        {person.source.reference ?? 'No reference'}
                      </Text>
                    </>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <NotificationBadge status={person.notificationStatus} />
                  {(person.notifiedOn || person.notifiedChannel) && (
                    <Text size="xs" c="dimmed" mt={4} style={{ whiteSpace: 'nowrap' }}>
                      {[
                        person.notifiedOn ? formatDay(person.notifiedOn) : null,
                        person.notifiedChannel ? NOTIFICATION_CHANNEL_LABELS[person.notifiedChannel] : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {person.erased ? null : identity ? (
                      <Group w={96} gap={4} justify="center" wrap="nowrap" title="Shown until you leave this tab">
                        <IconEyeCheck size={14} color="var(--mantine-color-teal-7)" aria-hidden />
                        <Text size="sm" c="teal.8">
                          Shown
                        </Text>
                      </Group>
                    ) : (
                      <Button
                        size="compact-sm"
                        variant="light"
                        w={96}
                        leftSection={<IconEye size={14} />}
                        loading={props.revealing.has(person.id)}
                        disabled={!canReveal}
                        onClick={() => props.onReveal(person)}
                        aria-label={`Reveal ${person.label}`}
                      >
                        Reveal
                      </Button>
                    )}
                    {props.canWrite && (
                      <Menu position="bottom-end" shadow="md">
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${person.label}`}>
                            <IconDots size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconBellRinging size={16} />} onClick={() => props.onNotify(person)}>
                            Record notification…
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
