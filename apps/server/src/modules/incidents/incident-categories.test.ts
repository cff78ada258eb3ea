/**
 * The categories seeded by migration 0003 against the RSIT taxonomy as MISP publishes it
 * (data/rsit-machinetag.json). The test lives here rather than beside the migration
 * because every file in migrations/ feeds the digest of the test database snapshot.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type TestApp, createTestApp } from '../../../test/test-app.ts';

interface MachineTag {
  namespace: string;
  predicates: Array<{ value: string }>;
  values: Array<{ predicate: string; entry: Array<{ value: string }> }>;
}

interface Category {
  code: string;
  label: string;
  rsitClass: string;
  rsitType: string;
  source: string | null;
  active: boolean;
}

const rsit = JSON.parse(readFileSync(new URL('./data/rsit-machinetag.json', import.meta.url), 'utf8')) as MachineTag;

describe('incident categories', () => {
  let t: TestApp;
  let categories: Category[];
  before(async () => {
    t = await createTestApp();
    const response = await t.request({ method: 'GET', url: '/api/v1/incident-categories', as: await t.login('viewer') });
    assert.equal(response.statusCode, 200, response.body);
    categories = response.json().items;
  });
  after(() => t.close());

  it('reads the RSIT taxonomy file as published by MISP', () => {
    assert.equal(rsit.namespace, 'rsit');
    const classes = rsit.predicates.map((p) => p.value);
    assert.ok(classes.includes('intrusions') && classes.includes('other'));
    assert.deepEqual(rsit.values.map((v) => v.predicate).sort(), [...classes].sort());
  });

  it('maps every seeded category to a class and type that exist in RSIT', () => {
    const types = new Map(rsit.values.map((v) => [v.predicate, new Set(v.entry.map((e) => e.value))]));
    assert.ok(categories.length > 0);
    for (const category of categories) {
      assert.ok(types.has(category.rsitClass), `${category.code}: no RSIT class ${category.rsitClass}`);
      assert.ok(types.get(category.rsitClass)?.has(category.rsitType), `${category.code}: no RSIT type ${category.rsitClass}:${category.rsitType}`);
    }
  });

  it('has the 20 reportable CERT-In types, each once and in the order of Annexure I, plus "undetermined"', () => {
    assert.equal(categories.length, 21);
    const certIn = categories.filter((c) => c.source?.startsWith('CERT-In Directions 28.04.2022, Annexure I'));
    assert.equal(certIn.length, 20);
    assert.deepEqual(certIn.map((c) => Number(/item (\d+)$/.exec(c.source ?? '')?.[1])), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.equal(new Set(categories.map((c) => c.code)).size, 21);
    assert.equal(new Set(categories.map((c) => c.label)).size, 21);
    const last = categories[20];
    assert.deepEqual(last && [last.code, last.rsitClass, last.rsitType, last.source], ['undetermined', 'other', 'undetermined', 'RSIT']);
    assert.ok(categories.every((c) => c.active));
  });

  it('can be used for a new incident', async () => {
    const category = categories.find((c) => c.code === 'malicious-mobile-apps');
    const incidents = await t.testDb.database.db.selectFrom('incident_categories').select(['id', 'code']).where('code', '=', 'malicious-mobile-apps').executeTakeFirstOrThrow();
    const created = await t.request({
      method: 'POST', url: '/api/v1/incidents', as: await t.login('coordinator'),
      payload: { title: 'Malicious app', severity: 'medium', tlp: 'GREEN', categoryId: incidents.id },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json().category, { id: incidents.id, code: 'malicious-mobile-apps', label: category?.label });
  });
});
