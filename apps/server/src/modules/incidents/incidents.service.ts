/**
 * Incidents: creation with a never-reused reference, reading (a narrower view for
 * outside organizations), changes with optimistic locking, the status lifecycle,
 * affected counts with history, and links between incidents.
 */
import type { Static } from '@sinclair/typebox';
import type { ChangeStatusBody, CreateIncidentBody, Incident, LinkIncidentsBody, SetAffectedCountBody, UpdateIncidentBody } from '#shared/contracts/incidents';
import { STATUS_TRANSITIONS, type IncidentStatus, statusNeedsReason, tlpRank } from '#shared/incidents';
import type { Actor } from '../../audit/audit-event.ts';
import { type UnitOfWork, type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import type { Principal } from '../../access/principal.ts';
import { recordSystemEntry } from '../timeline/system-entries.ts';
import { assertKeyTimeOrder, keyTimeColumns } from './incident-facts.ts';
import { presentIncident } from './incident-view.ts';
import * as repo from './incidents.repository.ts';
import { incidentScope } from './incidents.scope.ts';
import { findWritableIncident } from './writable-incident.ts';
import { enqueueRecompute } from '../obligations/obligation-job-names.ts';

export interface IncidentsServiceDeps extends UnitOfWorkDeps {
  clock: () => Date;
}

function mayLowerTlp(principal: Principal, row: { owner_id: string | null }): boolean {
  return principal.isStaff && (principal.role === 'admin' || principal.role === 'coordinator' || row.owner_id === principal.userId);
}

function snapshot(row: repo.IncidentDetailRow) {
  return {
    title: row.title, severity: row.severity, status: row.status, tlp: row.tlp, categoryId: row.category_id,
    ownerId: row.owner_id, teamId: row.team_id, cves: row.cves, tags: row.tags,
  };
}

export function createIncidentsService(deps: IncidentsServiceDeps) {
  const { db, clock } = deps;

  async function checkReferences(uow: UnitOfWork, input: { categoryId?: string | null; ownerId?: string | null; teamId?: string | null }) {
    if (input.categoryId) {
      const category = await uow.trx.selectFrom('incident_categories').select('active').where('id', '=', input.categoryId).executeTakeFirst();
      if (!category?.active) throw new AppError('incidents.unknown_category', 'The category does not exist or is retired.');
    }
    if (input.ownerId) {
      const owner = await uow.trx.selectFrom('users as u').innerJoin('organizations as o', 'o.id', 'u.organization_id')
        .select(['u.role', 'o.is_home', 'u.disabled_at']).where('u.id', '=', input.ownerId).executeTakeFirst();
      if (!owner || !owner.is_home || owner.disabled_at || owner.role === 'viewer' || owner.role === 'auditor') {
        throw new AppError('incidents.invalid_owner', 'The owner must be an active coordinator, analyst or administrator of the CERT.');
      }
    }
    if (input.teamId) {
      const team = await uow.trx.selectFrom('teams').select('id').where('id', '=', input.teamId).executeTakeFirst();
      if (!team) throw new AppError('incidents.unknown_team', 'The team does not exist.');
    }
  }

  async function loadForChange(uow: UnitOfWork, principal: Principal, id: string, version: number) {
    const row = await findWritableIncident(uow.trx, principal, id);
    if (row.version !== version) {
      throw new AppError('incidents.version_conflict', `Someone changed this incident meanwhile (now version ${row.version}); reload and try again.`, { details: { currentVersion: row.version } });
    }
    return row;
  }

  async function present(principal: Principal, id: string, trx = db): Promise<Incident> {
    const scope = incidentScope(principal);
    const row = await repo.findIncident(trx, scope, id);
    if (!row) throw notFound('incidents', 'The incident');
    return presentIncident(trx, scope, row, mayLowerTlp(principal, row));
  }

  return {
    get: present,

    async getAndRecordOpening(principal: Principal, actor: Actor, id: string): Promise<Incident> {
      const view = await present(principal, id);
      if (!principal.isStaff && view.participation) {
        await inTransaction(deps, actor, async (uow) => {
          const opened = await uow.trx.updateTable('participants').set({ first_opened_at: clock(), first_opened_by: principal.userId })
            .where('incident_id', '=', id).where('organization_id', '=', principal.organizationId).where('first_opened_at', 'is', null)
            .returning('id').executeTakeFirst();
          if (opened) uow.audit({ action: 'incident.opened_by_participant', targetType: 'incident', targetIds: [id, opened.id, principal.organizationId] });
        });
      }
      return view;
    },

    async create(principal: Principal, actor: Actor, input: CreateIncidentBody): Promise<Incident> {
      const now = clock();
      const times = keyTimeColumns(input.keyTimes, now);
      const values: repo.IncidentValues = {
        title: input.title.trim(), summary: input.summary ?? '', category_id: input.categoryId ?? null, severity: input.severity, tlp: input.tlp,
        occurred_at: null, occurred_tz: null, detected_at: null, detected_tz: null, noticed_at: null, noticed_tz: null, reported_at: null, reported_tz: null,
        ...times,
        platforms: input.platforms ?? [], cves: input.cves ?? [], threat_actors: input.threatActors ?? [], malware: input.malware ?? [], tags: input.tags ?? [],
        owner_id: input.ownerId ?? principal.userId, team_id: input.teamId ?? null,
      };
      assertKeyTimeOrder(values);
      const id = await inTransaction(deps, actor, async (uow) => {
        await checkReferences(uow, { categoryId: values.category_id, ownerId: values.owner_id, teamId: values.team_id });
        const reference = await repo.nextReference(uow.trx, now.getUTCFullYear());
        const newId = await repo.insertIncident(uow.trx, { ...values, reference, created_by: principal.userId, now });
        await recordSystemEntry(uow.trx, { incidentId: newId, event: 'incident.created', text: `Incident ${reference} recorded: ${values.title}`, at: now, tlp: values.tlp, actorId: principal.userId });
        enqueueRecompute(uow, newId);
        uow.audit({ action: 'incident.created', targetType: 'incident', targetIds: [newId], after: { reference, title: values.title, severity: values.severity, tlp: values.tlp } });
        return newId;
      });
      return present(principal, id);
    },

    async update(principal: Principal, actor: Actor, id: string, input: UpdateIncidentBody): Promise<Incident> {
      const now = clock();
      await inTransaction(deps, actor, async (uow) => {
        const before = await loadForChange(uow, principal, id, input.version);
        if (input.tlp && tlpRank(input.tlp) < tlpRank(before.tlp) && !mayLowerTlp(principal, before)) {
          throw new AppError('incidents.tlp_downgrade_forbidden', 'Only the owner, a coordinator or an administrator may lower the TLP marking.', { status: 403 });
        }
        const changes: Partial<repo.IncidentValues> = {
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.summary !== undefined ? { summary: input.summary } : {}),
          ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
          ...(input.severity !== undefined ? { severity: input.severity } : {}),
          ...(input.tlp !== undefined ? { tlp: input.tlp } : {}),
          ...keyTimeColumns(input.keyTimes, now),
          ...(input.platforms !== undefined ? { platforms: input.platforms } : {}),
          ...(input.cves !== undefined ? { cves: input.cves } : {}),
          ...(input.threatActors !== undefined ? { threat_actors: input.threatActors } : {}),
          ...(input.malware !== undefined ? { malware: input.malware } : {}),
          ...(input.tags !== undefined ? { tags: input.tags } : {}),
          ...(input.ownerId !== undefined ? { owner_id: input.ownerId } : {}),
          ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
        };
        assertKeyTimeOrder({ ...before, ...changes } as Parameters<typeof assertKeyTimeOrder>[0]);
        await checkReferences(uow, { categoryId: changes.category_id, ownerId: changes.owner_id, teamId: changes.team_id });
        if (!(await repo.updateIncidentRow(uow.trx, id, input.version, changes, now))) throw new AppError('incidents.version_conflict', 'Someone changed this incident meanwhile; reload and try again.');
        const after = await repo.findIncident(uow.trx, { kind: 'all', userId: principal.userId }, id);
        enqueueRecompute(uow, id);
        uow.audit({ action: 'incident.updated', targetType: 'incident', targetIds: [id], before: snapshot(before), after: after && snapshot(after) });
      });
      return present(principal, id);
    },

    async changeStatus(principal: Principal, actor: Actor, id: string, input: Static<typeof ChangeStatusBody>): Promise<Incident> {
      const now = clock();
      await inTransaction(deps, actor, async (uow) => {
        const before = await loadForChange(uow, principal, id, input.version);
        const from = before.status as IncidentStatus;
        if (!STATUS_TRANSITIONS[from].includes(input.status)) {
          throw new AppError('incidents.illegal_transition', `An incident cannot go from ${from} to ${input.status}; allowed: ${STATUS_TRANSITIONS[from].join(', ')}.`, { status: 409 });
        }
        if (statusNeedsReason(from, input.status) && !input.reason) {
          throw new AppError('incidents.reason_required', `Give a reason to move an incident from ${from} to ${input.status}.`);
        }
        await repo.updateIncidentRow(uow.trx, id, input.version, { status: input.status, status_reason: input.reason ?? null }, now);
        const verb = from === 'resolved' || from === 'closed' ? 'reopened' : `moved to ${input.status}`;
        await recordSystemEntry(uow.trx, { incidentId: id, event: 'incident.status_changed', text: `Status ${verb} (was ${from})${input.reason ? `: ${input.reason}` : ''}`, at: now, tlp: before.tlp, actorId: principal.userId });
        uow.audit({ action: 'incident.status_changed', targetType: 'incident', targetIds: [id], before: { status: from }, after: { status: input.status, reason: input.reason ?? null } });
      });
      return present(principal, id);
    },

    async setAffectedCount(principal: Principal, actor: Actor, id: string, input: Static<typeof SetAffectedCountBody>): Promise<Incident> {
      const now = clock();
      if (new Date(`${input.asOf}T00:00:00Z`).getTime() > now.getTime() + 86_400_000) {
        throw new AppError('incidents.time_in_future', 'The "as of" date of a count cannot be in the future.');
      }
      await inTransaction(deps, actor, async (uow) => {
        await findWritableIncident(uow.trx, principal, id);
        if (input.sourceOrganizationId) {
          const org = await uow.trx.selectFrom('organizations').select('id').where('id', '=', input.sourceOrganizationId).executeTakeFirst();
          if (!org) throw new AppError('incidents.unknown_organization', 'The source organization does not exist.');
        }
        const inserted = await uow.trx.insertInto('affected_counts').values({
          incident_id: id, country: input.country, count: input.count, approximate: input.approximate ?? false, as_of: input.asOf,
          source: input.source.trim(), source_organization_id: input.sourceOrganizationId ?? null, recorded_by: principal.userId, recorded_at: now,
        }).returning('id').executeTakeFirstOrThrow();
        await uow.trx.updateTable('incidents').set({ updated_at: now }).where('id', '=', id).execute();
        enqueueRecompute(uow, id);
        uow.audit({ action: 'incident.affected_count_set', targetType: 'incident', targetIds: [id, inserted.id], after: input });
      });
      return present(principal, id);
    },

    async link(principal: Principal, actor: Actor, id: string, input: Static<typeof LinkIncidentsBody>): Promise<Incident> {
      if (input.otherIncidentId === id) throw new AppError('incidents.self_link', 'An incident cannot be linked to itself.');
      await inTransaction(deps, actor, async (uow) => {
        await findWritableIncident(uow.trx, principal, id, { lock: false });
        if (!(await repo.findIncident(uow.trx, incidentScope(principal), input.otherIncidentId))) throw notFound('incidents', 'The incident');
        const [a, b] = id < input.otherIncidentId ? [id, input.otherIncidentId] : [input.otherIncidentId, id];
        const inserted = await uow.trx.insertInto('incident_links')
          .values({ incident_a: a, incident_b: b, note: input.note ?? null, created_by: principal.userId, created_at: clock() })
          .onConflict((oc) => oc.columns(['incident_a', 'incident_b']).doNothing()).returning('incident_a').executeTakeFirst();
        if (!inserted) throw new AppError('incidents.already_linked', 'These incidents are linked already.', { status: 409 });
        uow.audit({ action: 'incident.linked', targetType: 'incident', targetIds: [id, input.otherIncidentId], after: { note: input.note ?? null } });
      });
      return present(principal, id);
    },
  };
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;
