/** Picks an IANA time zone; the list comes from the browser, the viewer's own zone first. */
import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { allTimeZones, localZone, zoneOffsetName } from './zoned-time.ts';

export function TimeZoneSelect(props: {
  label?: string;
  value: string;
  onChange: (zone: string) => void;
  w?: number | string;
  ariaLabel?: string;
}) {
  const data = useMemo(() => {
    const own = localZone();
    const zones = [own, ...allTimeZones().filter((z) => z !== own)];
    return zones.map((zone) => ({ value: zone, label: `${zone} (${zoneOffsetName(zone)})` }));
  }, []);
  return (
    <Select
      label={props.label}
      aria-label={props.ariaLabel ?? props.label ?? 'Time zone'}
      data={data}
      value={props.value}
      onChange={(zone) => zone && props.onChange(zone)}
      searchable
      allowDeselect={false}
      limit={60}
      nothingFoundMessage="No zone by that name"
      w={props.w ?? 250}
      comboboxProps={{ width: 300, position: 'bottom-start' }}
    />
  );
}
