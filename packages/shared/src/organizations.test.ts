import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEGAL_ROLE_LABELS, LEGAL_ROLES, REGULATED_IN_PATTERN, legalRoleLabel } from './organizations.ts';

describe('legal roles', () => {
  it('labels every role an organization can be given, each label telling its role apart', () => {
    for (const role of LEGAL_ROLES) assert.ok(LEGAL_ROLE_LABELS[role]?.trim(), role);
    assert.equal(new Set(Object.values(LEGAL_ROLE_LABELS)).size, LEGAL_ROLES.length, 'labels tell the roles apart');
  });

  it('shows a stored role outside the list as its code', () => {
    assert.equal(legalRoleLabel('hipaa_covered_entity'), 'Covered entity (HIPAA)');
    assert.equal(legalRoleLabel('retired_role'), 'retired_role');
  });

  it('accepts countries and their subdivisions as jurisdictions, nothing else', () => {
    const pattern = new RegExp(REGULATED_IN_PATTERN);
    for (const code of ['IN', 'EU', 'US-TX', 'GB-SCT', 'FR-75']) assert.ok(pattern.test(code), code);
    for (const code of ['in', 'USA', 'US-', 'US-TEXS', 'US_TX', '']) assert.ok(!pattern.test(code), code);
  });
});
