/**
 * Participants: an outside organization's role in an incident. Adding one opens the
 * incident's summary to that organization's users; removing it closes it again.
 * Staff see every participant; an outside organization sees only its own.
 */
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { AddParticipantBody, Participant, UpdateParticipantBody } from '#shared/contracts/incidents';
import { PARTICIPANT_ROLE_LABELS } from '#shared/incidents';
import type { Actor } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { findIncident } from '../incidents/incidents.repository.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import { recordSystemEntry } from '../timeline/system-entries.ts';
import { enqueueRecompute } from '../obligations/obligation-job-names.ts';

type Executor = Parameters<typeof findIncident>[0];

function participantsQuery(db: Executor, incidentId: string) {
  return db
    .selectFrom('participants as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('users as u', 'u.id', 'p.first_opened_by')
    .select(['p.id', 'p.organization_id', 'o.name as organization_name', 'o.kind as organization_kind', 'p.role', 'p.note', 'p.notified_at',
      'p.first_opened_at', 'p.first_opened_by', 'u.name as first_opened_by_name', 'p.created_at', 'p.version'])
    .where('p.incident_id', '=', incidentId);
}

type Row = Awaited<ReturnType<ReturnType<typeof participantsQuery>['execute']>>[number];

function toView(row: Row): Participant {
  return {
    id: row.id,
    organization: { id: row.organization_id, name: row.organization_name, kind: row.organization_kind },
    role: row.role,
    note: row.note,
    notifiedAt: row.notified_at?.toISOString() ?? null,
    firstOpenedAt: row.first_opened_at?.toISOString() ?? null,
    firstOpenedBy: row.first_opened_by ? { id: row.first_opened_by, name: row.first_opened_by_name ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

export function createParticipantsService(deps: UnitOfWorkDeps & { clock: () => Date }) {
  const { db, clock } = deps;

  const writableIncident = (trx: Transaction<DB>, principal: Principal, incidentId: string) => findWritableIncident(trx, principal, incidentId);

  return {
    async list(principal: Principal, incidentId: string): Promise<{ items: Participant[] }> {
      const scope = incidentScope(principal);
      if (!(await findIncident(db, scope, incidentId))) throw notFound('incidents', 'The incident');
      let query = participantsQuery(db, incidentId);
      if (scope.kind === 'organization') query = query.where('p.organization_id', '=', scope.organizationId);
      const rows = await query.orderBy('p.created_at').orderBy('p.id').execute();
      return { items: rows.map(toView) };
    },

    async add(principal: Principal, actor: Actor, incidentId: string, input: Static<typeof AddParticipantBody>): Promise<Participant> {
      if (input.notifiedAt && new Date(input.notifiedAt).getTime() > clock().getTime() + 300_000) {
        throw new AppError('participants.time_in_future', 'The time the organization was notified cannot be in the future.');
      }
      return inTransaction(deps, actor, async (uow) => {
        const incident = await writableIncident(uow.trx, principal, incidentId);
        const org = await uow.trx.selectFrom('organizations').select(['id', 'name', 'is_home']).where('id', '=', input.organizationId).executeTakeFirst();
        if (!org) throw notFound('organizations', 'The organization');
        if (org.is_home) throw new AppError('participants.home_organization', 'The CERT itself is not a participant; add its staff as incident members.');
        const inserted = await uow.trx.insertInto('participants').values({
          incident_id: incidentId, organization_id: org.id, role: input.role, note: input.note ?? null,
          notified_at: input.notifiedAt ? new Date(input.notifiedAt) : null, added_by: principal.userId, created_at: clock(),
        }).onConflict((oc) => oc.columns(['incident_id', 'organization_id']).doNothing()).returning('id').executeTakeFirst();
        if (!inserted) throw new AppError('participants.already_exists', `${org.name} already takes part in this incident.`, { status: 409 });
        await recordSystemEntry(uow.trx, {
          incidentId, event: 'participant.added', text: `${org.name} added as ${PARTICIPANT_ROLE_LABELS[input.role].toLowerCase()}`,
          at: clock(), tlp: incident.tlp, actorId: principal.userId, sharedWith: [org.id],
        });
        enqueueRecompute(uow, incidentId);
        uow.audit({ action: 'participant.added', targetType: 'participant', targetIds: [inserted.id, incidentId, org.id], after: { role: input.role, notifiedAt: input.notifiedAt ?? null } });
        const row = await participantsQuery(uow.trx, incidentId).where('p.id', '=', inserted.id).executeTakeFirstOrThrow();
        return toView(row);
      });
    },

    async update(principal: Principal, actor: Actor, incidentId: string, participantId: string, input: Static<typeof UpdateParticipantBody>): Promise<Participant> {
      return inTransaction(deps, actor, async (uow) => {
        await writableIncident(uow.trx, principal, incidentId);
        const before = await participantsQuery(uow.trx, incidentId).where('p.id', '=', participantId).executeTakeFirst();
        if (!before) throw notFound('participants', 'The participant');
        if (before.version !== input.version) throw new AppError('participants.version_conflict', `Someone changed this participant meanwhile (now version ${before.version}).`);
        const result = await uow.trx.updateTable('participants').set({
          ...(input.role !== undefined ? { role: input.role } : {}),
          ...(input.note !== undefined ? { note: input.note } : {}),
          ...(input.notifiedAt !== undefined ? { notified_at: input.notifiedAt ? new Date(input.notifiedAt) : null } : {}),
          version: before.version + 1,
        }).where('id', '=', participantId).where('version', '=', input.version).executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw new AppError('participants.version_conflict', 'Someone changed this participant meanwhile.');
        const after = await participantsQuery(uow.trx, incidentId).where('p.id', '=', participantId).executeTakeFirstOrThrow();
        enqueueRecompute(uow, incidentId);
        uow.audit({ action: 'participant.updated', targetType: 'participant', targetIds: [participantId, incidentId, before.organization_id],
          before: { role: before.role, note: before.note, notifiedAt: before.notified_at }, after: { role: after.role, note: after.note, notifiedAt: after.notified_at } });
        return toView(after);
      });
    },

    async remove(principal: Principal, actor: Actor, incidentId: string, participantId: string): Promise<void> {
      await inTransaction(deps, actor, async (uow) => {
        const incident = await writableIncident(uow.trx, principal, incidentId);
        const before = await participantsQuery(uow.trx, incidentId).where('p.id', '=', participantId).executeTakeFirst();
        if (!before) throw notFound('participants', 'The participant');
        await uow.trx.deleteFrom('participants').where('id', '=', participantId).execute();
        await recordSystemEntry(uow.trx, {
          incidentId, event: 'participant.removed', text: `${before.organization_name} no longer takes part (${PARTICIPANT_ROLE_LABELS[before.role].toLowerCase()})`,
          at: clock(), tlp: incident.tlp, actorId: principal.userId,
        });
        enqueueRecompute(uow, incidentId);
        uow.audit({ action: 'participant.removed', targetType: 'participant', targetIds: [participantId, incidentId, before.organization_id], before: { role: before.role } });
      });
    },
  };
}

export type ParticipantsService = ReturnType<typeof createParticipantsService>;
