/** Incidents linked to this one, and linking another. */
import { Alert, Anchor, Button, Card, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconLink } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/error-message.ts';
import { type Incident, useIncidentSearch, useLinkIncident } from './incidents-api.ts';

function LinkForm(props: { incident: Incident; onClose: () => void }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [otherId, setOtherId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const found = useIncidentSearch(q);
  const link = useLinkIncident(props.incident.id);
  const options = (found.data ?? [])
    .filter((i) => i.id !== props.incident.id && !props.incident.links.some((l) => l.id === i.id))
    .map((i) => ({ value: i.id, label: `${i.reference} — ${i.title}` }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!otherId) return;
    link.mutate(
      { otherIncidentId: otherId, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Incidents linked.' });
          props.onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {link.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(link.error)}
          </Alert>
        )}
        <Select
          label="Incident"
          required
          placeholder="Search by reference or words"
          searchable
          data={options}
          value={otherId}
          onChange={setOtherId}
          onSearchChange={setSearch}
          filter={({ options: all }) => all}
          nothingFoundMessage={q ? (found.isPending ? 'Searching…' : 'No incident matches') : 'Type to search'}
          data-autofocus
        />
        <TextInput
          label="Note"
          description="How they relate, e.g. same malware."
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={link.isPending} disabled={!otherId}>
            Link incident
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RelatedIncidentsCard(props: { incident: Incident }) {
  const { incident } = props;
  const [linking, setLinking] = useState(false);
  return (
    <Card padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Related incidents</Title>
        {incident.abilities.update && (
          <Button size="xs" variant="light" leftSection={<IconLink size={14} />} onClick={() => setLinking(true)}>
            Link an incident
          </Button>
        )}
      </Group>
      {incident.links.length === 0 ? (
        <Text size="sm" c="dimmed">
          None linked.
        </Text>
      ) : (
        <Stack gap="xs">
          {incident.links.map((l) => (
            <Group key={l.id} gap="sm" wrap="nowrap" align="baseline">
              <Anchor component={Link} to={`/incidents/${l.id}`} size="sm" ff="monospace" fw={600}>
                {l.reference}
              </Anchor>
              <div>
                <Text size="sm">{l.title}</Text>
                {l.note && (
                  <Text size="xs" c="dimmed">
                    {l.note}
                  </Text>
                )}
              </div>
            </Group>
          ))}
        </Stack>
      )}
      <Modal opened={linking} onClose={() => setLinking(false)} title="Link a related incident">
        {linking && <LinkForm incident={incident} onClose={() => setLinking(false)} />}
      </Modal>
    </Card>
  );
}
