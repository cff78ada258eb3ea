/** The foot of a cursor-paged list: how many are shown and a button for the next page. */
import { Button, Group, Text } from '@mantine/core';

export function LoadMore(props: { shown: number; noun: string; hasMore: boolean; loading: boolean; onLoad: () => void }) {
  const noun = props.shown === 1 ? props.noun.replace(/ies$/, 'y').replace(/s$/, '') : props.noun;
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed">
        {props.hasMore ? `${props.shown} ${noun} shown, more to load` : `${props.shown} ${noun}`}
      </Text>
      {props.hasMore && (
        <Button variant="default" size="xs" loading={props.loading} onClick={props.onLoad}>
          Load more
        </Button>
      )}
    </Group>
  );
}
