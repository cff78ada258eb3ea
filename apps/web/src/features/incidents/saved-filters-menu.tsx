/** Saved filters: apply one, save the current filter under a name, delete one. */
import { ActionIcon, Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmark, IconBookmarkPlus, IconChevronDown, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../../api/api-error.ts';
import { errorMessage } from '../../api/error-message.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import type { IncidentFilter } from './incidents-api.ts';
import { type SavedFilter, useDeleteSavedFilter, useSavedFilters, useSaveFilter } from './saved-filters-api.ts';

export function SavedFiltersMenu(props: { current: IncidentFilter; canSave: boolean; onApply: (filter: IncidentFilter) => void }) {
  const saved = useSavedFilters();
  const save = useSaveFilter();
  const remove = useDeleteSavedFilter();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<SavedFilter | null>(null);

  // A server without saved filters answers 404 for the route: the feature simply is not offered.
  if (saved.isError && isApiError(saved.error) && saved.error.status === 404) return null;
  const items = saved.data ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    save.mutate(
      { name: name.trim(), filter: props.current },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Filter “${name.trim()}” saved.` });
          setNaming(false);
          setName('');
        },
      },
    );
  };

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={280}>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />} rightSection={<IconChevronDown size={14} />}>
            Saved filters
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {saved.isPending && <Menu.Label>Loading…</Menu.Label>}
          {saved.isError && <Menu.Label>{errorMessage(saved.error)}</Menu.Label>}
          {saved.isSuccess && items.length === 0 && <Menu.Label>No saved filters yet</Menu.Label>}
          {items.map((item) => (
            <Menu.Item
              key={item.id}
              onClick={() => props.onApply(item.filter)}
              rightSection={
                <ActionIcon
                  component="span"
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={`Delete saved filter ${item.name}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    setDeleting(item);
                  }}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              }
            >
              {item.name}
            </Menu.Item>
          ))}
          {props.canSave && (
            <>
              <Menu.Divider />
              <Menu.Item leftSection={<IconBookmarkPlus size={16} />} onClick={() => setNaming(true)}>
                Save current filter…
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save this filter">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {save.isError && (
              <Alert color="red" variant="light" role="alert">
                {errorMessage(save.error)}
              </Alert>
            )}
            <TextInput label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
            <Text size="xs" c="dimmed">
              Only you see your saved filters.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                Save filter
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmDialog
        opened={!!deleting}
        title="Delete this saved filter?"
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => setDeleting(null),
            onError: (error) => {
              notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) });
              setDeleting(null);
            },
          })
        }
      >
        “{deleting?.name}” will no longer be offered. Incidents are not affected.
      </ConfirmDialog>
    </>
  );
}
