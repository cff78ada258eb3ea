export const ORGANIZATION_KINDS = ['cert', 'platform', 'vendor', 'government', 'other'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  cert: 'CERT',
  platform: 'Intermediary / platform',
  vendor: 'Vendor',
  government: 'Government body',
  other: 'Other',
};
