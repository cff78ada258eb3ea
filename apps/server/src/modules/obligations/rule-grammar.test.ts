/** The trigger, deadline and cap grammars: what they accept, and what they refuse with which code and message. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../http/app-error.ts';
import { parseCap, parseDeadline, parseTrigger } from './rule-grammar.ts';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.status, 400);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('trigger grammar', () => {
  it('reads a fact name, earliest(…) of fact names and submitted(<rule code>)', () => {
    assert.deepEqual(parseTrigger('noticed_at'), { kind: 'facts', facts: ['noticed_at'] });
    assert.deepEqual(parseTrigger('earliest(noticed_at, brought_to_notice_at)'), { kind: 'facts', facts: ['noticed_at', 'brought_to_notice_at'] });
    assert.deepEqual(parseTrigger('earliest(noticed_at,brought_to_notice_at,aware_at)'), { kind: 'facts', facts: ['noticed_at', 'brought_to_notice_at', 'aware_at'] });
    assert.deepEqual(parseTrigger('submitted(eu-nis2-notif)'), { kind: 'submitted', ruleCode: 'eu-nis2-notif' });
    assert.deepEqual(parseTrigger('order_received_at'), { kind: 'facts', facts: ['order_received_at'] });
  });

  const refused: Array<[text: string, says: RegExp]> = [
    ['notice_at', /"notice_at" is not a fact a trigger can name/],
    ['', /not in the trigger grammar/],
    ['earliest(noticed_at)', /earliest\(…\) needs at least two fact names/],
    ['earliest(noticed_at, noticed_at)', /names a fact twice/],
    ['earliest(noticed_at, reported_at)', /"reported_at" is not a fact a trigger can name/],
    ['latest(noticed_at, aware_at)', /"latest\(…\)" is not a trigger function/],
    ['submitted()', /submitted\(…\) takes one rule code/],
    ['submitted(EU-NIS2)', /submitted\(…\) takes one rule code/],
    ['submitted(a, b)', /submitted\(…\) takes one rule code/],
    ['noticed_at + 6 hours', /not in the trigger grammar/],
    ['min(noticed_at, brought_to_notice_at)', /"min\(…\)" is not a trigger function/],
  ];
  for (const [text, says] of refused) {
    it(`refuses ${JSON.stringify(text)} as obligations.invalid_trigger, naming what was expected`, () => {
      const error = refusal(() => parseTrigger(text));
      assert.equal(error.code, 'obligations.invalid_trigger');
      assert.match(error.message, says);
      assert.match(error.message, /Expected a trigger: a fact name \(occurred_at, .*\), earliest\(a, b, …\) .* or submitted\(<rule code>\)/);
    });
  }
});

describe('deadline grammar', () => {
  it('reads durations in hours, calendar days, business days and months, singular or plural', () => {
    assert.deepEqual(parseDeadline('6 hours'), { kind: 'duration', amount: 6, unit: 'hours' });
    assert.deepEqual(parseDeadline('72 hours'), { kind: 'duration', amount: 72, unit: 'hours' });
    assert.deepEqual(parseDeadline('1 hour'), { kind: 'duration', amount: 1, unit: 'hours' });
    assert.deepEqual(parseDeadline('60 calendar days'), { kind: 'duration', amount: 60, unit: 'calendar_days' });
    assert.deepEqual(parseDeadline('4 business days'), { kind: 'duration', amount: 4, unit: 'business_days' });
    assert.deepEqual(parseDeadline('1 month'), { kind: 'duration', amount: 1, unit: 'months' });
    assert.deepEqual(parseDeadline('  4   business days '), { kind: 'duration', amount: 4, unit: 'business_days' });
  });

  it('reads the soft wordings and the order\'s own deadline', () => {
    assert.deepEqual(parseDeadline('without delay'), { kind: 'soft', wording: 'without delay' });
    assert.deepEqual(parseDeadline('without undue delay'), { kind: 'soft', wording: 'without undue delay' });
    assert.deepEqual(parseDeadline('as early as possible'), { kind: 'soft', wording: 'as early as possible' });
    assert.deepEqual(parseDeadline('as set in the order'), { kind: 'order' });
  });

  const refused: Array<[text: string, says: RegExp]> = [
    ['6 days', /Say whether the days are calendar days or business days/],
    ['six hours', /not in the deadline grammar/],
    ['0 hours', /not in the deadline grammar/],
    ['06 hours', /not in the deadline grammar/],
    ['1.5 hours', /not in the deadline grammar/],
    ['-1 hours', /not in the deadline grammar/],
    ['2 weeks', /not in the deadline grammar/],
    ['72 Hours', /not in the deadline grammar/],
    ['as soon as possible', /not in the deadline grammar/],
    ['as set in order', /not in the deadline grammar/],
    ['', /not in the deadline grammar/],
    ['999999 hours', /At most 100000 hours/],
    ['601 months', /At most 600 months/],
  ];
  for (const [text, says] of refused) {
    it(`refuses ${JSON.stringify(text)} as obligations.invalid_deadline, naming what was expected`, () => {
      const error = refusal(() => parseDeadline(text));
      assert.equal(error.code, 'obligations.invalid_deadline');
      assert.match(error.message, says);
      assert.match(error.message, /Expected a deadline such as "6 hours", .* or "as set in the order"/);
    });
  }
});

describe('cap grammar', () => {
  it('reads "within N hours of <fact>"', () => {
    assert.deepEqual(parseCap('within 24 hours of aware_at'), { amount: 24, unit: 'hours', fact: 'aware_at' });
    assert.deepEqual(parseCap('within 1 hour of noticed_at'), { amount: 1, unit: 'hours', fact: 'noticed_at' });
  });

  for (const [text, says] of [
    ['within 24 hours', /not in the cap grammar/],
    ['within 2 calendar days of aware_at', /not in the cap grammar/],
    ['24 hours after aware_at', /not in the cap grammar/],
    ['within 24 hours of known_at', /"known_at" is not a fact a cap can name/],
  ] as Array<[string, RegExp]>) {
    it(`refuses ${JSON.stringify(text)} as obligations.invalid_deadline`, () => {
      const error = refusal(() => parseCap(text));
      assert.equal(error.code, 'obligations.invalid_deadline');
      assert.match(error.message, says);
      assert.match(error.message, /Expected a cap such as "within 24 hours of aware_at"/);
    });
  }
});
