/**
 * Turns an incident row into what the caller may see: the full record for staff, and
 * for an outside organization only the reference, title, summary, status, marking, key
 * times and its own participation.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Incident } from '#shared/contracts/incidents';
import { STATUS_TRANSITIONS, type IncidentStatus } from '#shared/incidents';
import type { DB } from '../../db/schema.ts';
import * as repo from './incidents.repository.ts';
import type { IncidentScope } from './incidents.scope.ts';

function keyTime(at: Date | null, zone: string | null) {
  return at ? { at: at.toISOString(), timeZone: zone ?? 'UTC' } : null;
}

function countView(row: repo.AffectedCountRow) {
  return {
    id: row.id,
    country: row.country,
    count: row.count,
    approximate: row.approximate,
    asOf: row.as_of,
    source: row.source,
    sourceOrganization: row.source_organization_id ? { id: row.source_organization_id, name: row.source_organization_name ?? '' } : null,
    recordedAt: row.recorded_at.toISOString(),
    recordedBy: row.recorded_by_name,
  };
}

export async function presentIncident(
  db: Kysely<DB> | Transaction<DB>,
  scope: IncidentScope,
  row: repo.IncidentDetailRow,
  mayLowerTlp: boolean,
): Promise<Incident> {
  const base = {
    id: row.id,
    reference: row.reference,
    title: row.title,
    status: row.status as IncidentStatus,
    severity: row.severity,
    tlp: row.tlp,
    category: row.category_id ? { id: row.category_id, code: row.category_code ?? '', label: row.category_label ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    summary: row.summary,
    statusReason: row.status_reason,
    keyTimes: {
      occurred: keyTime(row.occurred_at, row.occurred_tz),
      detected: keyTime(row.detected_at, row.detected_tz),
      noticed: keyTime(row.noticed_at, row.noticed_tz),
      reported: keyTime(row.reported_at, row.reported_tz),
    },
    version: row.version,
  };

  if (scope.kind === 'organization') {
    const participation = await db.selectFrom('participants').select(['role', 'notified_at'])
      .where('incident_id', '=', row.id).where('organization_id', '=', scope.organizationId).executeTakeFirst();
    return {
      ...base,
      // The reason is staff's own note; the chronology entry carrying it is not shared either.
      statusReason: null,
      platforms: [], cves: [], threatActors: [], malware: [], tags: [], owner: null, team: null,
      affectedCounts: [], affectedCountHistory: [], links: [],
      abilities: { update: false, changeStatus: false, lowerTlp: false, manageParticipants: false, addTimelineEntry: false, allowedTransitions: [] },
      participation: participation ? { role: participation.role, notifiedAt: participation.notified_at?.toISOString() ?? null } : null,
    };
  }

  const [counts, links] = await Promise.all([repo.affectedCounts(db, row.id), repo.linkedIncidents(db, scope, row.id)]);
  const write = Boolean(row.can_write);
  return {
    ...base,
    platforms: row.platforms,
    cves: row.cves,
    threatActors: row.threat_actors,
    malware: row.malware,
    tags: row.tags,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    team: row.team_id ? { id: row.team_id, name: row.team_name ?? '' } : null,
    affectedCounts: counts.current.map(countView),
    affectedCountHistory: counts.history.map(countView),
    links: links.map((l) => ({ id: l.id, reference: l.reference, title: l.title, note: l.note })),
    abilities: {
      update: write,
      changeStatus: write,
      lowerTlp: write && mayLowerTlp,
      manageParticipants: write,
      addTimelineEntry: write,
      allowedTransitions: write ? [...STATUS_TRANSITIONS[row.status as IncidentStatus]] : [],
    },
    participation: null,
  };
}
