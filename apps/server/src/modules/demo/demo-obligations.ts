/**
 * The demo's obligations (docs/demo.md, "Obligations"): the 2019 case under the law of
 * 2019, and the same facts replayed in 2025 under the CERT-In Directions of 2022.
 *
 * - 2019: the platform had noticed the flaw by 13 May 2019 and reported it on 20 May. The
 *   2013 Rules asked for a report "as early as possible" (no fixed hours): the report of
 *   20 May, in the chronology, is linked as meeting it. The six-hour rule of 2022 is shown
 *   as not applicable to 2019 facts, never as breached.
 * - 2025: the platform notices the same kind of exploit at 09:00 on 13 May 2025 and files
 *   its report to the CERT through the portal at 17:00: eight hours, two hours late under
 *   direction (ii). The report opens the incident, as a first report does.
 * Everything goes through the services as the demo users, on the case clock.
 */
import { questionnaireOf } from '#shared/contracts/incident-reports';
import { LinkObligationEntryBody, SetObligationFactsBody } from '#shared/contracts/obligation-api';
import { SubmitIncidentReportBody } from '#shared/contracts/incident-reports';
import { UpdateIncidentBody } from '#shared/contracts/incidents';
import type { RuleDefinition } from '../obligations/obligation-types.ts';
import { CASE_ZONE, indiaTime } from './case-clock.ts';
import type { DemoContext } from './demo-context.ts';
import { contract } from './demo-input.ts';

export const REPLAY = {
  reference: 'MP-CERT-2025-0513',
  title: 'Spyware delivered through the messaging app\'s voice calls (the 2019 facts, replayed in 2025)',
  summary: 'A replay of the 2019 case under the CERT-In Directions of 28 April 2022: the platform notices the exploit at 09:00 and '
    + 'reports it to the CERT at 17:00 the same day, eight hours later, where direction (ii) allows six.',
  noticed: '2025-05-13T09:00',
  filed: '2025-05-13T17:00',
};

/** The platform's 2019 facts and the link of its report of 20 May 2019 to the 2013 Rules' duty. */
export async function recordObligations2019(ctx: DemoContext, incidentId: string, platformReportEntryId: string): Promise<void> {
  const { people, services } = ctx;
  const platform = people.organizations.platform.id;
  await services.obligations.setFacts(people.principal('coordinator'), people.actor('coordinator'), incidentId, platform, contract(SetObligationFactsBody, {
    facts: [{
      fact: 'noticed_at', at: indiaTime('2019-05-13T00:00'), timeZone: CASE_ZONE,
      source: 'The platform\'s statement of 13 May 2019 that it had found and fixed the flaw (the day is known, not the hour)',
    }],
  }, 'obligation facts'));
  await services.obligations.linkEntry(people.principal('coordinator'), people.actor('coordinator'), incidentId, contract(LinkObligationEntryBody, {
    organizationId: platform, ruleCode: 'in-certin-r12-2013', timelineEntryId: platformReportEntryId,
  }, 'obligation link'));
}

/** The 2025 replay: the platform's report, filed eight hours after it noticed the exploit, opens the incident. */
export async function fileReplayReport(ctx: DemoContext): Promise<{ incidentId: string; reference: string }> {
  const { people, services, deps, clock } = ctx;
  const rule = await deps.db.selectFrom('obligation_rules as r')
    .innerJoin('obligation_rule_versions as v', (join) => join.onRef('v.rule_id', '=', 'r.id').onRef('v.version', '=', 'r.version'))
    .select('v.definition').where('r.code', '=', 'in-certin-6h').executeTakeFirstOrThrow();
  const questions = questionnaireOf(rule.definition as RuleDefinition);
  const answers = Object.fromEntries(questions.map((q) => [q.key, q.key === 'description'
    ? 'A missed voice call delivered spyware to users\' phones through a flaw in the app\'s call stack; the flaw is fixed in the version released today.'
    : 'Attached to this report: the affected versions, the indicators we hold and the call logs of the affected accounts.']));
  clock.at(REPLAY.filed);
  const submitted = await services.reports.submit(people.principal('platformContact'), people.actor('platformContact'), contract(SubmitIncidentReportBody, {
    ruleCode: 'in-certin-6h',
    externalReference: REPLAY.reference,
    incident: {
      title: REPLAY.title, summary: REPLAY.summary, categoryCode: 'malicious-code', severity: 'critical',
      keyTimes: { noticed: { at: indiaTime(REPLAY.noticed), timeZone: CASE_ZONE } },
    },
    answers,
    facts: [{ fact: 'noticed_at', at: indiaTime(REPLAY.noticed), timeZone: CASE_ZONE }],
  }, 'incident report'));
  // The CERT's coordinator takes the new incident on, as for the 2019 one.
  clock.at('2025-05-13T17:20');
  const opened = await services.incidents.get(people.principal('admin'), submitted.incident.id);
  await services.incidents.update(people.principal('admin'), people.actor('admin'), opened.id, contract(UpdateIncidentBody, {
    version: opened.version, ownerId: people.users.coordinator.id,
  }, 'incident owner'));
  return { incidentId: submitted.incident.id, reference: submitted.incident.reference };
}
