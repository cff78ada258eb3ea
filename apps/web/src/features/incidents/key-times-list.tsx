/** Key times in the viewer's zone, each also as recorded, in the zone where it was read. */
import { Stack, Text } from '@mantine/core';
import { KEY_TIME_LABELS, KEY_TIME_NAMES } from './incident-labels.ts';
import type { Incident } from './incidents-api.ts';
import { formatInZone, localZone } from './zoned-time.ts';

export function KeyTimesList(props: { keyTimes: Incident['keyTimes'] }) {
  const viewer = localZone();
  const known = KEY_TIME_NAMES.filter((n) => props.keyTimes[n]);
  if (known.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No key times recorded yet.
      </Text>
    );
  return (
    <Stack gap="sm" data-testid="key-times">
      {known.map((name) => {
        const time = props.keyTimes[name];
        if (!time) return null;
        return (
          <div key={name}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
              {KEY_TIME_LABELS[name]}
            </Text>
            <Text size="sm" fw={500}>
              {formatInZone(time.at, viewer)}
            </Text>
            {time.timeZone !== viewer && (
              <Text size="xs" c="dimmed">
                Recorded as {formatInZone(time.at, time.timeZone)}
              </Text>
            )}
          </div>
        );
      })}
    </Stack>
  );
}
