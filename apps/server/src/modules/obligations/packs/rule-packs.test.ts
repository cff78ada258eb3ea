/**
 * The shipped rule packs: every rule is valid, and for each one a case of facts in, state
 * and due time out. Rules that ship disabled (not confirmed) are computed here as if an
 * administrator had enabled them, and separately shown to produce nothing while disabled.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CALENDARS, type FactsInput, at, compute, factsOf, packRules, resultOf, shippedRules } from '../obligation-engine-test-kit.ts';
import type { ObligationResult } from '../obligation-types.ts';
import { validateRuleDefinition } from '../rule-definition.ts';
import { RULE_PACK_FILES, loadRulePacks } from './index.ts';

describe('rule packs', () => {
  it('load, and every rule in them passes the checks createRule applies', () => {
    const packs = loadRulePacks();
    assert.deepEqual(packs.map((p) => p.pack), ['IN', 'EU', 'UK', 'US']);
    for (const file of RULE_PACK_FILES) {
      const raw = JSON.parse(readFileSync(path.join(import.meta.dirname, file), 'utf8')) as { rules: unknown[] };
      for (const rule of raw.rules) validateRuleDefinition(rule);
    }
    assert.equal(new Set(shippedRules.map((r) => r.code)).size, shippedRules.length);
  });

  it('ship the items the reference does not confirm disabled, each with its note', () => {
    const unconfirmed = shippedRules.filter((r) => !r.confirmed).map((r) => r.code).sort();
    assert.deepEqual(unconfirmed, ['in-itr21-3-1-l', 'uk-nis-12', 'us-circia', 'us-circia-ransom']);
    for (const code of ['us-circia', 'us-circia-ransom']) assert.match(shippedRules.find((r) => r.code === code)!.note!, /^Not yet operative/);
    const facts = factsOf({ organization: { jurisdiction: 'US', regulatedAs: ['covered_entity'] }, times: { aware_at: at('2025-05-01T00:00:00Z'), ransom_paid_at: at('2025-05-01T00:00:00Z') } });
    assert.deepEqual(compute(facts, '2025-06-01T00:00:00Z'), []);
  });
});

interface Case {
  code: string;
  facts: FactsInput;
  now: string;
  state: ObligationResult['state'];
  dueAt: string | null;
  lateBySeconds?: number;
  noticeId?: string;
  /** Words the explanation must contain. */
  says?: RegExp;
}

const IN_BODY = { jurisdiction: 'IN', regulatedAs: ['intermediary', 'body_corporate'] };
const ist = (iso: string) => at(iso, 'Asia/Kolkata');
const berlin = (iso: string) => at(iso, 'Europe/Berlin');
const london = (iso: string) => at(iso, 'Europe/London');

const CASES: Case[] = [
  // India
  {
    code: 'in-70b6-call', now: '2025-11-12T00:00:00Z', state: 'missed', dueAt: '2025-11-10T18:29:59.000Z', noticeId: 'n-nso',
    facts: { organization: { name: 'NSO Group', jurisdiction: 'IL', regulatedAs: [] }, orders: [{ noticeId: 'n-nso', legalBasisCode: 'in-itact-70b6', issuedAt: new Date('2025-11-03T06:30:00Z'), dueAt: new Date('2025-11-10T18:29:59Z') }] },
    says: /binds any person, NSO Group included; notice CERT-In\/n-nso was issued to it under a legal basis of this rule/,
  },
  {
    code: 'in-certin-r12-2013', now: '2019-06-01T00:00:00Z', state: 'met', dueAt: null,
    facts: { organization: IN_BODY, times: { noticed_at: ist('2019-05-05T04:30:00Z') }, reports: [{ ruleCode: 'in-certin-r12-2013', firstSubmittedAt: new Date('2019-05-20T06:00:00Z') }] },
    says: /"as early as possible": there is no fixed time/,
  },
  {
    code: 'in-certin-6h', now: '2025-05-06T00:00:00Z', state: 'met', dueAt: '2025-05-05T08:00:00.000Z',
    facts: { organization: IN_BODY, times: { noticed_at: ist('2025-05-05T04:30:00Z'), brought_to_notice_at: ist('2025-05-05T02:00:00Z') }, reports: [{ ruleCode: 'in-certin-6h', firstSubmittedAt: new Date('2025-05-05T07:00:00Z') }] },
    says: /when the incident was brought to the notice of Acme .* The rule takes the earliest of noticed_at and brought_to_notice_at; noticed_at is 5 May 2025, 10:00:00/,
  },
  {
    code: 'in-certin-order', now: '2025-07-05T00:00:00Z', state: 'met_late', dueAt: '2025-07-03T18:29:59.000Z', lateBySeconds: 9 * 3600 + 30 * 60 + 1, noticeId: 'n-1',
    facts: { organization: IN_BODY, orders: [{ noticeId: 'n-1', legalBasisCode: 'in-certin-directions-2022-iii', issuedAt: new Date('2025-07-01T05:00:00Z'), dueAt: new Date('2025-07-03T18:29:59Z'), respondedAt: new Date('2025-07-04T04:00:00Z'), responseId: 'resp-1' }] },
    says: /Met late by the response of Acme to notice CERT-In\/n-1, on 4 Jul 2025, 09:30:00 GMT\+5:30 \(Asia\/Kolkata\): 9 h 30 min after the due time/,
  },
  {
    code: 'in-certin-logs', now: '2025-07-02T00:00:00Z', state: 'pending', dueAt: '2025-07-03T18:29:59.000Z', noticeId: 'n-logs',
    facts: { organization: IN_BODY, orders: [{ noticeId: 'n-logs', legalBasisCode: 'in-certin-directions-2022-iv', issuedAt: new Date('2025-07-01T05:00:00Z'), dueAt: new Date('2025-07-03T18:29:59Z') }] },
  },
  {
    code: 'in-itr21-72h', now: '2025-07-05T00:00:00Z', state: 'met', dueAt: '2025-07-04T05:00:00.000Z', noticeId: 'n-j',
    facts: { organization: IN_BODY, orders: [{ noticeId: 'n-j', legalBasisCode: 'in-itrules-2021-3-1-j', issuedAt: new Date('2025-07-01T05:00:00Z'), respondedAt: new Date('2025-07-03T04:00:00Z'), responseId: 'resp-j' }] },
  },
  {
    code: 'in-itr21-3-1-l', now: '2025-05-06T00:00:00Z', state: 'missed', dueAt: '2025-05-05T10:30:00.000Z',
    facts: { organization: IN_BODY, times: { noticed_at: ist('2025-05-05T04:30:00Z') } },
  },
  {
    code: 'in-dpdp-board-initial', now: '2027-06-02T00:00:00Z', state: 'pending', dueAt: null,
    facts: { organization: { jurisdiction: 'IN', regulatedAs: ['data_fiduciary'] }, judgements: { personal_data: true }, times: { aware_at: ist('2027-06-01T04:30:00Z') } },
  },
  {
    code: 'in-dpdp-board-72h', now: '2027-06-05T00:00:00Z', state: 'met', dueAt: '2027-06-04T04:30:00.000Z',
    facts: {
      organization: { jurisdiction: 'IN', regulatedAs: ['data_fiduciary'] }, judgements: { personal_data: true }, times: { aware_at: ist('2027-06-01T04:30:00Z') },
      reports: [{ ruleCode: 'in-dpdp-board-72h', chainCode: 'in-dpdp-board', chainStep: 2, firstSubmittedAt: new Date('2027-06-03T10:00:00Z') }],
    },
  },
  {
    code: 'in-dpdp-principals', now: '2025-06-02T00:00:00Z', state: 'not_applicable', dueAt: null,
    facts: { organization: { jurisdiction: 'IN', regulatedAs: ['data_fiduciary'] }, judgements: { personal_data: true }, times: { aware_at: ist('2025-06-01T04:30:00Z') } },
    says: /came into force on 13 May 2027; Acme became aware of the incident on 1 June 2025/,
  },
  {
    code: 'in-dpdp-call', now: '2027-06-10T00:00:00Z', state: 'missed', dueAt: '2027-06-08T18:29:59.000Z', noticeId: 'n-36',
    facts: { organization: { jurisdiction: 'IN', regulatedAs: ['data_fiduciary'] }, orders: [{ noticeId: 'n-36', legalBasisCode: 'in-dpdp-36', issuedAt: new Date('2027-06-01T05:00:00Z'), dueAt: new Date('2027-06-08T18:29:59Z') }] },
  },
  {
    code: 'in-telecom-6h', now: '2025-02-10T12:00:00Z', state: 'pending', dueAt: '2025-02-10T16:00:00.000Z',
    facts: { organization: { jurisdiction: 'IN', regulatedAs: ['telecom_entity'] }, times: { aware_at: ist('2025-02-10T10:00:00Z') } },
  },
  {
    code: 'in-telecom-24h', now: '2025-02-12T00:00:00Z', state: 'met_late', dueAt: '2025-02-11T10:00:00.000Z', lateBySeconds: 7200,
    facts: {
      organization: { jurisdiction: 'IN', regulatedAs: ['telecom_entity'] }, times: { aware_at: ist('2025-02-10T10:00:00Z') },
      reports: [{ ruleCode: 'in-telecom-6h', chainCode: 'in-tcs-2024', chainStep: 1, firstSubmittedAt: new Date('2025-02-10T15:00:00Z') }, { ruleCode: 'in-telecom-24h', chainCode: 'in-tcs-2024', chainStep: 2, firstSubmittedAt: new Date('2025-02-11T12:00:00Z') }],
    },
  },
  // European Union
  {
    code: 'eu-gdpr-33', now: '2025-03-11T00:00:00Z', state: 'met', dueAt: '2025-03-10T16:00:00.000Z',
    facts: { organization: { jurisdiction: 'DE', regulatedAs: ['controller'] }, judgements: { personal_data: true }, times: { aware_at: berlin('2025-03-07T16:00:00Z') }, reports: [{ ruleCode: 'eu-gdpr-33', firstSubmittedAt: new Date('2025-03-10T15:00:00Z') }] },
    says: /established in DE, a Member State of the EU.*due 10 Mar 2025, 17:00:00 CET \(Europe\/Berlin\)/s,
  },
  {
    code: 'eu-gdpr-33-processor', now: '2025-03-11T00:00:00Z', state: 'pending', dueAt: null,
    facts: { organization: { jurisdiction: 'IE', regulatedAs: ['processor'] }, judgements: { personal_data: true }, times: { aware_at: at('2025-03-07T16:00:00Z', 'Europe/Dublin') } },
  },
  {
    code: 'eu-gdpr-34', now: '2025-03-11T00:00:00Z', state: 'not_applicable', dueAt: null,
    facts: { organization: { jurisdiction: 'FR', regulatedAs: ['controller'] }, judgements: { personal_data: true, high_risk: false }, times: { aware_at: at('2025-03-07T16:00:00Z', 'Europe/Paris') } },
    says: /Acme recorded that the incident is not likely to result in a high risk to people; .* applies only when the incident is likely to result in a high risk/,
  },
  {
    code: 'eu-nis2-ew', now: '2025-03-12T00:00:00Z', state: 'missed', dueAt: '2025-03-11T08:00:00.000Z',
    facts: { organization: { jurisdiction: 'DE', regulatedAs: ['essential_entity'] }, judgements: { significant: true }, times: { aware_at: berlin('2025-03-10T08:00:00Z') } },
  },
  {
    code: 'eu-nis2-notif', now: '2025-03-12T00:00:00Z', state: 'pending', dueAt: '2025-03-13T08:00:00.000Z',
    facts: { organization: { jurisdiction: 'DE', regulatedAs: ['important_entity'] }, judgements: { significant: true }, times: { aware_at: berlin('2025-03-10T08:00:00Z') } },
  },
  {
    // One month after the notification of 12 March, across the change to summer time: 12 April, 23:59:59 CEST.
    code: 'eu-nis2-final', now: '2025-04-01T00:00:00Z', state: 'pending', dueAt: '2025-04-12T21:59:59.000Z',
    facts: {
      organization: { jurisdiction: 'DE', regulatedAs: ['essential_entity'] }, judgements: { significant: true }, times: { aware_at: berlin('2025-03-10T08:00:00Z') },
      reports: [{ ruleCode: 'eu-nis2-notif', chainCode: 'eu-nis2', chainStep: 2, firstSubmittedAt: new Date('2025-03-12T14:00:00Z') }],
    },
  },
  {
    code: 'eu-dora-initial', now: '2025-03-12T00:00:00Z', state: 'missed', dueAt: '2025-03-11T08:00:00.000Z',
    facts: { organization: { jurisdiction: 'NL', regulatedAs: ['financial_entity'] }, judgements: { major: true }, times: { aware_at: at('2025-03-10T08:00:00Z', 'Europe/Amsterdam'), classified_major_at: at('2025-03-11T06:00:00Z', 'Europe/Amsterdam') } },
  },
  {
    code: 'eu-dora-intermediate', now: '2025-03-12T00:00:00Z', state: 'pending', dueAt: '2025-03-14T07:30:00.000Z',
    facts: {
      organization: { jurisdiction: 'NL', regulatedAs: ['financial_entity'] }, judgements: { major: true }, times: { aware_at: at('2025-03-10T08:00:00Z', 'Europe/Amsterdam'), classified_major_at: at('2025-03-11T06:00:00Z', 'Europe/Amsterdam') },
      reports: [{ ruleCode: 'eu-dora-initial', chainCode: 'eu-dora', chainStep: 1, firstSubmittedAt: new Date('2025-03-11T07:30:00Z') }],
    },
  },
  {
    // One month from 31 January is the last day of February.
    code: 'eu-dora-final', now: '2025-02-10T00:00:00Z', state: 'pending', dueAt: '2025-02-28T22:59:59.000Z',
    facts: {
      organization: { jurisdiction: 'FR', regulatedAs: ['financial_entity'] }, judgements: { major: true }, times: { aware_at: at('2025-01-27T08:00:00Z', 'Europe/Paris'), classified_major_at: at('2025-01-27T09:00:00Z', 'Europe/Paris') },
      reports: [
        { ruleCode: 'eu-dora-initial', chainCode: 'eu-dora', chainStep: 1, firstSubmittedAt: new Date('2025-01-27T11:00:00Z') },
        { ruleCode: 'eu-dora-intermediate', chainCode: 'eu-dora', chainStep: 2, firstSubmittedAt: new Date('2025-01-31T10:00:00Z') },
      ],
    },
  },
  // United Kingdom
  {
    code: 'uk-gdpr-33', now: '2025-03-31T00:00:00Z', state: 'met_late', dueAt: '2025-03-30T09:00:00.000Z', lateBySeconds: 3600,
    facts: { organization: { jurisdiction: 'GB', regulatedAs: ['controller'] }, judgements: { personal_data: true }, times: { aware_at: london('2025-03-27T09:00:00Z') }, reports: [{ ruleCode: 'uk-gdpr-33', firstSubmittedAt: new Date('2025-03-30T10:00:00Z') }] },
    says: /due 30 Mar 2025, 10:00:00 BST \(Europe\/London\)/,
  },
  {
    code: 'uk-gdpr-34', now: '2025-04-10T00:00:00Z', state: 'met', dueAt: null,
    facts: {
      organization: { jurisdiction: 'GB', regulatedAs: ['controller'] }, judgements: { personal_data: true, high_risk: true }, times: { aware_at: london('2025-03-27T09:00:00Z') },
      links: { 'uk-gdpr-34': { timelineEntryId: 'entry-1', occurredAt: new Date('2025-03-28T12:00:00Z') } },
    },
    says: /Met by the chronology entry staff linked as meeting this obligation/,
  },
  {
    code: 'uk-nis-11', now: '2025-04-10T00:00:00Z', state: 'missed', dueAt: '2025-03-30T09:00:00.000Z',
    facts: { organization: { jurisdiction: 'GB', regulatedAs: ['operator_of_essential_services'] }, judgements: { significant: true }, times: { aware_at: london('2025-03-27T09:00:00Z') } },
  },
  {
    code: 'uk-nis-12', now: '2025-04-10T00:00:00Z', state: 'pending', dueAt: null,
    facts: { organization: { jurisdiction: 'GB', regulatedAs: ['relevant_digital_service_provider'] }, judgements: { significant: true }, times: { aware_at: london('2025-03-27T09:00:00Z') } },
  },
  // United States
  {
    // Tuesday before Thanksgiving: Wed 26, (Thu 27 Thanksgiving), Fri 28, Mon 1 Dec, Tue 2 Dec.
    code: 'us-sec-8k', now: '2025-12-01T00:00:00Z', state: 'pending', dueAt: '2025-12-03T04:59:59.000Z',
    facts: { organization: { jurisdiction: 'US', regulatedAs: ['sec_registrant'] }, times: { materiality_determined_at: at('2025-11-25T20:00:00Z', 'America/New_York') } },
    says: /Thursday 27 November 2025 \(Thanksgiving Day\), Saturday 29 November 2025 \(weekend\), Sunday 30 November 2025 \(weekend\)/,
  },
  {
    code: 'us-circia', now: '2025-05-05T00:00:00Z', state: 'missed', dueAt: '2025-05-04T00:00:00.000Z',
    facts: { organization: { jurisdiction: 'US', regulatedAs: ['covered_entity'] }, times: { aware_at: at('2025-05-01T00:00:00Z') } },
  },
  {
    code: 'us-circia-ransom', now: '2025-05-01T12:00:00Z', state: 'pending', dueAt: '2025-05-02T00:00:00.000Z',
    facts: { organization: { jurisdiction: 'US', regulatedAs: ['covered_entity'] }, times: { ransom_paid_at: at('2025-05-01T00:00:00Z') } },
  },
  {
    // 60 calendar days from 10 January end on 11 March, after the change to summer time in New York.
    code: 'us-hipaa-ind', now: '2025-03-01T00:00:00Z', state: 'pending', dueAt: '2025-03-12T03:59:59.000Z',
    facts: { organization: { jurisdiction: 'US', regulatedAs: ['hipaa_covered_entity'] }, judgements: { personal_data: true }, times: { discovered_at: at('2025-01-10T15:00:00Z') } },
  },
  {
    code: 'us-hipaa-media', now: '2025-03-01T00:00:00Z', state: 'pending', dueAt: '2025-03-12T03:59:59.000Z',
    facts: { organization: { jurisdiction: 'US', regulatedAs: ['hipaa_covered_entity'] }, judgements: { personal_data: true }, affected: { US: 900, 'US-CA': 600, 'US-NV': 300 }, times: { discovered_at: at('2025-01-10T15:00:00Z') } },
    says: /600 people are recorded as affected in US-CA, the most affected subdivision of US/,
  },
  {
    code: 'us-hipaa-hhs', now: '2025-03-01T00:00:00Z', state: 'not_applicable', dueAt: null,
    facts: { organization: { jurisdiction: 'US', regulatedAs: ['hipaa_covered_entity'] }, judgements: { personal_data: true }, affected: { US: 499 }, times: { discovered_at: at('2025-01-10T15:00:00Z') } },
    says: /499 people are recorded as affected in US; .* applies from 500/,
  },
  {
    // No calendar US-TX: the days are counted in the zone given with the fact (Chicago).
    code: 'us-tx-ag', now: '2025-06-10T00:00:00Z', state: 'pending', dueAt: '2025-07-03T04:59:59.000Z',
    facts: { organization: { jurisdiction: 'US', operatesIn: ['US-TX'], regulatedAs: ['business'] }, judgements: { personal_data: true }, affected: { 'US-TX': 300 }, times: { breach_determined_at: at('2025-06-02T15:00:00Z', 'America/Chicago') } },
    says: /Times are in America\/Chicago, the time zone given with the fact that started the clock, as there is no holiday calendar US-TX/,
  },
  {
    code: 'us-tx-individuals', now: '2025-06-10T00:00:00Z', state: 'pending', dueAt: null,
    facts: { organization: { jurisdiction: 'US', operatesIn: ['US-TX'], regulatedAs: ['business'] }, judgements: { personal_data: true }, times: { breach_determined_at: at('2025-06-02T15:00:00Z', 'America/Chicago') } },
    says: /Needs the fact: the number of people affected in US-TX/,
  },
];

describe('each shipped rule: facts in, state and due time out', () => {
  it('has a case for every shipped rule', () => {
    assert.deepEqual([...new Set(CASES.map((c) => c.code))].sort(), shippedRules.map((r) => r.code).sort());
  });

  for (const c of CASES) {
    it(`${c.code}: ${c.state}${c.dueAt ? `, due ${c.dueAt}` : ''}`, () => {
      // Every shipped rule takes part, so that a step of a chain finds the one it runs from.
      const results = compute(factsOf(c.facts), c.now, packRules({ enableAll: true }), CALENDARS);
      const result = resultOf(results, c.code, c.noticeId);
      assert.equal(result.state, c.state, result.explanation.map((s) => s.text).join('\n'));
      assert.equal(result.dueAt?.toISOString() ?? null, c.dueAt);
      if (c.lateBySeconds !== undefined) assert.equal(result.lateBySeconds, c.lateBySeconds);
      if (c.says) assert.match(result.explanation.map((s) => s.text).join('\n'), c.says);
      if (c.state === 'not_applicable') assert.ok(result.reason);
    });
  }
});
