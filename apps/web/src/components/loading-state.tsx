/** Placeholder rows while a table or card loads, so the page does not jump. */
import { Skeleton, Stack } from '@mantine/core';

export function LoadingState(props: { rows?: number; label?: string }) {
  const rows = props.rows ?? 4;
  return (
    <Stack gap="sm" aria-busy="true" aria-label={props.label ?? 'Loading'}>
      {Array.from({ length: rows }, (_, i) => `row-${i}`).map((key, i) => (
        <Skeleton key={key} height={i === 0 ? 28 : 20} width={i === 0 ? '40%' : `${90 - i * 7}%`} />
      ))}
    </Stack>
  );
}
