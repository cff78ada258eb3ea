/**
 * Why the register is being opened. Asked before the list is shown; every identity
 * revealed or exported afterwards is recorded in the audit log with this purpose.
 */
import { Alert, Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { REVEAL_PURPOSE_LABELS, REVEAL_PURPOSES } from '#shared/contracts/affected-persons';
import { formatDateTime, formatRelative } from '../../lib/format-time.ts';
import type { Purpose } from './affected-persons-api.ts';

function PurposeForm(props: { current: Purpose | null; expiresAt: string; onConfirm: (purpose: Purpose) => void; onClose: () => void }) {
  const [purpose, setPurpose] = useState<Purpose['purpose'] | null>(props.current?.purpose ?? null);
  const [text, setText] = useState(props.current?.purposeText ?? '');
  const needsText = purpose === 'other';
  const valid = !!purpose && (!needsText || text.trim().length > 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !purpose) return;
    props.onConfirm(needsText ? { purpose, purposeText: text.trim() } : { purpose });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Purpose">
      <Stack gap="md">
        <Text size="sm">
          Identities in this register are revealed only for a stated purpose. Each one you reveal or export is recorded in the audit log
          with the purpose you choose here.
        </Text>
        <Radio.Group label="Purpose" required value={purpose} onChange={(value) => setPurpose(value as Purpose['purpose'])}>
          <Stack gap="xs" mt="xs">
            {REVEAL_PURPOSES.map((p, i) => (
              <Radio key={p} value={p} label={REVEAL_PURPOSE_LABELS[p]} data-autofocus={i === 0 ? true : undefined} />
            ))}
          </Stack>
        </Radio.Group>
        {needsText && (
          <Textarea
            label="Say why"
            required
            autosize
            minRows={2}
            maxLength={500}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            description="This text is recorded with every identity you reveal."
            data-autofocus
          />
        )}
        <Alert variant="light" color="gray" icon={<IconClockHour4 size={18} />} p="xs" data-testid="grant-expiry">
          <Text size="sm">
            Your access to this register ends on {formatDateTime(props.expiresAt)} ({formatRelative(props.expiresAt)}).
          </Text>
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={!valid}>
            {props.current ? 'Change purpose' : 'Open the register'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PurposeModal(props: {
  opened: boolean;
  current: Purpose | null;
  expiresAt: string;
  onConfirm: (purpose: Purpose) => void;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.current ? 'Change your purpose' : 'Why are you opening the register?'}
    >
      {props.opened && <PurposeForm {...props} />}
    </Modal>
  );
}
