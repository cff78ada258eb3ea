/**
 * Due times in business days across weekends, national holidays and DST changes in three
 * zones (Asia/Kolkata, Europe/Berlin, America/New_York), the weekends-only fallback when a
 * calendar is missing, and a property: no due time precedes the start of its clock, and the
 * results computed without explanations (as the jobs do) are the same.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TIME_FACTS, type ObligationFacts, type RuleForComputation } from './obligation-types.ts';
import { CALENDARS, at, compute, factsOf, packRules, resultOf, ruleLike, stepText } from './obligation-engine-test-kit.ts';
import { computeObligations } from './obligation-engine.ts';
import { validateRuleDefinition } from './rule-definition.ts';

const SEED = Number(process.env.OBLIGATIONS_SEED ?? 20191031);

describe('business days in Asia/Kolkata', () => {
  const rule = ruleLike('in-certin-6h', { code: 'test-in-3-business-days', deadline: '3 business days' });
  const facts = (noticed: string) => factsOf({ organization: { jurisdiction: 'IN', regulatedAs: ['body_corporate'] }, times: { noticed_at: at(noticed, 'Asia/Kolkata') } });

  it('skips the weekend and Diwali, and names them', () => {
    // Friday 17 October 2025, 17:30 IST: Sat 18, Sun 19 and Mon 20 (Diwali) are skipped; Tue 21, Wed 22, Thu 23.
    const result = resultOf(compute(facts('2025-10-17T12:00:00Z'), '2025-10-18T00:00:00Z', [rule]), rule.definition.code);
    assert.equal(result.dueAt?.toISOString(), '2025-10-23T18:29:59.000Z');
    assert.match(stepText(result, 'due'), /due 23 Oct 2025, 23:59:59 GMT\+5:30 \(Asia\/Kolkata\)\. Times are in Asia\/Kolkata, the time zone of the holiday calendar IN/);
    assert.equal(stepText(result, 'skipped_days'), 'Days skipped as not business days: Saturday 18 October 2025 (weekend), Sunday 19 October 2025 (weekend), Monday 20 October 2025 (Diwali (Deepavali)).');
  });

  it('counts from the local date in India, not the UTC one', () => {
    // 22:00 UTC on Thursday 14 August is already Friday 15 August (Independence Day) in India;
    // Sat 16 (Janmashtami, a holiday on a weekend day), Sun 17; Mon 18, Tue 19, Wed 20.
    const result = resultOf(compute(facts('2025-08-14T22:00:00Z'), '2025-08-15T00:00:00Z', [rule]), rule.definition.code);
    assert.equal(result.dueAt?.toISOString(), '2025-08-20T18:29:59.000Z');
    assert.match(stepText(result, 'skipped_days'), /Saturday 16 August 2025 \(Janmashtami\), Sunday 17 August 2025 \(weekend\)/);
  });
});

describe('business days in Europe/Berlin', () => {
  const rule = ruleLike('eu-gdpr-33', { code: 'test-de-business-days', jurisdiction: 'DE', calendar: 'DE-BE', deadline: '3 business days' });
  const facts = (aware: string) => factsOf({ organization: { jurisdiction: 'DE', regulatedAs: ['controller'] }, judgements: { personal_data: true }, times: { aware_at: at(aware) } });

  it('crosses the change to summer time and ends at 23:59:59 CEST', () => {
    // Thursday 27 March 2025, 17:00 CET: Fri 28, (Sat 29, Sun 30: clocks go forward), Mon 31, Tue 1 April.
    const result = resultOf(compute(facts('2025-03-27T16:00:00Z'), '2025-03-28T00:00:00Z', [rule]), rule.definition.code);
    assert.equal(result.dueAt?.toISOString(), '2025-04-01T21:59:59.000Z');
    assert.match(stepText(result, 'due'), /due 1 Apr 2025, 23:59:59 CEST \(Europe\/Berlin\)/);
  });

  it('skips Good Friday and Easter Monday', () => {
    // Thursday 17 April 2025: Fri 18 (Karfreitag), Sat, Sun, Mon 21 (Ostermontag) skipped; Tue 22, Wed 23, Thu 24.
    const result = resultOf(compute(facts('2025-04-17T10:00:00Z'), '2025-04-18T00:00:00Z', [rule]), rule.definition.code);
    assert.equal(result.dueAt?.toISOString(), '2025-04-24T21:59:59.000Z');
    assert.match(stepText(result, 'skipped_days'), /Friday 18 April 2025 \(Karfreitag\), Saturday 19 April 2025 \(weekend\), Sunday 20 April 2025 \(weekend\), Monday 21 April 2025 \(Ostermontag\)/);
  });
});

describe('SEC Form 8-K: four business days in America/New_York', () => {
  const registrant = (determined: string) => factsOf({ organization: { jurisdiction: 'US', regulatedAs: ['sec_registrant'] }, times: { materiality_determined_at: at(determined, 'America/New_York') } });
  const sec = (facts: ObligationFacts, calendars = CALENDARS) => resultOf(compute(facts, '2025-10-01T00:00:00Z', packRules({ only: ['us-sec-8k'] }), calendars), 'us-sec-8k');

  it('crosses the end of summer time: determined Friday 31 October, due Thursday 6 November at 23:59:59 EST', () => {
    const result = sec(registrant('2025-10-31T20:00:00Z'));
    assert.equal(result.dueAt?.toISOString(), '2025-11-07T04:59:59.000Z');
    assert.match(stepText(result, 'trigger'), /31 Oct 2025, 16:00:00 GMT-4 \(America\/New_York\)/);
    assert.match(stepText(result, 'due'), /due 6 Nov 2025, 23:59:59 GMT-5 \(America\/New_York\)/);
  });

  it('skips Veterans Day', () => {
    // Friday 7 November: Mon 10, (Tue 11 Veterans Day), Wed 12, Thu 13, Fri 14.
    const result = sec(registrant('2025-11-07T15:00:00Z'));
    assert.equal(result.dueAt?.toISOString(), '2025-11-15T04:59:59.000Z');
    assert.match(stepText(result, 'skipped_days'), /Tuesday 11 November 2025 \(Veterans Day\)/);
  });

  it('skips Thanksgiving and the weekend after it', () => {
    const result = sec(registrant('2025-11-25T20:00:00Z'));
    assert.equal(result.dueAt?.toISOString(), '2025-12-03T04:59:59.000Z');
  });

  it('falls back to weekends only when there is no calendar US, and says that holidays were not skipped', () => {
    const result = sec(registrant('2025-11-25T20:00:00Z'), { IN: CALENDARS.IN });
    // Wed 26, Thu 27 (Thanksgiving, counted), Fri 28, Mon 1 December.
    assert.equal(result.dueAt?.toISOString(), '2025-12-02T04:59:59.000Z');
    assert.match(stepText(result, 'due'), /There is no holiday calendar US, so only Saturdays and Sundays are skipped, not public holidays/);
    assert.match(stepText(result, 'due'), /Times are in America\/New_York, the time zone given with the fact that started the clock, as there is no holiday calendar US\./);
    assert.equal(stepText(result, 'skipped_days'), 'Days skipped as not business days: Saturday 29 November 2025 (weekend), Sunday 30 November 2025 (weekend).');
  });

  it('counts in UTC, and says so, when neither a calendar nor the fact gives a zone', () => {
    const facts = factsOf({ organization: { jurisdiction: 'US', regulatedAs: ['sec_registrant'] }, times: { materiality_determined_at: at('2025-11-25T20:00:00Z') } });
    const result = sec(facts, {});
    assert.equal(result.dueAt?.toISOString(), '2025-12-01T23:59:59.000Z');
    assert.match(stepText(result, 'due'), /Times are in UTC: there is no holiday calendar US, and the fact that started the clock has no time zone\./);
  });
});

describe('due times never precede the start of their clock, and recomputation computes what an explanation shows (property)', () => {
  const zones = ['Asia/Kolkata', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC', null];
  const deadlines = fc.oneof(
    fc.integer({ min: 1, max: 2000 }).map((n) => `${n} ${n === 1 ? 'hour' : 'hours'}`),
    fc.integer({ min: 1, max: 400 }).map((n) => `${n} calendar days`),
    fc.integer({ min: 1, max: 60 }).map((n) => `${n} business days`),
    fc.integer({ min: 1, max: 24 }).map((n) => `${n} months`),
    fc.constantFrom('without delay', 'as early as possible'),
  );
  const instant = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
  const timeFacts = TIME_FACTS.filter((f) => f !== 'order_received_at');
  const calendar = fc.record({
    weekendDays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }),
    holidays: fc.uniqueArray(instant.map((d) => d.toISOString().slice(0, 10)), { maxLength: 40 }),
    timeZone: fc.constantFrom('Asia/Kolkata', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'),
  });

  it('for random rules, facts, zones and calendars', () => {
    let timed = 0;
    fc.assert(fc.property(
      fc.array(fc.record({ trigger: fc.subarray(timeFacts, { minLength: 1, maxLength: 3 }), deadline: deadlines, withCalendar: fc.boolean(), capped: fc.boolean() }), { minLength: 1, maxLength: 5 }),
      fc.dictionary(fc.constantFrom(...timeFacts), fc.record({ at: instant, zone: fc.constantFrom(...zones) })),
      fc.array(fc.record({ issued: instant, days: fc.integer({ min: 1, max: 30 }), zone: fc.constantFrom('Asia/Kolkata', 'Europe/London') }), { maxLength: 2 }),
      calendar,
      instant,
      fc.array(fc.record({ rule: fc.integer({ min: 0, max: 4 }), at: instant }), { maxLength: 2 }),
      (specs, times, orders, cal, now, reports) => {
        const rules: RuleForComputation[] = specs.map((spec, i) => {
          const soft = !/^\d/.test(spec.deadline);
          const definition = validateRuleDefinition({
            ...ruleLike('in-certin-6h', {}).definition,
            code: `prop-${i}`, inForce: { from: null, until: null }, condition: {}, binds: { regulatedAs: ['body_corporate'], sectors: [] },
            trigger: spec.trigger.length === 1 ? spec.trigger[0] : `earliest(${spec.trigger.join(', ')})`,
            deadline: spec.deadline, calendar: !soft && spec.withCalendar ? 'PROP' : null, cap: !soft && spec.capped ? 'within 48 hours of aware_at' : null,
          });
          return { id: `p${i}`, version: 1, enabled: true, definition };
        });
        rules.push({ id: 'order', version: 1, enabled: true, definition: { ...packRules({ only: ['in-70b6-call'] })[0].definition } });
        const facts = factsOf({
          organization: { jurisdiction: 'IN', regulatedAs: ['body_corporate'] },
          times: Object.fromEntries(Object.entries(times).map(([name, v]) => [name, at(v.at.toISOString(), v.zone)])),
          orders: orders.map((o, i) => ({ noticeId: `n${i}`, legalBasisCode: 'in-itact-70b6', issuedAt: o.issued, dueAt: new Date(o.issued.getTime() + o.days * 86_400_000), timeZone: o.zone })),
          reports: reports.map((r) => ({ ruleCode: `prop-${r.rule}`, firstSubmittedAt: r.at })),
        });
        const calendars = { PROP: { code: 'PROP', name: 'Random', timeZone: cal.timeZone, weekendDays: cal.weekendDays, holidays: new Set(cal.holidays), holidayNames: {} } };
        const results = computeObligations({ facts, rules, calendars, now });
        // Recomputation's results (no explanation) are the same results without their sentences.
        assert.deepEqual(computeObligations({ facts, rules, calendars, now, explain: false }), results.map((r) => ({ ...r, explanation: [] })));
        for (const result of results) {
          if (result.dueAt === null) continue;
          timed += 1;
          assert.ok(result.triggerAt, `${result.ruleCode} has a due time but no clock start`);
          // A cap runs from its own fact, which may come before the clock start (DORA: classified after the 24 hours).
          const capFact = rules.find((r) => r.definition.code === result.ruleCode)?.definition.cap ? (times.aware_at?.at ?? null) : null;
          const floor = Math.min(result.triggerAt.getTime(), capFact?.getTime() ?? Number.POSITIVE_INFINITY);
          assert.ok(result.dueAt.getTime() >= floor, `${result.ruleCode}: due ${result.dueAt.toISOString()} precedes ${new Date(floor).toISOString()}`);
          if (result.state === 'missed') assert.ok(now.getTime() > result.dueAt.getTime());
          if (result.state === 'pending') assert.ok(now.getTime() <= result.dueAt.getTime());
          if (result.state === 'met_late') assert.ok(result.lateBySeconds! > 0 && result.metAt!.getTime() > result.dueAt.getTime());
        }
      },
    ), { seed: SEED, numRuns: 300 });
    // The property held over due times, not over an empty set.
    assert.ok(timed > 300, `only ${timed} due times were checked`);
  });
});
