/** A horizontal bar per country: plain HTML and CSS, so the figures stay readable text for everyone. */
import { Box, Group, Text } from '@mantine/core';
import { countryName } from './country-name.ts';

const number = new Intl.NumberFormat();

export function AffectedBarChart(props: { rows: { country: string; count: number; approximate: boolean }[] }) {
  const rows = [...props.rows].sort((a, b) => b.count - a.count);
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <Box component="ul" aria-label="Affected people by country" m={0} p={0} style={{ listStyle: 'none' }} data-testid="affected-chart">
      {rows.map((row) => (
        <Box component="li" key={row.country} mb={8}>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" w={140} truncate="end" title={countryName(row.country)}>
              {countryName(row.country)}
            </Text>
            <Box style={{ flex: 1, background: 'var(--mantine-color-gray-1)', borderRadius: 3, height: 14 }} aria-hidden>
              <Box
                style={{
                  width: `${Math.max(1, (row.count / max) * 100)}%`,
                  height: '100%',
                  borderRadius: 3,
                  background: row.country === 'ZZ' ? 'var(--mantine-color-navy-4)' : 'var(--mantine-color-navy-7)',
                }}
              />
            </Box>
            <Text size="sm" fw={600} w={90} ta="right">
              {row.approximate ? '≈ ' : ''}
              {number.format(row.count)}
            </Text>
          </Group>
        </Box>
      ))}
    </Box>
  );
}
