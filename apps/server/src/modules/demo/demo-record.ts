/**
 * The incident of the demo case and what staff record on it: its facts, who may work on
 * it, the organizations taking part, the chronology with its sources, the affected
 * counts, the meetings with their disclosure ledger, and the conflicting accounts.
 * Every record goes through its module's service as the demo user who would enter it.
 */
import type { Static } from '@sinclair/typebox';
import { CreateEngagementBody, type Engagement } from '#shared/contracts/engagements';
import { AddParticipantBody, ChangeStatusBody, CreateIncidentBody, SetAffectedCountBody, SetMemberBody } from '#shared/contracts/incidents';
import { AddTimelineEntryBody, MarkConflictBody, type SourceInput } from '#shared/contracts/timeline';
import type { DatePrecision, IncidentStatus, ParticipantRole, Tlp } from '#shared/incidents';
import { inTransaction } from '../../db/unit-of-work.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import { CASE_ZONE, indiaTime } from './case-clock.ts';
import {
  CVE, DEMO_PLATFORMS, DEMO_SUMMARY, DEMO_TAG, DEMO_TITLE, DISCLOSURE_DETAIL, type MEETINGS, VULNERABILITY_TOPIC,
} from './demo-case.ts';
import type { DemoContext } from './demo-context.ts';
import { contract } from './demo-input.ts';
import type { DemoOrganizationKey, DemoUserKey } from './demo-people.ts';

export async function createDemoIncident(ctx: DemoContext): Promise<{ id: string; reference: string }> {
  const { people, services, deps } = ctx;
  const category = await deps.db.selectFrom('incident_categories').select('id').where('code', '=', 'malicious-code').executeTakeFirst();
  const body = contract(CreateIncidentBody, {
    title: DEMO_TITLE,
    summary: DEMO_SUMMARY,
    ...(category ? { categoryId: category.id } : {}),
    severity: 'critical',
    tlp: 'AMBER',
    // The day of the platform's report is known, not its hour: the key time is midnight of that day in India.
    keyTimes: { reported: { at: indiaTime('2019-05-20T00:00'), timeZone: CASE_ZONE } },
    platforms: DEMO_PLATFORMS,
    cves: [CVE.cveId],
    malware: ['Pegasus'],
    tags: [DEMO_TAG, 'spyware'],
    ownerId: people.users.coordinator.id,
  }, 'incident');
  const incident = await services.incidents.create(people.principal('analyst'), people.actor('analyst'), body);
  return { id: incident.id, reference: incident.reference };
}

/**
 * The other staff of the demo get access to the incident (the owner, its creator and
 * administrators have it already): the second coordinator may change it, the auditor
 * and the viewer read it. The same change, check and audit row as the setIncidentMember
 * route, which has no service of its own to call.
 */
export async function giveStaffAccess(ctx: DemoContext, incidentId: string): Promise<void> {
  const { people, deps, clock } = ctx;
  const grants: Array<[DemoUserKey, Static<typeof SetMemberBody>['access']]> = [['approver', 'write'], ['auditor', 'read'], ['viewer', 'read']];
  for (const [key, access] of grants) {
    contract(SetMemberBody, { access }, 'incident member');
    await inTransaction(deps, people.actor('coordinator'), async (uow) => {
      await findWritableIncident(uow.trx, people.principal('coordinator'), incidentId);
      const userId = people.users[key].id;
      await uow.trx.insertInto('incident_members').values({ incident_id: incidentId, user_id: userId, access, added_by: people.users.coordinator.id, added_at: clock.now() })
        .onConflict((oc) => oc.columns(['incident_id', 'user_id']).doUpdateSet({ access })).execute();
      uow.audit({ action: 'incident.member_set', targetType: 'incident', targetIds: [incidentId, userId], after: { access } });
    });
  }
}

export async function moveStatus(ctx: DemoContext, incidentId: string, status: IncidentStatus): Promise<void> {
  const { people, services } = ctx;
  const current = await services.incidents.get(people.principal('coordinator'), incidentId);
  const body = contract(ChangeStatusBody, { version: current.version, status }, 'status change');
  await services.incidents.changeStatus(people.principal('coordinator'), people.actor('coordinator'), incidentId, body);
}

export async function addParticipant(ctx: DemoContext, incidentId: string, organization: DemoOrganizationKey, role: ParticipantRole, note: string): Promise<void> {
  const { people, services } = ctx;
  const body = contract(AddParticipantBody, { organizationId: people.organizations[organization].id, role, note }, `participant ${organization}`);
  await services.participants.add(people.principal('coordinator'), people.actor('coordinator'), incidentId, body);
}

export interface EntrySpec {
  /** Local date (or month, "2019-10") in India, or an instant with its zone for a minute-precise fact. */
  when: { date: string; precision: Exclude<DatePrecision, 'minute'> } | { at: string; timeZone: string };
  text: string;
  source: Static<typeof SourceInput> & { organization?: DemoOrganizationKey };
  tlp: Tlp;
  sharedWith?: DemoOrganizationKey[];
}

/** A staff entry in the chronology, written by the analyst, with where the fact comes from. */
export async function addEntry(ctx: DemoContext, incidentId: string, spec: EntrySpec): Promise<string> {
  const { people, services } = ctx;
  const { organization, ...source } = spec.source;
  const when = 'at' in spec.when
    ? { occurredAt: spec.when.at, precision: 'minute' as const, timeZone: spec.when.timeZone }
    : { occurredAt: indiaTime(`${spec.when.precision === 'month' ? `${spec.when.date}-01` : spec.when.date}T00:00`), precision: spec.when.precision, timeZone: CASE_ZONE };
  const body = contract(AddTimelineEntryBody, {
    ...when,
    text: spec.text,
    source: { ...source, ...(organization ? { organizationId: people.organizations[organization].id } : {}) },
    tlp: spec.tlp,
    ...(spec.sharedWith ? { sharedWith: spec.sharedWith.map((key) => people.organizations[key].id) } : {}),
  }, 'chronology entry');
  const entry = await services.timeline.add(people.principal('analyst'), people.actor('analyst'), incidentId, body);
  return entry.id;
}

/** The counts of the platform's update of 5 September 2019: about 1,400 worldwide, about 121 in India. */
export async function recordAffectedCounts(ctx: DemoContext, incidentId: string): Promise<void> {
  const { people, services } = ctx;
  const source = 'The platform\'s update of its incident report to the CERT, 5 September 2019';
  for (const [country, count] of [['ZZ', 1400], ['IN', 121]] as const) {
    const body = contract(SetAffectedCountBody, {
      country, count, approximate: true, asOf: '2019-09-05', source, sourceOrganizationId: people.organizations.platform.id,
    }, 'affected count');
    await services.incidents.setAffectedCount(people.principal('analyst'), people.actor('analyst'), incidentId, body);
  }
}

/** A meeting with the platform, recorded by the coordinator, with the ledger row: the vulnerability was not disclosed. */
export async function recordMeeting(ctx: DemoContext, incidentId: string, meeting: (typeof MEETINGS)[number]): Promise<Engagement> {
  const { people, services } = ctx;
  const platform = people.organizations.platform.id;
  const body = contract(CreateEngagementBody, {
    kind: 'meeting',
    title: meeting.title,
    occurredAt: indiaTime(`${meeting.date}T00:00`),
    precision: 'day',
    timeZone: CASE_ZONE,
    minutes: meeting.minutes,
    tlp: 'AMBER',
    attendees: [
      { organizationId: people.organizations.cert.id, userId: people.users.coordinator.id, role: 'Coordinator' },
      { organizationId: platform, name: 'Representatives of the platform' },
    ],
    disclosures: [{ topic: VULNERABILITY_TOPIC, organizationId: platform, state: 'not_asked', detail: DISCLOSURE_DETAIL }],
  }, 'engagement');
  return services.engagements.create(people.principal('coordinator'), people.actor('coordinator'), incidentId, body);
}

export async function markConflict(ctx: DemoContext, incidentId: string, entryA: string, entryB: string, note: string): Promise<void> {
  const { people, services } = ctx;
  const body = contract(MarkConflictBody, { entryA, entryB, note }, 'conflict');
  await services.timeline.markConflict(people.principal('coordinator'), people.actor('coordinator'), incidentId, body);
}
