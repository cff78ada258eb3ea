/**
 * Adds one person to the register. The identity (name, identifiers, notes) is sealed by
 * the server and shown again only through a reveal; the server checks phone numbers
 * (E.164) and looks the identifiers up for duplicates, and its refusals are shown at the
 * field they concern.
 */
import { Alert, Button, Divider, Group, Modal, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo, useState } from 'react';
import type { AddAffectedPersonBody } from '#shared/contracts/affected-persons';
import { isApiError } from '../../api/api-error.ts';
import { errorMessage } from '../../api/error-message.ts';
import { countryOptions } from '../incidents/country-name.ts';
import { useParticipants } from '../incidents/participants-api.ts';
import { useAddPerson, useCategories } from './affected-persons-api.ts';
import { AFFECTED_HOW_OPTIONS, type AffectedHow, categoryOptions } from './register-labels.tsx';

interface Values {
  name: string;
  phone: string;
  email: string;
  account: string;
  notes: string;
  country: string | null;
  category: string | null;
  affectedHow: AffectedHow | null;
  sourceOrganizationId: string | null;
  sourceReference: string;
}
type Field = keyof Values;

const EMPTY: Values = {
  name: '',
  phone: '',
  email: '',
  account: '',
  notes: '',
  country: null,
  category: null,
  affectedHow: null,
  sourceOrganizationId: null,
  sourceReference: '',
};

/** The field a refusal is about: by its code, or by the path a schema failure names. */
const FIELD_BY_CODE: Record<string, Field> = {
  'register.invalid_phone': 'phone',
  'register.invalid_email': 'email',
  'register.invalid_account': 'account',
  'register.identity_required': 'name',
  'register.unknown_country': 'country',
  'register.unknown_category': 'category',
  'register.source_not_participant': 'sourceOrganizationId',
};
const IDENTIFIERS = ['phone', 'email', 'account'] as const;

function fieldOf(error: unknown): Field | null {
  if (!isApiError(error)) return null;
  if (FIELD_BY_CODE[error.code]) return FIELD_BY_CODE[error.code];
  if (error.code === 'request.invalid' && Array.isArray(error.details)) {
    const path = String((error.details[0] as { path?: string } | undefined)?.path ?? '').replace(/^\//, '');
    if (path in EMPTY) return path as Field;
  }
  return null;
}

function AddPersonForm(props: { incidentId: string; onClose: () => void }) {
  const countries = useMemo(() => countryOptions().filter((c) => c.value !== 'ZZ'), []);
  const categories = useCategories();
  const participants = useParticipants(props.incidentId);
  const [values, setValues] = useState<Values>(EMPTY);
  const [sent, setSent] = useState<Values | null>(null);
  const add = useAddPerson(props.incidentId);
  const set =
    <K extends Field>(field: K) =>
    (value: Values[K]) =>
      setValues((v) => ({ ...v, [field]: value }));
  const text = (field: Field) => (e: { currentTarget: { value: string } }) => set(field)(e.currentTarget.value as never);

  const hasIdentity = !!(values.name.trim() || values.phone.trim() || values.email.trim() || values.account.trim());
  const valid = hasIdentity && !!values.country && !!values.category && !!values.affectedHow;

  // A refusal stays at its field until that field is changed.
  const errorField = add.isError ? fieldOf(add.error) : null;
  const unchanged = (field: Field) => sent !== null && sent[field] === values[field];
  const errorAt = (field: Field) => (errorField === field && unchanged(field) ? errorMessage(add.error) : undefined);
  const duplicate = isApiError(add.error, 'register.duplicate') && IDENTIFIERS.some(unchanged) ? add.error : null;
  const general = add.isError && !errorField && !duplicate && !isApiError(add.error, 'register.duplicate') ? add.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !values.country || !values.category || !values.affectedHow) return;
    const optional = (value: string) => value.trim() || undefined;
    const body: AddAffectedPersonBody = {
      name: optional(values.name),
      phone: optional(values.phone),
      email: optional(values.email),
      account: optional(values.account),
      notes: optional(values.notes),
      country: values.country,
      category: values.category,
      affectedHow: values.affectedHow,
      sourceOrganizationId: values.sourceOrganizationId ?? undefined,
      sourceReference: optional(values.sourceReference),
    };
    for (const key of Object.keys(body) as Array<keyof AddAffectedPersonBody>) if (body[key] === undefined) delete body[key];
    setSent(values);
    add.mutate(body, {
      onSuccess: (person) => {
        notifications.show({ color: 'teal', message: `${person.label} added to the register.` });
        props.onClose();
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Add a person">
      <Stack gap="md">
        {general && (
          <Alert color="red" variant="light" role="alert" title="The person was not added">
            {errorMessage(general)}
          </Alert>
        )}
        <div>
          <Text size="sm" fw={600}>
            Identity
          </Text>
          <Text size="xs" c="dimmed">
            Sealed in the register and shown only when revealed for a purpose. Give at least one of these.
          </Text>
        </div>
        <TextInput
          label="Name"
          maxLength={300}
          value={values.name}
          onChange={text('name')}
          error={errorAt('name')}
          autoComplete="off"
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Phone number"
            type="tel"
            description="E.164: a + then the country code and number, e.g. +919812345678"
            maxLength={40}
            value={values.phone}
            onChange={text('phone')}
            error={errorAt('phone') ?? (duplicate && values.phone.trim() ? true : undefined)}
            autoComplete="off"
          />
          <TextInput
            label="E-mail address"
            type="email"
            description="As the person uses it; compared without regard to case."
            maxLength={254}
            value={values.email}
            onChange={text('email')}
            error={errorAt('email') ?? (duplicate && values.email.trim() ? true : undefined)}
            autoComplete="off"
          />
        </SimpleGrid>
        <TextInput
          label="Account id"
          description="The person's account on the platform, as the platform names it."
          maxLength={200}
          value={values.account}
          onChange={text('account')}
          error={errorAt('account') ?? (duplicate && values.account.trim() ? true : undefined)}
          autoComplete="off"
        />
        {duplicate && (
          <Alert color="orange" variant="light" role="alert" title="Already in the register" data-testid="duplicate-alert">
            {duplicate.message} Open that entry instead of adding the person twice.
          </Alert>
        )}
        <Textarea label="Notes" autosize minRows={2} maxRows={6} maxLength={5000} value={values.notes} onChange={text('notes')} />
        <Divider />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Country"
            required
            searchable
            placeholder="Choose a country"
            data={countries}
            value={values.country}
            onChange={set('country')}
            error={errorAt('country')}
          />
          <Select
            label="Category"
            required
            placeholder={categories.isPending ? 'Loading categories…' : 'Choose a category'}
            data={categoryOptions(categories.data)}
            value={values.category}
            onChange={set('category')}
            error={
              errorAt('category') ??
              (categories.isError ? `The categories could not be loaded: ${errorMessage(categories.error)}` : undefined)
            }
          />
        </SimpleGrid>
        <Radio.Group
          label="How affected"
          required
          value={values.affectedHow}
          onChange={(v) => set('affectedHow')(v as AffectedHow)}
          error={errorAt('affectedHow')}
        >
          <Group gap="lg" mt="xs">
            {AFFECTED_HOW_OPTIONS.map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} />
            ))}
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Source organization"
            description="The participant that reported the person."
            placeholder="None"
            clearable
            data={(participants.data ?? []).map((p) => ({ value: p.organization.id, label: p.organization.name }))}
            value={values.sourceOrganizationId}
            onChange={set('sourceOrganizationId')}
            nothingFoundMessage={participants.isPending ? 'Loading…' : 'No organization takes part yet'}
            error={errorAt('sourceOrganizationId')}
          />
          <TextInput
            label="Their reference"
            description="The organization's own reference for the person."
            maxLength={200}
            value={values.sourceReference}
            onChange={text('sourceReference')}
            error={errorAt('sourceReference')}
          />
        </SimpleGrid>
        <Group justify="space-between" align="center">
          <Text size="xs" c="dimmed">
            {hasIdentity ? ' ' : 'Give a name, a phone number, an e-mail address or an account id.'}
          </Text>
          <Group>
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending} disabled={!valid}>
              Add person
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

export function AddPersonModal(props: { incidentId: string; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Add a person to the register" size="lg">
      {props.opened && <AddPersonForm {...props} />}
    </Modal>
  );
}
