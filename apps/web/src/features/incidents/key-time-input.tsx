/** A key time: the clock reading where it happened and the zone of that clock. */
import { Group, Input, Text, TextInput } from '@mantine/core';
import type { KeyTimeDraft } from './incident-draft.ts';
import { TimeZoneSelect } from './time-zone-select.tsx';
import { formatInZone, localZone, zonedToIso } from './zoned-time.ts';

export function KeyTimeInput(props: { label: string; value: KeyTimeDraft; onChange: (next: KeyTimeDraft) => void; error?: string }) {
  const { value } = props;
  const iso = value.local ? zonedToIso(value.local, value.zone) : null;
  const viewer = localZone();
  return (
    <Input.Wrapper label={props.label} error={props.error}>
      <Group gap="xs" align="center" wrap="wrap">
        <TextInput
          type="datetime-local"
          aria-label={`${props.label}: date and time`}
          value={value.local}
          onChange={(e) => props.onChange({ ...value, local: e.currentTarget.value })}
          w={210}
          error={!!props.error}
        />
        <TimeZoneSelect
          ariaLabel={`${props.label}: time zone`}
          value={value.zone}
          onChange={(zone) => props.onChange({ ...value, zone })}
          w={300}
        />
        {iso && value.zone !== viewer && (
          <Text size="xs" c="dimmed">
            That is {formatInZone(iso, viewer)} for you.
          </Text>
        )}
      </Group>
    </Input.Wrapper>
  );
}
