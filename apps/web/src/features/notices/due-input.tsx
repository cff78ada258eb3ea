/**
 * The deadline of a notice: a fixed date and time in a named zone, or computed at issue
 * from the legal basis' default (or an amount and unit the notice sets itself). The due
 * time it would get if issued now is asked of the server as the fields change, so it is
 * the same arithmetic the issue uses.
 */
import { Alert, Group, Loader, NumberInput, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { DUE_UNITS, type DueUnit } from '#shared/contracts/notices';
import { errorMessage } from '../../api/error-message.ts';
import { TimeZoneSelect } from '../incidents/time-zone-select.tsx';
import { formatInZone, localZone, zonedToIso } from '../incidents/zoned-time.ts';
import type { DraftErrors, NoticeDraft } from './notice-draft.ts';
import { DUE_UNIT_LABELS } from './notice-labels.tsx';
import type { DuePreview, HolidayCalendar, LegalBasis } from './notices-api.ts';

export interface DuePreviewState {
  data: DuePreview | undefined;
  error: unknown;
  loading: boolean;
  /** The settings are not complete enough to ask. */
  idle: boolean;
}

export function basisDeadline(basis: LegalBasis | undefined): string {
  if (!basis) return '';
  if (basis.dueAmount === null || basis.dueUnit === null) return 'No default deadline: the notice sets it.';
  const unit = DUE_UNIT_LABELS[basis.dueUnit];
  return `Default deadline: ${basis.dueAmount} ${basis.dueAmount === 1 ? unit.replace(/s$/, '') : unit} from issue${
    basis.dueUnit === 'business_days' && basis.calendar ? ` on the ${basis.calendar.code} calendar` : ''
  }.`;
}

export function DueInput(props: {
  draft: NoticeDraft;
  set: (patch: Partial<NoticeDraft>) => void;
  errors: DraftErrors;
  basis: LegalBasis | undefined;
  calendars: HolidayCalendar[];
  preview: DuePreviewState;
}) {
  const { draft, set, errors, basis, preview } = props;
  const basisHasDeadline = !!basis && basis.dueAmount !== null && basis.dueUnit !== null;
  const iso = draft.dueMode === 'fixed' && draft.dueLocal ? zonedToIso(draft.dueLocal, draft.zone) : null;
  const viewer = localZone();

  return (
    <Stack gap="sm" data-testid="due-input">
      <SegmentedControl
        aria-label="How the due time is set"
        value={draft.dueMode}
        onChange={(mode) => set({ dueMode: mode as NoticeDraft['dueMode'] })}
        data={[
          { value: 'from_basis', label: 'Computed at issue' },
          { value: 'fixed', label: 'Fixed date and time' },
        ]}
        w="fit-content"
      />
      {draft.dueMode === 'fixed' ? (
        <Group gap="xs" align="flex-start" wrap="wrap">
          <TextInput
            type="datetime-local"
            label="Due date and time"
            value={draft.dueLocal}
            onChange={(e) => set({ dueLocal: e.currentTarget.value })}
            error={errors.dueLocal}
            w={220}
          />
          <TimeZoneSelect label="Time zone" value={draft.zone} onChange={(zone) => set({ zone })} w={300} />
        </Group>
      ) : (
        <Stack gap="xs">
          <Text size="sm" c={basisHasDeadline || draft.ownDeadline ? undefined : 'dimmed'}>
            {basis ? basisDeadline(basis) : 'Choose a legal basis to use its default deadline, or set the notice’s own.'}
          </Text>
          <Switch
            label="Set this notice’s own deadline"
            checked={draft.ownDeadline}
            onChange={(e) => set({ ownDeadline: e.currentTarget.checked, calendarId: draft.calendarId ?? basis?.calendar?.id ?? null })}
          />
          {draft.ownDeadline && (
            <Group gap="xs" align="flex-start" wrap="wrap">
              <NumberInput
                label="Amount"
                min={1}
                max={10_000}
                allowDecimal={false}
                allowNegative={false}
                value={draft.dueAmount}
                onChange={(v) => set({ dueAmount: v === '' ? '' : String(v) })}
                error={errors.dueAmount}
                w={110}
              />
              <Select
                label="Unit"
                data={DUE_UNITS.map((u) => ({ value: u, label: DUE_UNIT_LABELS[u] }))}
                value={draft.dueUnit}
                onChange={(v) => v && set({ dueUnit: v as DueUnit })}
                allowDeselect={false}
                w={170}
              />
              {draft.dueUnit === 'business_days' && (
                <Select
                  label="Holiday calendar"
                  data={props.calendars.map((c) => ({ value: c.id, label: `${c.code}: ${c.name}` }))}
                  value={draft.calendarId}
                  onChange={(v) => set({ calendarId: v, zone: props.calendars.find((c) => c.id === v)?.timeZone ?? draft.zone })}
                  error={errors.calendarId}
                  w={320}
                  comboboxProps={{ width: 420 }}
                />
              )}
            </Group>
          )}
          <TimeZoneSelect label="Time zone of the due time" value={draft.zone} onChange={(zone) => set({ zone })} w={300} />
        </Stack>
      )}
      <DueResult preview={preview} fixedIso={iso} viewer={viewer} zone={draft.zone} mode={draft.dueMode} />
    </Stack>
  );
}

function DueResult(props: {
  preview: DuePreviewState;
  fixedIso: string | null;
  viewer: string;
  zone: string;
  mode: NoticeDraft['dueMode'];
}) {
  const { preview } = props;
  if (preview.idle) return null;
  if (preview.error && !preview.loading)
    return (
      <Alert color="orange" variant="light" p="sm" role="status" data-testid="due-preview-error">
        {errorMessage(preview.error)}
      </Alert>
    );
  if (!preview.data)
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          Working out the due time…
        </Text>
      </Group>
    );
  const d = preview.data;
  return (
    <Alert color="navy" variant="light" p="sm" icon={<IconClockHour4 size={18} />} role="status" data-testid="due-preview">
      <Text size="sm" fw={600}>
        {props.mode === 'fixed' ? 'Due' : 'If issued now, due'} {d.dueLocal}
        {preview.loading && <Loader size={10} ml={6} />}
      </Text>
      {d.timeZone !== props.viewer && (
        <Text size="xs" c="dimmed">
          That is {formatInZone(d.dueAt, props.viewer)} for you.
        </Text>
      )}
      {props.mode === 'from_basis' && (
        <Text size="xs" c="dimmed">
          {d.explanation}
        </Text>
      )}
    </Alert>
  );
}
