/**
 * An incident opened by an organization's first report, when Casebook does not know it
 * yet: recorded from the facts the report gives (title, summary, category, times with
 * their zones), reported at the submission time, owned by the CERT's first active
 * administrator (ownerless when there is none, so that only administrators see it until
 * a coordinator takes it), TLP:AMBER, and with the organization as a participant.
 */
import { PARTICIPANT_ROLE_LABELS } from '#shared/incidents';
import type { ReportedIncident } from '#shared/contracts/incident-reports';
import type { Principal } from '../../access/principal.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import { AppError } from '../../http/app-error.ts';
import { assertKeyTimeOrder, keyTimeColumns } from '../incidents/incident-facts.ts';
import { insertIncident, type IncidentValues, nextReference } from '../incidents/incidents.repository.ts';
import { recordSystemEntry } from '../timeline/system-entries.ts';
import { firstAdminId } from './incident-reports.repository.ts';

export async function openIncidentFromReport(
  uow: UnitOfWork,
  principal: Principal,
  input: ReportedIncident,
  context: { organizationName: string; externalReference: string; now: Date },
): Promise<{ id: string; occurredAt: Date | null }> {
  const { now } = context;
  let categoryId: string | null = null;
  if (input.categoryCode) {
    const category = await uow.trx.selectFrom('incident_categories').select(['id', 'active']).where('code', '=', input.categoryCode).executeTakeFirst();
    if (!category?.active) throw new AppError('incidents.unknown_category', `The category ${input.categoryCode} does not exist or is retired.`, { status: 422 });
    categoryId = category.id;
  }
  const given = input.keyTimes ?? {};
  const zone = given.noticed?.timeZone ?? given.detected?.timeZone ?? given.occurred?.timeZone ?? 'UTC';
  const values: IncidentValues = {
    title: input.title.trim(), summary: input.summary ?? '', category_id: categoryId, severity: input.severity ?? 'medium', tlp: 'AMBER',
    occurred_at: null, occurred_tz: null, detected_at: null, detected_tz: null, noticed_at: null, noticed_tz: null, reported_at: null, reported_tz: null,
    ...keyTimeColumns({ ...given, reported: { at: now.toISOString(), timeZone: zone } }, now),
    platforms: [], cves: [], threat_actors: [], malware: [], tags: [],
    owner_id: await firstAdminId(uow.trx), team_id: null,
  };
  assertKeyTimeOrder(values);
  const reference = await nextReference(uow.trx, now.getUTCFullYear());
  const id = await insertIncident(uow.trx, { ...values, reference, created_by: principal.userId, now });
  const organizationId = principal.organizationId;
  await recordSystemEntry(uow.trx, {
    incidentId: id, event: 'incident.created', at: now, tlp: values.tlp, actorId: principal.userId, sharedWith: [organizationId],
    text: `Incident ${reference} recorded from the report ${context.externalReference} of ${context.organizationName}: ${values.title}`,
  });
  const role = input.role ?? 'affected_platform';
  const participant = await uow.trx.insertInto('participants').values({
    incident_id: id, organization_id: organizationId, role, note: null, notified_at: null, added_by: principal.userId, created_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  await recordSystemEntry(uow.trx, {
    incidentId: id, event: 'participant.added', at: now, tlp: values.tlp, actorId: principal.userId, sharedWith: [organizationId],
    text: `${context.organizationName} added as ${PARTICIPANT_ROLE_LABELS[role].toLowerCase()} (its own report)`,
  });
  uow.audit({ action: 'incident.created', targetType: 'incident', targetIds: [id], after: { reference, title: values.title, severity: values.severity, tlp: values.tlp, fromReport: context.externalReference } });
  uow.audit({ action: 'participant.added', targetType: 'participant', targetIds: [participant.id, id, organizationId], after: { role, notifiedAt: null } });
  return { id, occurredAt: values.occurred_at };
}
