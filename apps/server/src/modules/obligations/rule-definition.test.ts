/** Checking a rule definition: the strict shape, the grammars, and what the parts say about each other. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../http/app-error.ts';
import { shippedRule } from './obligation-engine-test-kit.ts';
import type { RuleDefinition } from './obligation-types.ts';
import { validateRuleDefinition } from './rule-definition.ts';

const sixHours = shippedRule('in-certin-6h');
const order = shippedRule('in-70b6-call');

function refusal(definition: unknown): AppError {
  try {
    validateRuleDefinition(definition);
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.status, 400);
    return error;
  }
  assert.fail('expected the definition to be refused');
}

const change = (base: RuleDefinition, changes: Record<string, unknown>) => ({ ...structuredClone(base), ...changes });

describe('rule definition', () => {
  it('accepts the documented example and returns it unchanged', () => {
    assert.deepEqual(validateRuleDefinition(structuredClone(sixHours)), sixHours);
  });

  const shape: Array<[what: string, definition: unknown, says: RegExp]> = [
    ['an unknown field', change(sixHours, { penalty: 'none' }), /the rule has an unknown field "penalty"/],
    ['an unknown field inside binds', change(sixHours, { binds: { regulatedAs: ['intermediary'], sectors: [], countries: ['IN'] } }), /binds has an unknown field "countries"/],
    ['a role outside the vocabulary', change(sixHours, { binds: { regulatedAs: ['bank'], sectors: [] } }), /binds\.regulatedAs\.0 must be one of service_provider, intermediary/],
    ['no role at all', change(sixHours, { binds: { regulatedAs: [], sectors: [] } }), /binds\.regulatedAs must NOT have fewer than 1 items/],
    ['a code with capitals', change(sixHours, { code: 'IN-6H' }), /code must match pattern/],
    ['a jurisdiction that is not a country code', change(sixHours, { jurisdiction: 'India' }), /jurisdiction must match pattern/],
    ['a date in another format', change(sixHours, { inForce: { from: '27/06/2022', until: null } }), /inForce\.from must match pattern/],
    ['a summary over its length', change(sixHours, { summary: 'x'.repeat(2001) }), /summary must NOT have more than 2000 characters/],
    ['a blank recipient', change(sixHours, { recipient: '   ' }), /recipient must match pattern/],
    ['a chain step of 0', change(shippedRule('eu-nis2-ew'), { chain: { ...shippedRule('eu-nis2-ew').chain, step: 0 } }), /chain\.step must be >= 1/],
    ['a text instead of an object', 'in-certin-6h', /the rule must be object/],
  ];
  for (const [what, definition, says] of shape) {
    it(`refuses ${what} as obligations.invalid_rule, saying where`, () => {
      const error = refusal(definition);
      assert.equal(error.code, 'obligations.invalid_rule');
      assert.match(error.message, says);
    });
  }

  it('passes grammar refusals through with their own codes', () => {
    assert.equal(refusal(change(sixHours, { trigger: 'noticed' })).code, 'obligations.invalid_trigger');
    assert.equal(refusal(change(sixHours, { deadline: '6 hrs' })).code, 'obligations.invalid_deadline');
    assert.equal(refusal(change(shippedRule('eu-dora-initial'), { cap: 'within a day of aware_at' })).code, 'obligations.invalid_deadline');
  });

  const semantic: Array<[what: string, definition: unknown, says: RegExp]> = [
    ['a date that does not exist', change(sixHours, { inForce: { from: '2022-02-30', until: null } }), /inForce\.from \(2022-02-30\) is not a date/],
    ['in force from a date not before its end', change(sixHours, { inForce: { from: '2022-06-27', until: '2022-06-27' } }), /inForce\.from \(2022-06-27\) must be before inForce\.until/],
    ['a calendar on a soft deadline', change(shippedRule('eu-gdpr-34'), { calendar: 'EU' }), /"without undue delay" deadline counts no days, so the rule takes no calendar/],
    ['a calendar on the order\'s deadline', change(order, { calendar: 'IN' }), /"as set in the order" deadline counts no days/],
    ['a cap on a soft deadline', change(shippedRule('eu-gdpr-34'), { cap: 'within 24 hours of aware_at' }), /A cap limits a deadline of a fixed length/],
    ['"as set in the order" without an order to start the clock', change(sixHours, { deadline: 'as set in the order' }), /needs the trigger order_received_at/],
    ['an order inside earliest(…)', change(order, { trigger: 'earliest(order_received_at, noticed_at)' }), /order_received_at starts the clock on its own/],
    ['an order duty met by a report', change(order, { metBy: 'incident_report' }), /met by the response to that order/],
    ['a response to a notice without an order', change(sixHours, { metBy: 'notice_response' }), /metBy notice_response needs the trigger order_received_at/],
    ['an order duty without legal bases', change(order, { legalBasisCodes: [] }), /must name the legal bases/],
    ['legal bases on a rule no order triggers', change(sixHours, { legalBasisCodes: ['in-itact-70b6'] }), /this rule is not triggered by an order/],
    ['submitted(…) naming the rule itself', change(shippedRule('eu-nis2-final'), { trigger: 'submitted(eu-nis2-final)' }), /submitted\(eu-nis2-final\) names the rule itself/],
    ['a chain met by a chronology entry', change(shippedRule('eu-nis2-ew'), { metBy: 'timeline_entry' }), /A report chain is met by incident reports/],
    ['an unconfirmed rule without a note', change(sixHours, { confirmed: false, note: null }), /must say why in its note/],
  ];
  for (const [what, definition, says] of semantic) {
    it(`refuses ${what}`, () => {
      const error = refusal(definition);
      assert.equal(error.code, 'obligations.invalid_rule');
      assert.match(error.message, says);
    });
  }
});
