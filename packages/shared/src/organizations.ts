export const ORGANIZATION_KINDS = ['cert', 'platform', 'vendor', 'government', 'other'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  cert: 'CERT',
  platform: 'Intermediary / platform',
  vendor: 'Vendor',
  government: 'Government body',
  other: 'Other',
};

/**
 * The legal roles an organization can be regulated as (`organizations.regulated_as`):
 * obligation rules bind organizations by these (docs/modules/obligations.md).
 */
export const LEGAL_ROLES = [
  'service_provider',
  'intermediary',
  'data_centre',
  'body_corporate',
  'government_organisation',
  'any_person',
  'data_fiduciary',
  'telecom_entity',
  'controller',
  'processor',
  'essential_entity',
  'important_entity',
  'financial_entity',
  'sec_registrant',
  'covered_entity',
  'hipaa_covered_entity',
  'business',
  'operator_of_essential_services',
  'relevant_digital_service_provider',
] as const;
export type LegalRole = (typeof LEGAL_ROLES)[number];

export const LEGAL_ROLE_LABELS: Record<LegalRole, string> = {
  service_provider: 'Service provider',
  intermediary: 'Intermediary',
  data_centre: 'Data centre',
  body_corporate: 'Body corporate',
  government_organisation: 'Government organisation',
  any_person: 'Any other person',
  data_fiduciary: 'Data fiduciary',
  telecom_entity: 'Telecommunication entity',
  controller: 'Controller (GDPR)',
  processor: 'Processor (GDPR)',
  essential_entity: 'Essential entity (NIS2)',
  important_entity: 'Important entity (NIS2)',
  financial_entity: 'Financial entity (DORA)',
  sec_registrant: 'SEC registrant',
  covered_entity: 'Covered entity (CIRCIA)',
  hipaa_covered_entity: 'Covered entity (HIPAA)',
  business: 'Business (state breach law)',
  operator_of_essential_services: 'Operator of essential services (UK NIS)',
  relevant_digital_service_provider: 'Relevant digital service provider (UK NIS)',
};

/** A stored role's label; a role no longer in the list is shown as its code. */
export function legalRoleLabel(role: string): string {
  return (LEGAL_ROLE_LABELS as Record<string, string>)[role] ?? role;
}

/** Where an organization is regulated: ISO 3166-1 alpha-2, or a subdivision such as `US-TX`. */
export const REGULATED_IN_PATTERN = '^[A-Z]{2}(-[A-Z0-9]{1,3})?$';
export const MAX_REGULATED_IN = 300;
