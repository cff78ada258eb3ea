/**
 * Sets the date from which the register's identities are erased, and puts the register
 * on legal hold (with the reason) or lifts it. The settings are changed under their
 * version, so a change someone else made meanwhile is shown instead of overwritten.
 */
import { Alert, Button, Group, Modal, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import type { UpdateRegisterSettingsBody } from '#shared/contracts/affected-persons';
import { isApiError } from '../../api/api-error.ts';
import { SaveErrorAlert } from '../incidents/version-conflict-alert.tsx';
import { todayIso } from '../incidents/zoned-time.ts';
import { type RegisterSettings, useUpdateRegisterSettings } from './affected-persons-api.ts';
import { addDays, ERASURE_EXPLAINED } from './register-labels.tsx';

/** Refusals shown at their field rather than above the form. */
const FIELD_CODES = ['register.invalid_retention', 'register.legal_hold_reason_required'];

function RetentionForm(props: { incidentId: string; settings: RegisterSettings; onClose: () => void; onReload: () => void }) {
  const { settings } = props;
  const [day, setDay] = useState(settings.retainUntil ?? '');
  const [hold, setHold] = useState(settings.legalHold);
  const [reason, setReason] = useState(settings.legalHoldReason ?? '');
  const update = useUpdateRegisterSettings(props.incidentId);
  const today = todayIso();

  const dayChanged = (day || null) !== settings.retainUntil;
  const changed = dayChanged || hold !== settings.legalHold || (hold && reason.trim() !== (settings.legalHoldReason ?? ''));
  // A date already set may have passed (while the register was held); only a new one must lie ahead.
  const tooEarly = dayChanged && !!day && day <= today;
  const valid = changed && !tooEarly && (!hold || reason.trim().length > 0);
  const dateError = tooEarly
    ? 'Choose a date after today.'
    : isApiError(update.error, 'register.invalid_retention')
      ? update.error.message
      : undefined;
  const reasonError = isApiError(update.error, 'register.legal_hold_reason_required') ? update.error.message : undefined;
  const atField = isApiError(update.error) && FIELD_CODES.includes(update.error.code);
  const general = update.isError && !atField ? update.error : null;
  // Lifting the hold from a register whose date has passed lets the next daily run erase it.
  const dueOnLift = settings.legalHold && !hold && !!(day || null) && day <= today;

  // A refusal at a field goes once the form is changed; a conflict stays until reloaded.
  const edit =
    <T,>(setter: (value: T) => void) =>
    (value: T) => {
      if (atField) update.reset();
      setter(value);
    };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    const body: UpdateRegisterSettingsBody = {
      version: settings.version,
      legalHold: hold,
      legalHoldReason: hold ? reason.trim() : null,
      ...(dayChanged ? { retainUntil: day || null } : {}),
    };
    update.mutate(body, {
      onSuccess: (saved) => {
        notifications.show({
          color: 'teal',
          message: saved.legalHold
            ? 'The register is on legal hold: nothing is erased until the hold is lifted.'
            : saved.retainUntil
              ? 'The retention date is saved.'
              : 'The identities are kept until someone sets a date.',
        });
        props.onClose();
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Retention and legal hold">
      <Stack gap="md">
        {general && <SaveErrorAlert error={general} onReload={props.onReload} what="The retention" />}
        <Text size="sm" c="dimmed">
          {ERASURE_EXPLAINED}
        </Text>
        <TextInput
          label="Erase identities from"
          description="A date after today. Leave it empty to keep the identities until someone sets one."
          type="date"
          min={addDays(today, 1)}
          value={day}
          onChange={(e) => edit(setDay)(e.currentTarget.value)}
          error={dateError}
          data-autofocus
        />
        <Switch
          label="Legal hold"
          description="Suspends erasure, for as long as a case, an order or a request needs the records kept."
          checked={hold}
          onChange={(e) => edit(setHold)(e.currentTarget.checked)}
        />
        {hold && (
          <Textarea
            label="Why the register is held"
            description="The case, the order or the request; recorded with the hold."
            required
            autosize
            minRows={2}
            maxLength={2000}
            value={reason}
            onChange={(e) => edit(setReason)(e.currentTarget.value)}
            error={reasonError}
          />
        )}
        {dueOnLift && (
          <Alert color="orange" variant="light" role="status">
            The date has passed: once the hold is lifted, the identities are erased at the next daily run.
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!valid}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RetentionModal(props: {
  incidentId: string;
  settings: RegisterSettings;
  opened: boolean;
  onClose: () => void;
  onReload: () => void;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Retention and legal hold">
      {/* A reload after a conflict brings a new version: the form starts again from it. */}
      {props.opened && <RetentionForm key={props.settings.version} {...props} />}
    </Modal>
  );
}
