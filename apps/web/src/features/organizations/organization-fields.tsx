/** The fields an organization is registered and edited with; `children` come after the short name (the kind, on creation). */
import { MultiSelect, TagsInput, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { LEGAL_ROLE_LABELS, LEGAL_ROLES } from '#shared/organizations';
import { normalizeRegulatedIn, type OrganizationForm, validateOrganizationForm } from './organization-form.ts';

const ROLE_DATA = LEGAL_ROLES.map((role) => ({ value: role, label: LEGAL_ROLE_LABELS[role] }));

export function OrganizationFields(props: { form: OrganizationForm; onChange: (form: OrganizationForm) => void; children?: ReactNode }) {
  const { form } = props;
  const set = (patch: Partial<OrganizationForm>) => props.onChange({ ...form, ...patch });
  const errors = validateOrganizationForm(form);
  return (
    <>
      <TextInput
        label="Name"
        required
        maxLength={200}
        value={form.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
        data-autofocus
      />
      <TextInput
        label="Short name"
        description="An abbreviation used in lists, if it has one."
        maxLength={40}
        value={form.shortName}
        onChange={(e) => set({ shortName: e.currentTarget.value })}
      />
      {props.children}
      <TextInput
        label="Jurisdiction"
        description="Two-letter country code (ISO 3166-1), e.g. IN, US, IE."
        maxLength={2}
        value={form.jurisdiction}
        onChange={(e) => set({ jurisdiction: e.currentTarget.value.toUpperCase().replace(/[^A-Z]/g, '') })}
        error={errors.jurisdiction}
        w={240}
      />
      <TagsInput
        label="Sectors"
        description="Press Enter after each, e.g. telecommunications."
        value={form.sectors}
        onChange={(sectors) => set({ sectors })}
        maxTags={20}
      />
      <MultiSelect
        label="Regulated as"
        description="The legal roles the law gives it; obligation rules apply by these."
        placeholder={form.regulatedAs.length ? undefined : 'Choose roles'}
        data={ROLE_DATA}
        value={form.regulatedAs}
        onChange={(regulatedAs) => set({ regulatedAs })}
        searchable
        clearable
        hidePickedOptions
      />
      <TagsInput
        label="Regulated in"
        description="Other jurisdictions whose law binds it: country codes (DE) or subdivisions (US-TX). Press Enter after each."
        value={form.operatesIn}
        onChange={(values) => set({ operatesIn: normalizeRegulatedIn(values) })}
        splitChars={[',', ' ', ';']}
        error={errors.operatesIn}
      />
    </>
  );
}
