/** Files attached to an answer: name, type, size and SHA-256, each downloadable (downloads are audited). */
import { ActionIcon, Anchor, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconPaperclip, IconTrash } from '@tabler/icons-react';
import { type Attachment, attachmentUrl } from './notices-api.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentList(props: { attachments: Attachment[]; onRemove?: (a: Attachment) => void; removing?: string | null }) {
  if (props.attachments.length === 0) return null;
  return (
    <Stack gap={4} data-testid="attachments">
      {props.attachments.map((a) => (
        <Group key={a.id} gap={6} wrap="nowrap" align="flex-start">
          <IconPaperclip size={15} style={{ marginTop: 3, flexShrink: 0 }} aria-hidden />
          <div style={{ minWidth: 0, flex: 1 }}>
            <Anchor href={attachmentUrl(a.id)} download={a.filename} size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              {a.filename}
            </Anchor>
            <Text size="xs" c="dimmed">
              {formatBytes(a.size)} · {a.contentType}
            </Text>
            <Text c="dimmed" className="mono" fz={10} lh={1.3}>
              SHA-256 {a.sha256}
            </Text>
          </div>
          {props.onRemove && (
            <Tooltip label="Remove" withArrow>
              <ActionIcon
                variant="subtle"
                color="red"
                size="sm"
                loading={props.removing === a.id}
                onClick={() => props.onRemove?.(a)}
                aria-label={`Remove ${a.filename}`}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ))}
    </Stack>
  );
}
