/** Disagreeing accounts of the same event, the two entries side by side with the note between them. */
import { Badge, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowsDiff } from '@tabler/icons-react';
import { EntryBody } from './entry-body.tsx';
import type { TimelineEntry } from './timeline-api.ts';

interface Pair {
  id: string;
  note: string;
  a: TimelineEntry;
  b: TimelineEntry | null;
}

/** Each conflict appears on both of its entries; it is listed once, earlier entry on the left. */
export function conflictPairs(entries: TimelineEntry[]): Pair[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const seen = new Set<string>();
  const pairs: Pair[] = [];
  for (const entry of entries)
    for (const conflict of entry.conflicts) {
      if (seen.has(conflict.id)) continue;
      seen.add(conflict.id);
      pairs.push({ id: conflict.id, note: conflict.note, a: entry, b: byId.get(conflict.otherEntryId) ?? null });
    }
  return pairs;
}

export function ConflictPairs(props: { entries: TimelineEntry[] }) {
  const pairs = conflictPairs(props.entries);
  if (pairs.length === 0) return null;
  return (
    <Card padding="lg" mb="lg" style={{ borderColor: 'var(--mantine-color-red-3)' }}>
      <Group gap="xs" mb="md">
        <IconArrowsDiff size={20} color="var(--mantine-color-red-7)" />
        <Title order={4}>Conflicting accounts</Title>
        <Badge color="red" variant="light">
          {pairs.length}
        </Badge>
      </Group>
      <Stack gap="lg">
        {pairs.map((pair) => (
          <div key={pair.id} data-testid="conflict-pair">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Paper withBorder p="sm" data-testid="conflict-side">
                <EntryBody entry={pair.a} />
              </Paper>
              <Paper withBorder p="sm" data-testid="conflict-side">
                {pair.b ? (
                  <EntryBody entry={pair.b} />
                ) : (
                  <Text size="sm" c="dimmed">
                    The other entry is outside the current filter.
                  </Text>
                )}
              </Paper>
            </SimpleGrid>
            <Text size="sm" mt="xs" data-testid="conflict-note">
              <Text span fw={600} c="red.8">
                How they disagree:
              </Text>{' '}
              {pair.note}
            </Text>
          </div>
        ))}
      </Stack>
    </Card>
  );
}
