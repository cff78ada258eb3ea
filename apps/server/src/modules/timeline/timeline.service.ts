/**
 * The chronology of an incident: entries written by staff with their source, and the
 * events the system records itself. Corrections keep the earlier text as a revision;
 * disagreeing entries can be marked as conflicting. Outside organizations see only the
 * entries shared with them by name.
 */
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { AddTimelineEntryBody, ListTimelineQuery, MarkConflictBody, TimelineEntry, UpdateTimelineEntryBody } from '#shared/contracts/timeline';
import type { Actor } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import type { Principal } from '../../access/principal.ts';
import { isTimeZone } from '../incidents/incident-facts.ts';
import { findIncident } from '../incidents/incidents.repository.ts';
import { type IncidentScope, incidentScope } from '../incidents/incidents.scope.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import * as repo from './timeline.repository.ts';

const FUTURE_SLACK_MS = 5 * 60_000;

export function toEntryView(row: repo.EntryRow, conflicts: Array<{ id: string; entry_a: string; entry_b: string; note: string }>, scope: IncidentScope, canWrite: boolean): TimelineEntry {
  const external = scope.kind === 'organization';
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    precision: row.precision,
    timeZone: row.time_zone,
    kind: row.kind,
    event: row.event,
    text: row.text,
    source: row.source_kind
      ? {
          kind: row.source_kind,
          title: row.source_title,
          saidBy: row.source_said_by,
          organization: row.source_organization_id ? { id: row.source_organization_id, name: row.source_organization_name ?? '' } : null,
          date: row.source_date,
        }
      : null,
    tlp: row.tlp,
    includeInBriefings: row.include_in_briefings,
    // An outside organization never learns who else an entry was shared with.
    sharedWith: external ? [scope.organizationId] : row.shared_with,
    revision: row.revision,
    createdBy: external ? null : row.created_by_name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    conflicts: external
      ? []
      : conflicts
          .filter((c) => c.entry_a === row.id || c.entry_b === row.id)
          .map((c) => ({ id: c.id, otherEntryId: c.entry_a === row.id ? c.entry_b : c.entry_a, note: c.note })),
    abilities: { correct: canWrite && row.kind === 'entry' },
  };
}

export function createTimelineService(deps: UnitOfWorkDeps & { clock: () => Date }) {
  const { db, clock } = deps;

  async function readable(principal: Principal, incidentId: string, trx: Parameters<typeof findIncident>[0] = db) {
    const scope = incidentScope(principal);
    const incident = await findIncident(trx, scope, incidentId);
    if (!incident) throw notFound('incidents', 'The incident');
    return { scope, incident };
  }

  async function writable(trx: Transaction<DB>, principal: Principal, incidentId: string) {
    return { scope: incidentScope(principal), incident: await findWritableIncident(trx, principal, incidentId, { lock: false }) };
  }

  async function checkSharing(trx: Transaction<DB>, incidentId: string, organizations: string[] | undefined) {
    if (!organizations?.length) return;
    const rows = await trx.selectFrom('participants').select('organization_id').where('incident_id', '=', incidentId).where('organization_id', 'in', organizations).execute();
    if (rows.length !== organizations.length) {
      throw new AppError('timeline.not_a_participant', 'Entries can only be shared with organizations that take part in the incident.');
    }
  }

  function checkWhen(occurredAt: string | undefined, timeZone: string | undefined) {
    if (occurredAt && new Date(occurredAt).getTime() > clock().getTime() + FUTURE_SLACK_MS) throw new AppError('timeline.time_in_future', 'An event in the chronology cannot be in the future.');
    if (timeZone && !isTimeZone(timeZone)) throw new AppError('timeline.invalid_time_zone', `"${timeZone}" is not a known time zone.`);
  }

  async function checkSourceOrganization(trx: Transaction<DB>, id: string | undefined) {
    if (!id) return;
    if (!(await trx.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst())) throw notFound('organizations', 'The source organization');
  }

  return {
    async list(principal: Principal, incidentId: string, query: Static<typeof ListTimelineQuery>) {
      const { scope, incident } = await readable(principal, incidentId);
      // Conflicts are internal: filtering on them must not tell an outside organization which of its entries have one.
      if (scope.kind === 'organization' && query.conflictsOnly) return { items: [], nextCursor: null, total: 0 };
      const limit = query.limit ?? 100;
      const after = decodeCursor<{ at: string; id: string }>(query.cursor, { at: 'instant', id: 'uuid' });
      const filter: repo.EntryFilter = {
        incidentId,
        sharedWithOrganization: scope.kind === 'organization' ? scope.organizationId : undefined,
        kind: query.kind,
        sourceOrganizationId: query.sourceOrganizationId,
        conflictsOnly: query.conflictsOnly,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      };
      let page = repo.entriesQuery(db, filter);
      if (after) page = repo.entriesAfter(page, after.at, after.id);
      const [rows, total] = await Promise.all([
        page.orderBy('t.occurred_at').orderBy('t.id').limit(limit + 1).execute(),
        repo.countEntries(db, filter),
      ]);
      const items = rows.slice(0, limit);
      const conflicts = scope.kind === 'organization' ? [] : await repo.conflictsOf(db, items.map((r) => r.id));
      const last = items[items.length - 1];
      return {
        items: items.map((r) => toEntryView(r, conflicts, scope, Boolean(incident.can_write))),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.occurred_key, id: last.id }) : null,
        total,
      };
    },

    async add(principal: Principal, actor: Actor, incidentId: string, input: Static<typeof AddTimelineEntryBody>): Promise<TimelineEntry> {
      checkWhen(input.occurredAt, input.timeZone);
      return inTransaction(deps, actor, async (uow) => {
        const { scope } = await writable(uow.trx, principal, incidentId);
        await checkSharing(uow.trx, incidentId, input.sharedWith);
        await checkSourceOrganization(uow.trx, input.source.organizationId);
        const now = clock();
        const inserted = await uow.trx.insertInto('timeline_entries').values({
          incident_id: incidentId, occurred_at: new Date(input.occurredAt), precision: input.precision, time_zone: input.timeZone, kind: 'entry', event: null,
          text: input.text.trim(), source_kind: input.source.kind, source_title: input.source.title ?? null, source_said_by: input.source.saidBy ?? null,
          source_organization_id: input.source.organizationId ?? null, source_date: input.source.date ?? null, tlp: input.tlp,
          include_in_briefings: input.includeInBriefings ?? true, shared_with: input.sharedWith ?? [], created_by: principal.userId, created_at: now,
          updated_by: principal.userId, updated_at: now,
        }).returning('id').executeTakeFirstOrThrow();
        uow.audit({ action: 'timeline.entry_added', targetType: 'timeline_entry', targetIds: [inserted.id, incidentId], after: { occurredAt: input.occurredAt, precision: input.precision, tlp: input.tlp, source: input.source, sharedWith: input.sharedWith ?? [] } });
        const row = await repo.entriesQuery(uow.trx, { incidentId }).where('t.id', '=', inserted.id).executeTakeFirstOrThrow();
        return toEntryView(row, [], scope, true);
      });
    },

    async correct(principal: Principal, actor: Actor, incidentId: string, entryId: string, input: Static<typeof UpdateTimelineEntryBody>): Promise<TimelineEntry> {
      checkWhen(input.occurredAt, input.timeZone);
      return inTransaction(deps, actor, async (uow) => {
        const { scope } = await writable(uow.trx, principal, incidentId);
        const before = await repo.entriesQuery(uow.trx, { incidentId }).where('t.id', '=', entryId).forUpdate('t').executeTakeFirst();
        if (!before) throw notFound('timeline', 'The entry');
        if (before.kind === 'system') throw new AppError('timeline.system_entry', 'Entries recorded by the system cannot be corrected.', { status: 409 });
        if (before.revision !== input.revision) throw new AppError('timeline.version_conflict', `The entry was corrected meanwhile (now revision ${before.revision}); reload it.`);
        await checkSharing(uow.trx, incidentId, input.sharedWith);
        await checkSourceOrganization(uow.trx, input.source?.organizationId);
        const now = clock();
        await uow.trx.insertInto('timeline_entry_revisions').values({
          entry_id: entryId, revision: before.revision, occurred_at: before.occurred_at, precision: before.precision, time_zone: before.time_zone,
          text: before.text, source_kind: before.source_kind, source_title: before.source_title, source_said_by: before.source_said_by,
          source_organization_id: before.source_organization_id, source_date: before.source_date, tlp: before.tlp, reason: input.reason.trim(),
          replaced_by: principal.userId, replaced_at: now,
        }).execute();
        await uow.trx.updateTable('timeline_entries').set({
          ...(input.occurredAt !== undefined ? { occurred_at: new Date(input.occurredAt) } : {}),
          ...(input.precision !== undefined ? { precision: input.precision } : {}),
          ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
          ...(input.text !== undefined ? { text: input.text.trim() } : {}),
          ...(input.source !== undefined
            ? { source_kind: input.source.kind, source_title: input.source.title ?? null, source_said_by: input.source.saidBy ?? null,
                source_organization_id: input.source.organizationId ?? null, source_date: input.source.date ?? null }
            : {}),
          ...(input.tlp !== undefined ? { tlp: input.tlp } : {}),
          ...(input.includeInBriefings !== undefined ? { include_in_briefings: input.includeInBriefings } : {}),
          ...(input.sharedWith !== undefined ? { shared_with: input.sharedWith } : {}),
          revision: before.revision + 1, updated_by: principal.userId, updated_at: now,
        }).where('id', '=', entryId).execute();
        const after = await repo.entriesQuery(uow.trx, { incidentId }).where('t.id', '=', entryId).executeTakeFirstOrThrow();
        uow.audit({ action: 'timeline.entry_corrected', targetType: 'timeline_entry', targetIds: [entryId, incidentId],
          before: { revision: before.revision, text: before.text, occurredAt: before.occurred_at, tlp: before.tlp },
          after: { revision: after.revision, text: after.text, occurredAt: after.occurred_at, tlp: after.tlp, reason: input.reason } });
        const conflicts = await repo.conflictsOf(uow.trx, [entryId]);
        return toEntryView(after, conflicts, scope, true);
      });
    },

    async revisions(principal: Principal, incidentId: string, entryId: string) {
      const { scope } = await readable(principal, incidentId);
      if (scope.kind === 'organization') throw notFound('timeline', 'The entry');
      const entry = await db.selectFrom('timeline_entries').select('id').where('id', '=', entryId).where('incident_id', '=', incidentId).executeTakeFirst();
      if (!entry) throw notFound('timeline', 'The entry');
      const rows = await db.selectFrom('timeline_entry_revisions as r').leftJoin('users as u', 'u.id', 'r.replaced_by')
        .select(['r.revision', 'r.occurred_at', 'r.precision', 'r.time_zone', 'r.text', 'r.source_title', 'r.source_said_by', 'r.tlp', 'r.reason', 'u.name as replaced_by', 'r.replaced_at'])
        .where('r.entry_id', '=', entryId).orderBy('r.revision', 'desc').execute();
      return {
        items: rows.map((r) => ({
          revision: r.revision, occurredAt: r.occurred_at.toISOString(), precision: r.precision, timeZone: r.time_zone, text: r.text,
          sourceTitle: r.source_title, sourceSaidBy: r.source_said_by, tlp: r.tlp, reason: r.reason, replacedBy: r.replaced_by, replacedAt: r.replaced_at.toISOString(),
        })),
      };
    },

    async markConflict(principal: Principal, actor: Actor, incidentId: string, input: Static<typeof MarkConflictBody>) {
      if (input.entryA === input.entryB) throw new AppError('timeline.same_entry', 'An entry cannot conflict with itself.');
      return inTransaction(deps, actor, async (uow) => {
        await writable(uow.trx, principal, incidentId);
        const entries = await uow.trx.selectFrom('timeline_entries').select('id').where('incident_id', '=', incidentId).where('id', 'in', [input.entryA, input.entryB]).execute();
        if (entries.length !== 2) throw notFound('timeline', 'The entry');
        const [a, b] = input.entryA < input.entryB ? [input.entryA, input.entryB] : [input.entryB, input.entryA];
        const inserted = await uow.trx.insertInto('timeline_conflicts')
          .values({ incident_id: incidentId, entry_a: a, entry_b: b, note: input.note.trim(), marked_by: principal.userId, marked_at: clock() })
          .onConflict((oc) => oc.columns(['entry_a', 'entry_b']).doNothing()).returning(['id', 'marked_at']).executeTakeFirst();
        if (!inserted) throw new AppError('timeline.conflict_exists', 'These entries are already marked as conflicting.', { status: 409 });
        uow.audit({ action: 'timeline.conflict_marked', targetType: 'timeline_conflict', targetIds: [inserted.id, incidentId, a, b], after: { note: input.note } });
        return { id: inserted.id, entryA: a, entryB: b, note: input.note.trim(), markedAt: inserted.marked_at.toISOString() };
      });
    },
  };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
