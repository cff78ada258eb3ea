/**
 * Loads what the obligation engine reads, for a batch of incidents at once: one query per
 * kind of fact, each over all the batch's incidents, so recomputing a million incidents
 * costs a few statements per thousand of them, not a few per incident.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { JUDGEMENT_FACTS, type JudgementFact, type ObligationFacts, TIME_FACTS, type TimeFact } from './obligation-types.ts';

type Executor = Kysely<DB> | Transaction<DB>;

const KEY_TIMES = ['occurred', 'detected', 'noticed', 'reported'] as const;
const ORDER_STATUSES = ['issued', 'acknowledged', 'responded', 'closed'] as const;

/** The facts of every participant organization (the home CERT excepted) of each incident, by incident id. */
export async function loadObligationFacts(db: Executor, incidentIds: string[]): Promise<Map<string, ObligationFacts[]>> {
  const byIncident = new Map<string, ObligationFacts[]>();
  if (incidentIds.length === 0) return byIncident;

  const [incidents, affected, parties, facts, orders, reports, links] = await Promise.all([
    db.selectFrom('incidents as i')
      .leftJoin('incident_categories as c', 'c.id', 'i.category_id')
      .select([
        'i.id', 'i.reference', 'c.code as category',
        'i.occurred_at', 'i.occurred_tz', 'i.detected_at', 'i.detected_tz', 'i.noticed_at', 'i.noticed_tz', 'i.reported_at', 'i.reported_tz',
      ])
      .where('i.id', 'in', incidentIds)
      .execute(),
    // The latest count per country (counts are revised with history).
    db.selectFrom('affected_counts')
      .distinctOn(['incident_id', 'country'])
      .select(['incident_id', 'country', 'count'])
      .where('incident_id', 'in', incidentIds)
      .orderBy('incident_id').orderBy('country').orderBy('as_of', 'desc').orderBy('recorded_at', 'desc')
      .execute(),
    db.selectFrom('participants as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(['p.incident_id', 'o.id', 'o.name', 'o.jurisdiction', 'o.operates_in', 'o.regulated_as', 'o.sectors'])
      .where('p.incident_id', 'in', incidentIds)
      .where('o.is_home', '=', false)
      .orderBy('p.incident_id').orderBy('o.name')
      .execute(),
    db.selectFrom('obligation_facts')
      .select(['incident_id', 'organization_id', 'fact', 'value_at', 'time_zone', 'value_bool', 'source'])
      .where('incident_id', 'in', incidentIds)
      .execute(),
    db.selectFrom('notices as n')
      .leftJoin('legal_bases as b', 'b.id', 'n.legal_basis_id')
      .leftJoin('notice_responses as r', (join) => join.onRef('r.notice_id', '=', 'n.id').on('r.status', '=', 'submitted'))
      .select(['n.incident_id', 'n.organization_id', 'n.id', 'n.reference', 'b.code as legal_basis_code', 'n.issued_at', 'n.due_at', 'n.time_zone',
        'r.id as response_id', 'r.submitted_at'])
      .where('n.incident_id', 'in', incidentIds)
      .where('n.status', 'in', ORDER_STATUSES)
      .execute(),
    db.selectFrom('incident_reports')
      .select(['id', 'incident_id', 'organization_id', 'rule_code', 'chain_code', 'chain_step', 'first_submitted_at'])
      .where('incident_id', 'in', incidentIds)
      .execute(),
    db.selectFrom('obligation_links as l')
      .innerJoin('obligation_rules as r', 'r.id', 'l.rule_id')
      .innerJoin('timeline_entries as t', 't.id', 'l.timeline_entry_id')
      .select(['l.incident_id', 'l.organization_id', 'r.code', 'l.timeline_entry_id', 't.occurred_at'])
      .where('l.incident_id', 'in', incidentIds)
      .execute(),
  ]);

  const key = (incidentId: string, organizationId: string) => `${incidentId}/${organizationId}`;
  const partyFacts = new Map<string, ObligationFacts>();

  const countsOf = groupBy(affected);
  const partiesOf = groupBy(parties);
  for (const incident of incidents) {
    const times: ObligationFacts['incident']['times'] = {};
    for (const name of KEY_TIMES) {
      const at = incident[`${name}_at`];
      if (at) times[`${name}_at`] = { at, timeZone: incident[`${name}_tz`], source: `the incident's ${name} time` };
    }
    const counts: Record<string, number> = {};
    for (const row of countsOf.get(incident.id) ?? []) counts[row.country] = row.count;
    const list: ObligationFacts[] = [];
    for (const party of partiesOf.get(incident.id) ?? []) {
      const entry: ObligationFacts = {
        incident: { id: incident.id, reference: incident.reference, category: incident.category, times, affected: counts },
        organization: {
          id: party.id, name: party.name, jurisdiction: party.jurisdiction, operatesIn: party.operates_in,
          regulatedAs: party.regulated_as, sectors: party.sectors,
        },
        times: {}, judgements: {}, orders: [], reports: [], links: {},
      };
      list.push(entry);
      partyFacts.set(key(incident.id, party.id), entry);
    }
    byIncident.set(incident.id, list);
  }

  for (const row of facts) {
    const entry = partyFacts.get(key(row.incident_id, row.organization_id));
    if (!entry) continue;
    if (row.value_at && (TIME_FACTS as readonly string[]).includes(row.fact)) {
      entry.times[row.fact as TimeFact] = { at: row.value_at, timeZone: row.time_zone, source: row.source };
    } else if (row.value_bool !== null && (JUDGEMENT_FACTS as readonly string[]).includes(row.fact)) {
      entry.judgements[row.fact as JudgementFact] = row.value_bool;
    }
  }
  for (const row of orders) {
    const entry = partyFacts.get(key(row.incident_id, row.organization_id));
    if (!entry || !row.issued_at || !row.reference) continue;
    entry.orders.push({
      noticeId: row.id, reference: row.reference, legalBasisCode: row.legal_basis_code, issuedAt: row.issued_at, dueAt: row.due_at,
      timeZone: row.time_zone, respondedAt: row.submitted_at ?? null, responseId: row.response_id ?? null,
    });
  }
  for (const row of reports) {
    partyFacts.get(key(row.incident_id, row.organization_id))?.reports.push({
      id: row.id, ruleCode: row.rule_code, chainCode: row.chain_code, chainStep: row.chain_step, firstSubmittedAt: row.first_submitted_at,
    });
  }
  for (const row of links) {
    const entry = partyFacts.get(key(row.incident_id, row.organization_id));
    if (entry) entry.links[row.code] = { timelineEntryId: row.timeline_entry_id, occurredAt: row.occurred_at };
  }
  return byIncident;
}

/** Rows by their incident, in their order. */
function groupBy<R extends { incident_id: string }>(rows: R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.incident_id);
    if (group) group.push(row);
    else groups.set(row.incident_id, [row]);
  }
  return groups;
}
