/**
 * The obligation engine on whole cases: the 2019 messaging-app incident under the law of
 * 2019 and replayed under today's, earliest governs, report chains, DORA's cap, missing
 * facts, and which organizations a rule reaches.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explanationText } from './explain-text.ts';
import { type FactsInput, at, compute, factsOf, packRules, resultOf, ruleLike, stepText } from './obligation-engine-test-kit.ts';

const WHATSAPP = { name: 'WhatsApp LLC', jurisdiction: 'US', operatesIn: ['IN'], regulatedAs: ['intermediary', 'body_corporate'] };
const ist = (iso: string) => at(iso, 'Asia/Kolkata', 'Statement of the company');

/** The facts of May to November 2019, moved by whole years (2025: same weekdays are not needed). */
function messagingAppCase(year: number, options: { report?: 'timeline_entry' | 'incident_report' | null } = {}): FactsInput {
  const y = (iso: string) => new Date(iso.replace(/^2019/, String(year)));
  const reportedAt = y('2019-05-20T06:00:00Z');
  return {
    organization: WHATSAPP,
    category: 'malicious-code',
    affected: { IN: 121 },
    times: { noticed_at: ist(y('2019-05-05T04:30:00Z').toISOString()) },
    orders: [{
      noticeId: 'notice-1', reference: `CERT-In/${year}/11/1`, legalBasisCode: 'in-itact-70b6', issuedAt: y('2019-10-31T10:00:00Z'),
      dueAt: y('2019-11-07T18:29:59Z'), respondedAt: y('2019-11-02T09:00:00Z'), responseId: 'response-1',
    }],
    reports: options.report === 'incident_report' ? [{ ruleCode: 'in-certin-r12-2013', firstSubmittedAt: reportedAt }] : [],
    links: options.report === 'timeline_entry' ? { 'in-certin-r12-2013': { timelineEntryId: 'entry-20-may', occurredAt: reportedAt }, 'in-certin-6h': { timelineEntryId: 'entry-20-may', occurredAt: reportedAt } } : {},
  };
}

describe('the messaging-app incident of 2019, under the law of 2019', () => {
  const results = compute(factsOf(messagingAppCase(2019, { report: 'timeline_entry' })), '2019-12-01T00:00:00Z');

  it('flags no six-hour breach: the Directions of 2022 do not apply to facts of 2019', () => {
    const sixHours = resultOf(results, 'in-certin-6h');
    assert.equal(sixHours.state, 'not_applicable');
    assert.equal(sixHours.reason, 'CERT-In Directions No. 20(3)/2022-CERT-In of 28 April 2022, dir. (ii), Annexure I came into force on 27 June 2022; WhatsApp LLC noticed the incident on 5 May 2019 (Asia/Kolkata).');
    assert.equal(sixHours.dueAt, null);
    assert.equal(results.filter((r) => r.state === 'missed' || r.state === 'met_late').length, 0);
  });

  it('applies the 2013 Rules\' "as early as possible", met by the report of 20 May 2019 linked from the chronology', () => {
    const r12 = resultOf(results, 'in-certin-r12-2013');
    assert.equal(r12.state, 'met');
    assert.equal(r12.soft, true);
    assert.equal(r12.dueAt, null);
    assert.equal(r12.governs, true);
    assert.deepEqual(r12.metBy, { kind: 'timeline_entry', id: 'entry-20-may' });
    assert.equal(r12.metAt?.toISOString(), '2019-05-20T06:00:00.000Z');
    assert.match(stepText(r12, 'state'), /Met by the chronology entry staff linked as meeting this obligation, on 20 May 2019, 11:30:00 GMT\+5:30 \(Asia\/Kolkata\)\./);
    assert.match(stepText(r12, 'trigger'), /WhatsApp LLC noticed the incident \(noticed_at, source: Statement of the company\)/);
  });

  it('is met by a report filed in Casebook just as well', () => {
    const r12 = resultOf(compute(factsOf(messagingAppCase(2019, { report: 'incident_report' })), '2019-12-01T00:00:00Z'), 'in-certin-r12-2013');
    assert.equal(r12.state, 'met');
    assert.equal(r12.metBy?.kind, 'incident_report');
  });

  it('stays open, never missed, when no report is recorded', () => {
    const r12 = resultOf(compute(factsOf(messagingAppCase(2019, { report: null })), '2020-12-01T00:00:00Z'), 'in-certin-r12-2013');
    assert.equal(r12.state, 'pending');
  });

  it('holds the CERT-In notice to the deadline it set, and not to the 72 hours of Rules that came in 2021', () => {
    const call = resultOf(results, 'in-70b6-call');
    assert.equal(call.state, 'met');
    assert.equal(call.topic, 'answer_order:notice-1');
    assert.equal(call.noticeId, 'notice-1');
    assert.equal(call.governs, true);
    const rule72 = resultOf(results, 'in-itr21-72h');
    assert.equal(rule72.state, 'not_applicable');
    assert.match(rule72.reason!, /came into force on 25 February 2021; notice CERT-In\/2019\/11\/1 was issued on 31 October 2019/);
  });
});

describe('the same facts replayed in 2025', () => {
  it('reports the six-hour duty met late, by how much, when the report came on 20 May', () => {
    const facts = messagingAppCase(2025);
    facts.reports = [{ ruleCode: 'in-certin-6h', firstSubmittedAt: new Date('2025-05-20T06:00:00Z') }];
    const results = compute(factsOf(facts), '2025-12-01T00:00:00Z');
    const sixHours = resultOf(results, 'in-certin-6h');
    assert.equal(sixHours.state, 'met_late');
    assert.equal(sixHours.dueAt?.toISOString(), '2025-05-05T10:30:00.000Z');
    // 5 May 16:00 to 20 May 11:30 IST.
    assert.equal(sixHours.lateBySeconds, 14 * 86_400 + 19 * 3_600 + 30 * 60);
    assert.match(stepText(sixHours, 'state'), /14 days 19 h 30 min after the due time of 5 May 2025, 16:00:00 GMT\+5:30 \(Asia\/Kolkata\)/);
    assert.equal(resultOf(results, 'in-certin-r12-2013').state, 'not_applicable');
    assert.match(resultOf(results, 'in-certin-r12-2013').reason!, /applies to clocks started before 27 June 2022; WhatsApp LLC noticed the incident on 5 May 2025/);
  });

  it('reports it missed when no report was made', () => {
    const sixHours = resultOf(compute(factsOf(messagingAppCase(2025)), '2025-12-01T00:00:00Z'), 'in-certin-6h');
    assert.equal(sixHours.state, 'missed');
    assert.equal(sixHours.metAt, null);
    assert.match(stepText(sixHours, 'state'), /^Missed: the due time of 5 May 2025, 16:00:00 GMT\+5:30 \(Asia\/Kolkata\) has passed and no report has been recorded/);
  });

  it('lets the 72 hours of r.3(1)(j) govern the CERT-In notice over the seven days the notice set', () => {
    const results = compute(factsOf(messagingAppCase(2025)), '2025-12-01T00:00:00Z');
    const call = resultOf(results, 'in-70b6-call');
    const rule72 = resultOf(results, 'in-itr21-72h');
    assert.equal(rule72.topic, call.topic);
    assert.equal(rule72.dueAt?.toISOString(), '2025-11-03T10:00:00.000Z');
    assert.equal(call.dueAt?.toISOString(), '2025-11-07T18:29:59.000Z');
    assert.equal(rule72.governs, true);
    assert.equal(call.governs, false);
    // Answered on 2 November: within both.
    assert.equal(rule72.state, 'met');
    assert.match(stepText(rule72, 'governs'), /^Governs: of the obligations that ask for the same thing \(topic answer_order:notice-1\), this one falls due first\. Also shown: in-70b6-call \(Information Technology Act, 2000, s\.70B\(6\)\), due 7 Nov 2025, 23:59:59 GMT\+5:30 \(Asia\/Kolkata\)\.$/);
    assert.match(stepText(call, 'governs'), /^Does not govern: in-itr21-72h \(.*r\.3\(1\)\(j\)\), due 3 Nov 2025, 15:30:00 GMT\+5:30 \(Asia\/Kolkata\), asks for the same thing .* governs, as it falls due first\.$/);
  });

  it('gives a body corporate that is not an intermediary only the notice\'s own deadline', () => {
    const facts = messagingAppCase(2025);
    facts.organization = { ...WHATSAPP, regulatedAs: ['body_corporate'] };
    const results = compute(factsOf(facts), '2025-12-01T00:00:00Z');
    assert.equal(results.filter((r) => r.noticeId === 'notice-1').map((r) => r.ruleCode).join(), 'in-70b6-call');
    assert.equal(resultOf(results, 'in-70b6-call').governs, true);
  });
});

describe('earliest governs', () => {
  it('never lets a soft deadline govern over a timed one of the same topic', () => {
    const rules = [...packRules({ only: ['in-certin-6h'] }), ruleLike('in-certin-r12-2013', { code: 'test-soft-report', inForce: { from: null, until: null } })];
    const results = compute(factsOf({ organization: WHATSAPP, times: { noticed_at: ist('2025-05-05T04:30:00Z') } }), '2025-05-05T05:00:00Z', rules);
    assert.equal(resultOf(results, 'in-certin-6h').governs, true);
    const soft = resultOf(results, 'test-soft-report');
    assert.equal(soft.governs, false);
    assert.match(stepText(soft, 'governs'), /governs: a soft deadline never governs over one of fixed length/);
  });

  it('leaves results that do not apply out of the comparison', () => {
    const results = compute(factsOf(messagingAppCase(2019)), '2019-12-01T00:00:00Z');
    assert.equal(resultOf(results, 'in-certin-6h').governs, false);
    assert.equal(stepText(resultOf(results, 'in-certin-r12-2013'), 'governs'), '');
  });
});

const NIS2_ENTITY = { name: 'Stadtwerke', jurisdiction: 'DE', regulatedAs: ['essential_entity'] };
const berlin = (iso: string) => at(iso, 'Europe/Berlin');

describe('the NIS2 report chain', () => {
  const base: FactsInput = { organization: NIS2_ENTITY, judgements: { significant: true }, times: { aware_at: berlin('2025-10-20T07:00:00Z') } };

  it('runs early warning and notification from awareness, and waits for the notification to start the final report', () => {
    const results = compute(factsOf(base), '2025-10-20T12:00:00Z');
    assert.equal(resultOf(results, 'eu-nis2-ew').dueAt?.toISOString(), '2025-10-21T07:00:00.000Z');
    assert.equal(resultOf(results, 'eu-nis2-notif').dueAt?.toISOString(), '2025-10-23T07:00:00.000Z');
    const final = resultOf(results, 'eu-nis2-final');
    assert.equal(final.state, 'pending');
    assert.equal(final.dueAt, null);
    assert.match(final.reason!, /^The clock starts when the report under eu-nis2-notif \(Directive \(EU\) 2022\/2555 \(NIS2\), Art\. 23\(4\)\(b\)\) is submitted; none has been yet\.$/);
  });

  it('makes the final report due one month after the notification was submitted, counted in Berlin across the change to winter time', () => {
    const facts = factsOf({
      ...base,
      reports: [
        { ruleCode: 'eu-nis2-ew', chainCode: 'eu-nis2', chainStep: 1, firstSubmittedAt: new Date('2025-10-20T15:00:00Z') },
        { ruleCode: 'eu-nis2-notif', chainCode: 'eu-nis2', chainStep: 2, firstSubmittedAt: new Date('2025-10-22T09:15:00Z') },
      ],
    });
    const results = compute(facts, '2025-11-01T00:00:00Z');
    assert.equal(resultOf(results, 'eu-nis2-ew').state, 'met');
    assert.equal(resultOf(results, 'eu-nis2-notif').state, 'met');
    const final = resultOf(results, 'eu-nis2-final');
    assert.equal(final.triggerFact, 'submitted(eu-nis2-notif)');
    assert.equal(final.triggerAt?.toISOString(), '2025-10-22T09:15:00.000Z');
    // 22 November 2025, 23:59:59 CET.
    assert.equal(final.dueAt?.toISOString(), '2025-11-22T22:59:59.000Z');
    assert.match(explanationText(final), /The deadline is 1 month, counted in calendar months .* due 22 Nov 2025, 23:59:59 CET \(Europe\/Berlin\)/);
  });

  it('takes a step as met by a report of the same chain step, whatever rule it was filed under', () => {
    const facts = factsOf({ ...base, reports: [{ ruleCode: 'de-bsi-early-warning', chainCode: 'eu-nis2', chainStep: 1, firstSubmittedAt: new Date('2025-10-20T10:00:00Z') }] });
    const ew = resultOf(compute(facts, '2025-10-20T12:00:00Z'), 'eu-nis2-ew');
    assert.equal(ew.state, 'met');
    assert.equal(ew.metBy?.id, 'report-1');
  });

  it('does not apply to an incident the entity judged not significant', () => {
    const results = compute(factsOf({ ...base, judgements: { significant: false } }), '2025-10-20T12:00:00Z');
    for (const code of ['eu-nis2-ew', 'eu-nis2-notif', 'eu-nis2-final']) assert.equal(resultOf(results, code).state, 'not_applicable', code);
  });
});

describe('DORA: four hours from classification, capped at 24 hours from awareness', () => {
  const bank = { name: 'Bank', jurisdiction: 'NL', regulatedAs: ['financial_entity'] };
  const ams = (iso: string) => at(iso, 'Europe/Amsterdam');

  it('takes the cap when it comes first', () => {
    const initial = resultOf(compute(factsOf({ organization: bank, judgements: { major: true }, times: { aware_at: ams('2025-03-10T08:00:00Z'), classified_major_at: ams('2025-03-11T06:00:00Z') } }), '2025-03-10T09:00:00Z'), 'eu-dora-initial');
    assert.equal(initial.dueAt?.toISOString(), '2025-03-11T08:00:00.000Z');
    assert.equal(initial.triggerFact, 'classified_major_at');
    assert.match(stepText(initial, 'due'), /also capped at 24 hours after Bank became aware of the incident \(10 Mar 2025, 09:00:00 CET \(Europe\/Amsterdam\)\): 11 Mar 2025, 09:00:00 CET \(Europe\/Amsterdam\)\. The cap is earlier, so it governs/);
  });

  it('takes the four hours when they come first', () => {
    const initial = resultOf(compute(factsOf({ organization: bank, judgements: { major: true }, times: { aware_at: ams('2025-03-10T08:00:00Z'), classified_major_at: ams('2025-03-10T10:00:00Z') } }), '2025-03-10T11:00:00Z'), 'eu-dora-initial');
    assert.equal(initial.dueAt?.toISOString(), '2025-03-10T14:00:00.000Z');
    assert.match(stepText(initial, 'due'), /The 4 hours end earlier, so they govern/);
  });

  it('says so when the incident was classified after the cap had passed', () => {
    const initial = resultOf(compute(factsOf({ organization: bank, judgements: { major: true }, times: { aware_at: ams('2025-03-10T08:00:00Z'), classified_major_at: ams('2025-03-12T10:00:00Z') } }), '2025-03-12T11:00:00Z'), 'eu-dora-initial');
    assert.equal(initial.state, 'missed');
    assert.equal(initial.dueAt?.toISOString(), '2025-03-11T08:00:00.000Z');
    assert.match(stepText(initial, 'due'), /It had already passed when the clock started, so the obligation was overdue from its start\./);
  });

  it('applies the four hours and says the cap needs the time of awareness when that is missing', () => {
    const initial = resultOf(compute(factsOf({ organization: bank, judgements: { major: true }, times: { classified_major_at: ams('2025-03-10T10:00:00Z') } }), '2025-03-10T11:00:00Z'), 'eu-dora-initial');
    assert.equal(initial.dueAt?.toISOString(), '2025-03-10T14:00:00.000Z');
    assert.equal(initial.reason, 'Needs the fact: when Bank became aware of the incident (aware_at).');
    assert.match(stepText(initial, 'needs_fact'), /the cap is not applied and the due time may be earlier than shown/);
  });
});

describe('facts that are missing', () => {
  const controller = { name: 'Acme', jurisdiction: 'IE', regulatedAs: ['controller'] };

  it('keeps an obligation open with the fact it needs, never silently not applicable', () => {
    const gdpr = resultOf(compute(factsOf({ organization: controller, times: { aware_at: at('2025-03-07T16:00:00Z', 'Europe/Dublin') } }), '2025-03-08T00:00:00Z'), 'eu-gdpr-33');
    assert.equal(gdpr.state, 'pending');
    assert.equal(gdpr.dueAt, null);
    assert.equal(gdpr.reason, 'Needs the fact: whether personal data is involved (personal_data).');
    assert.match(stepText(gdpr, 'needs_fact'), /^Needs the fact: whether personal data is involved \(personal_data\)\. Until it is entered the obligation stays open\.$/);
    const art34 = resultOf(compute(factsOf({ organization: controller, judgements: { personal_data: true } }), '2025-03-08T00:00:00Z'), 'eu-gdpr-34');
    assert.equal(art34.state, 'pending');
    assert.equal(art34.soft, true, 'a soft deadline is shown as soft while it waits for facts');
  });

  it('asks for the incident\'s category when it is not determined', () => {
    const facts = factsOf({ organization: WHATSAPP, category: 'undetermined', times: { noticed_at: ist('2025-05-05T04:30:00Z') } });
    const sixHours = resultOf(compute(facts, '2025-05-05T05:00:00Z'), 'in-certin-6h');
    assert.equal(sixHours.state, 'pending');
    assert.match(sixHours.reason!, /^Needs the fact: the incident's category \(the rule applies to 20 listed types; it is recorded as undetermined\)\.$/);
  });

  it('does not apply to an incident of a category the rule does not list', () => {
    const other = factsOf({ organization: WHATSAPP, category: 'data-leak', times: { noticed_at: ist('2019-05-05T04:30:00Z') } });
    const r12 = resultOf(compute(other, '2019-06-01T00:00:00Z'), 'in-certin-r12-2013');
    assert.equal(r12.state, 'not_applicable');
    assert.match(r12.reason!, /The incident's category, data-leak, is not one of the types .* lists\./);
  });

  it('records a report made before the clock-start fact was entered, and judges its timeliness later', () => {
    const facts = factsOf({ organization: controller, judgements: { personal_data: true }, reports: [{ ruleCode: 'eu-gdpr-33', firstSubmittedAt: new Date('2025-03-09T10:00:00Z') }] });
    const gdpr = resultOf(compute(facts, '2025-03-10T00:00:00Z'), 'eu-gdpr-33');
    assert.equal(gdpr.state, 'pending');
    assert.equal(gdpr.metAt?.toISOString(), '2025-03-09T10:00:00.000Z');
    assert.match(stepText(gdpr, 'state'), /Whether that was on time is judged once the missing facts are entered\./);
  });

  it('uses the incident\'s own key time when the organization entered none, and says so', () => {
    const facts = factsOf({ organization: WHATSAPP, incidentTimes: { noticed_at: ist('2025-05-05T04:30:00Z') } });
    const sixHours = resultOf(compute(facts, '2025-05-05T05:00:00Z'), 'in-certin-6h');
    assert.equal(sixHours.dueAt?.toISOString(), '2025-05-05T10:30:00.000Z');
    assert.match(stepText(sixHours, 'trigger'), /\(noticed_at: the incident's own time, as none was entered for WhatsApp LLC\)/);
  });

  it('does not wait for the clock-start fact of a rule that had ceased to apply before the incident occurred', () => {
    const facts = factsOf({ organization: WHATSAPP, incidentTimes: { occurred_at: ist('2025-04-28T00:00:00Z') } });
    const r12 = resultOf(compute(facts, '2025-05-06T00:00:00Z'), 'in-certin-r12-2013');
    assert.equal(r12.state, 'not_applicable');
    assert.match(r12.reason!, /applies to clocks started before 27 June 2022; the incident occurred on 28 April 2025, and no clock of it starts before then\.$/);
    // Without the time of occurrence it cannot know, and waits for the fact.
    assert.equal(resultOf(compute(factsOf({ organization: WHATSAPP }), '2025-05-06T00:00:00Z'), 'in-certin-r12-2013').state, 'pending');
  });

  it('does not wait for a clock-start fact of a rule that is not in force yet', () => {
    const dpdp = resultOf(compute(factsOf({ organization: { jurisdiction: 'IN', regulatedAs: ['data_fiduciary'] } }), '2025-06-01T00:00:00Z'), 'in-dpdp-board-72h');
    assert.equal(dpdp.state, 'not_applicable');
    assert.match(dpdp.reason!, /comes into force on 13 May 2027; it does not apply to a clock that has not started before then\./);
  });

  it('shows a stored rule it cannot read as open, with the reason, rather than failing the whole computation', () => {
    const broken = { ...packRules({ only: ['in-certin-6h'] })[0] };
    broken.definition = { ...broken.definition, deadline: '6 hrs' };
    const results = compute(factsOf({ organization: WHATSAPP, times: { noticed_at: ist('2025-05-05T04:30:00Z') } }), '2025-05-05T05:00:00Z', [broken, ...packRules({ only: ['in-70b6-call'] })]);
    const result = resultOf(results, 'in-certin-6h');
    assert.equal(result.state, 'pending');
    assert.match(result.reason!, /^The rule cannot be read: .*"6 hrs"/);
  });
});

describe('which organizations a rule reaches', () => {
  const now = '2025-05-06T00:00:00Z';
  const codes = (facts: FactsInput) => compute(factsOf(facts), now).map((r) => r.ruleCode).sort();

  it('gives no result for a rule whose role, sector or jurisdiction does not fit', () => {
    assert.deepEqual(codes({ organization: { jurisdiction: 'IN', regulatedAs: [] } }), []);
    assert.deepEqual(codes({ organization: { jurisdiction: 'DE', regulatedAs: ['intermediary'] } }), []);
    const sectorRule = ruleLike('in-certin-6h', { code: 'test-banking-only', binds: { regulatedAs: ['body_corporate'], sectors: ['banking'] } });
    assert.deepEqual(compute(factsOf({ organization: { jurisdiction: 'IN', regulatedAs: ['body_corporate'], sectors: ['telecom'] } }), now, [sectorRule]), []);
    assert.equal(compute(factsOf({ organization: { jurisdiction: 'IN', regulatedAs: ['body_corporate'], sectors: ['banking'] } }), now, [sectorRule]).length, 1);
  });

  it('gives no result for a disabled rule, nor for an order under another legal basis', () => {
    const disabled = packRules({ only: ['in-certin-6h'] }).map((r) => ({ ...r, enabled: false }));
    assert.deepEqual(compute(factsOf({ organization: WHATSAPP, times: { noticed_at: ist('2025-05-05T04:30:00Z') } }), now, disabled), []);
    const orders = compute(factsOf({ organization: { jurisdiction: 'IN', regulatedAs: ['body_corporate'] }, orders: [{ noticeId: 'n', legalBasisCode: 'in-some-other-basis', issuedAt: new Date('2025-05-01T00:00:00Z') }] }), now);
    assert.deepEqual(orders.filter((r) => r.noticeId !== null), []);
  });

  it('reads Member States as the EU, UK as GB, and a state as part of its country', () => {
    const gdpr = { judgements: { personal_data: true } };
    assert.deepEqual(codes({ ...gdpr, organization: { jurisdiction: 'IE', regulatedAs: ['controller'] } }), ['eu-gdpr-33', 'eu-gdpr-34']);
    assert.deepEqual(codes({ ...gdpr, organization: { jurisdiction: null, operatesIn: ['UK'], regulatedAs: ['controller'] } }), ['uk-gdpr-33', 'uk-gdpr-34']);
    assert.deepEqual(codes({ ...gdpr, organization: { jurisdiction: 'CH', operatesIn: ['US-TX'], regulatedAs: ['hipaa_covered_entity'] } }), ['us-hipaa-hhs', 'us-hipaa-ind', 'us-hipaa-media']);
    const sec = resultOf(compute(factsOf({ organization: { jurisdiction: 'IE', operatesIn: ['US-NY'], regulatedAs: ['sec_registrant'] } }), now), 'us-sec-8k');
    assert.match(stepText(sec, 'applies'), /binds Acme as an SEC registrant, regulated in US-NY, part of US\./);
  });

  it('reaches a foreign person through an order under the rule\'s legal basis (s.70B(6) binds any person)', () => {
    const results = compute(factsOf({ organization: { name: 'NSO Group', jurisdiction: 'IL', regulatedAs: [] }, orders: [{ noticeId: 'n', legalBasisCode: 'in-itact-70b6', issuedAt: new Date('2025-05-01T00:00:00Z') }] }), now);
    assert.deepEqual(results.map((r) => r.ruleCode), ['in-70b6-call']);
    const call = results[0];
    assert.equal(call.state, 'pending');
    assert.match(stepText(call, 'due'), /notice CERT-In\/n sets none: there is no due time to miss until it does/);
  });
});

describe('report chains that loop', () => {
  it('leave both steps waiting instead of running forever', () => {
    const a = ruleLike('eu-nis2-final', { code: 'test-loop-a', trigger: 'submitted(test-loop-b)', chain: null, topic: 'loop_a' });
    const b = ruleLike('eu-nis2-final', { code: 'test-loop-b', trigger: 'submitted(test-loop-a)', chain: null, topic: 'loop_b' });
    const results = compute(factsOf({ organization: NIS2_ENTITY, judgements: { significant: true } }), '2025-05-01T00:00:00Z', [a, b]);
    assert.deepEqual(results.map((r) => [r.ruleCode, r.state]), [['test-loop-a', 'pending'], ['test-loop-b', 'pending']]);
  });
});

describe('explanation text', () => {
  it('is one paragraph per step, and names the zone of every time it shows', () => {
    const facts = messagingAppCase(2025);
    facts.reports = [{ ruleCode: 'in-certin-6h', firstSubmittedAt: new Date('2025-05-20T06:00:00Z') }];
    const sixHours = resultOf(compute(factsOf(facts), '2025-12-01T00:00:00Z'), 'in-certin-6h');
    const text = explanationText(sixHours);
    assert.equal(text.split('\n\n').length, sixHours.explanation.length);
    const times = text.match(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2} [^ ]+ \([^)]+\)/g) ?? [];
    assert.ok(times.length >= 4, text);
    for (const time of times) assert.match(time, /\(Asia\/Kolkata\)$/);
    assert.deepEqual(sixHours.explanation.map((s) => s.kind), ['applies', 'applies', 'applies', 'trigger', 'due', 'state']);
  });
});
