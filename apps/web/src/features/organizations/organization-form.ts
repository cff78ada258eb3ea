/** An organization's editable particulars as a form: from an organization, checks, and the body to send. */
import type { CreateOrganizationBody, UpdateOrganizationBody } from '#shared/contracts/organizations';
import { MAX_REGULATED_IN, REGULATED_IN_PATTERN } from '#shared/organizations';
import type { Organization } from '../../api/types.ts';

export interface OrganizationForm {
  name: string;
  shortName: string;
  jurisdiction: string;
  sectors: string[];
  regulatedAs: string[];
  operatesIn: string[];
}

export type OrganizationFormErrors = Partial<Record<'jurisdiction' | 'operatesIn', string>>;

export const EMPTY_ORGANIZATION_FORM: OrganizationForm = {
  name: '',
  shortName: '',
  jurisdiction: '',
  sectors: [],
  regulatedAs: [],
  operatesIn: [],
};

const REGULATED_IN = new RegExp(REGULATED_IN_PATTERN);

export function formFromOrganization(o: Organization): OrganizationForm {
  return {
    name: o.name,
    shortName: o.shortName ?? '',
    jurisdiction: o.jurisdiction ?? '',
    sectors: o.sectors,
    regulatedAs: o.regulatedAs,
    operatesIn: o.operatesIn,
  };
}

/** Jurisdiction codes as typed: trimmed, upper-cased, each once. */
export function normalizeRegulatedIn(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim().toUpperCase()).filter(Boolean))];
}

export function validateOrganizationForm(form: OrganizationForm): OrganizationFormErrors {
  const errors: OrganizationFormErrors = {};
  if (form.jurisdiction !== '' && !/^[A-Z]{2}$/.test(form.jurisdiction)) errors.jurisdiction = 'Use two letters.';
  const wrong = form.operatesIn.filter((code) => !REGULATED_IN.test(code));
  if (wrong.length) errors.operatesIn = `Not a jurisdiction code: ${wrong.join(', ')}. Use two letters (DE) or a subdivision (US-TX).`;
  else if (form.operatesIn.length > MAX_REGULATED_IN) errors.operatesIn = `At most ${MAX_REGULATED_IN} jurisdictions.`;
  return errors;
}

export function isOrganizationFormValid(form: OrganizationForm): boolean {
  return form.name.trim() !== '' && Object.keys(validateOrganizationForm(form)).length === 0;
}

type CreateFields = Omit<CreateOrganizationBody, 'kind'>;

export function formToCreateBody(form: OrganizationForm): CreateFields {
  return {
    name: form.name.trim(),
    ...(form.shortName.trim() ? { shortName: form.shortName.trim() } : {}),
    ...(form.jurisdiction ? { jurisdiction: form.jurisdiction } : {}),
    ...(form.sectors.length ? { sectors: form.sectors } : {}),
    ...(form.regulatedAs.length ? { regulatedAs: form.regulatedAs as CreateFields['regulatedAs'] } : {}),
    ...(form.operatesIn.length ? { operatesIn: form.operatesIn } : {}),
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Only what changed, with the version the form started from; `{ version }` alone means nothing changed. */
export function formToUpdateBody(form: OrganizationForm, before: Organization): UpdateOrganizationBody {
  const name = form.name.trim();
  const shortName = form.shortName.trim() || null;
  const jurisdiction = form.jurisdiction || null;
  return {
    version: before.version,
    ...(name !== before.name ? { name } : {}),
    ...(shortName !== before.shortName ? { shortName } : {}),
    ...(jurisdiction !== before.jurisdiction ? { jurisdiction } : {}),
    ...(form.sectors.join('\n') !== before.sectors.join('\n') ? { sectors: form.sectors } : {}),
    ...(!sameSet(form.regulatedAs, before.regulatedAs) ? { regulatedAs: form.regulatedAs as UpdateOrganizationBody['regulatedAs'] } : {}),
    ...(!sameSet(form.operatesIn, before.operatesIn) ? { operatesIn: form.operatesIn } : {}),
  };
}
