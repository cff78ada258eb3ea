/**
 * The engine on the holiday calendars as a migrated database holds them (migrations 0009
 * and 0012), read by `loadCalendars`: the SEC's four business days skip the federal
 * holidays as observed, and the UK and EU rules count in the zones of their calendars.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestDatabase, createTestDatabase } from '../../../test/test-database.ts';
import { at, compute, factsOf, packRules, resultOf, stepText } from './obligation-engine-test-kit.ts';
import type { ComputeInput } from './obligation-types.ts';
import { loadCalendars } from './obligations.repository.ts';

describe('obligations on the seeded holiday calendars', () => {
  let testDb: TestDatabase;
  let calendars: ComputeInput['calendars'];

  before(async () => {
    testDb = await createTestDatabase();
    calendars = await loadCalendars(testDb.database.db);
  });
  after(() => testDb.drop());

  const sec = (determined: string) => {
    const facts = factsOf({ organization: { jurisdiction: 'US', regulatedAs: ['sec_registrant'] }, times: { materiality_determined_at: at(determined, 'America/New_York') } });
    return resultOf(compute(facts, '2025-10-01T00:00:00Z', packRules({ only: ['us-sec-8k'] }), calendars), 'us-sec-8k');
  };

  it('has the calendars the rule packs name', () => {
    assert.deepEqual(Object.keys(calendars).sort(), ['EU', 'GB', 'IN', 'US']);
  });

  it('SEC Form 8-K: four business days from Tuesday 25 November 2025 skip Thanksgiving and the weekend after it', () => {
    // Wed 26, (Thu 27 Thanksgiving Day), Fri 28, (Sat 29, Sun 30), Mon 1 December, Tue 2 December.
    const result = sec('2025-11-25T20:00:00Z');
    assert.equal(result.dueAt?.toISOString(), '2025-12-03T04:59:59.000Z');
    assert.equal(stepText(result, 'skipped_days'),
      'Days skipped as not business days: Thursday 27 November 2025 (Thanksgiving Day), Saturday 29 November 2025 (weekend), Sunday 30 November 2025 (weekend).');
    assert.match(stepText(result, 'due'), /due 2 Dec 2025, 23:59:59 GMT-5 \(America\/New_York\)/);
    assert.match(stepText(result, 'due'), /the time zone of the holiday calendar US \(United States: federal holidays/);
  });

  it('SEC Form 8-K: Independence Day 2026, a Saturday, is skipped on the Friday before', () => {
    // Wednesday 1 July 2026: Thu 2, (Fri 3 observed, Sat 4, Sun 5), Mon 6, Tue 7, Wed 8.
    const result = sec('2026-07-01T16:00:00Z');
    assert.equal(result.dueAt?.toISOString(), '2026-07-09T03:59:59.000Z');
    assert.match(stepText(result, 'skipped_days'), /Friday 3 July 2026 \(Independence Day \(observed\)\), Saturday 4 July 2026 \(weekend\)/);
  });

  it('counts UK GDPR in Europe/London and GDPR in Europe/Brussels, the zones of the GB and EU calendars', () => {
    const facts = (jurisdiction: string) => factsOf({
      organization: { jurisdiction, regulatedAs: ['controller'] }, judgements: { personal_data: true }, times: { aware_at: at('2025-03-27T09:00:00Z', 'Europe/Dublin') },
    });
    const uk = resultOf(compute(facts('GB'), '2025-03-27T10:00:00Z', packRules({ only: ['uk-gdpr-33'] }), calendars), 'uk-gdpr-33');
    assert.equal(uk.dueAt?.toISOString(), '2025-03-30T09:00:00.000Z');
    assert.match(stepText(uk, 'due'), /Times are in Europe\/London, the time zone of the holiday calendar GB \(United Kingdom: bank holidays in England and Wales\)/);
    const eu = resultOf(compute(facts('IE'), '2025-03-27T10:00:00Z', packRules({ only: ['eu-gdpr-33'] }), calendars), 'eu-gdpr-33');
    assert.equal(eu.dueAt?.toISOString(), '2025-03-30T09:00:00.000Z');
    assert.match(stepText(eu, 'due'), /Times are in Europe\/Brussels, the time zone of the holiday calendar EU \(European Union: Saturdays and Sundays only/);
  });
});
