/** The product mark: a folder-and-lines glyph beside the name. */
import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconFileCertificate } from '@tabler/icons-react';

export function BrandMark(props: { size?: 'sm' | 'lg' }) {
  const large = props.size === 'lg';
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={large ? 40 : 30} radius="sm" color="navy.9" variant="filled">
        <IconFileCertificate size={large ? 24 : 18} stroke={1.8} />
      </ThemeIcon>
      <Text fw={700} fz={large ? 26 : 19} c="navy.9" lts={-0.3}>
        Casebook
      </Text>
    </Group>
  );
}
