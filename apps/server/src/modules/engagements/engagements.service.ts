/**
 * Engagements: the meetings, calls, letters and e-mails of an incident with outside
 * organizations — who attended for whom, the agenda and minutes, follow-up actions, and
 * the disclosure ledger that records per topic what each organization disclosed,
 * withheld, was not asked or refused to say.
 *
 * Staff only (the route permissions keep outside organizations away) and within the
 * incident's scope: an engagement of an incident the caller may not read is not found.
 * Each engagement has a system entry in the incident's chronology at its own date; when
 * the engagement's date, kind, title or attendees are corrected, that entry is corrected
 * too and its earlier wording kept as a revision.
 */
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type {
  CreateEngagementBody,
  Engagement,
  ListDisclosuresQuery,
  ListEngagementsQuery,
  UpdateEngagementBody,
} from '#shared/contracts/engagements';
import { topicKey } from '#shared/contracts/engagements';
import { roleHas } from '#shared/roles';
import type { Principal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction, type UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { isTimeZone } from '../incidents/incident-facts.ts';
import { findIncident } from '../incidents/incidents.repository.ts';
import { incidentScope } from '../incidents/incidents.scope.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import { correctSystemEntry, recordSystemEntry } from '../timeline/system-entries.ts';
import { type EngagementLists, resolveLists, writeLists } from './engagement-lists.ts';
import { chronologyLine, toEngagementView, toLedger, toListItem } from './engagement-view.ts';
import * as repo from './engagements.repository.ts';

const FUTURE_SLACK_MS = 5 * 60_000;
const NO_IDS = { attendees: new Set<string>(), actions: new Set<string>(), disclosures: new Set<string>() };

/** What the audit row keeps of an engagement: its facts and lists, not the full text of agenda and minutes. */
function auditShape(e: Engagement) {
  return {
    kind: e.kind,
    title: e.title,
    occurredAt: e.occurredAt,
    precision: e.precision,
    timeZone: e.timeZone,
    location: e.location,
    tlp: e.tlp,
    agendaLength: e.agenda.length,
    minutesLength: e.minutes.length,
    attendees: e.attendees.map((a) => ({ organizationId: a.organization.id, userId: a.user?.id ?? null, name: a.name, role: a.role })),
    actions: e.actions.map((x) => ({
      text: x.text,
      ownerOrganizationId: x.ownerOrganization?.id ?? null,
      dueOn: x.dueOn,
      doneAt: x.doneAt,
    })),
    disclosures: e.disclosures.map((d) => ({ topic: d.topic, organizationId: d.organization.id, state: d.state })),
  };
}

/** The lists of an engagement as its inputs would give them, for checking a change that leaves some of them as they are. */
function asInput(e: Engagement): EngagementLists {
  return {
    attendees: e.attendees.map((a) => ({
      id: a.id,
      organizationId: a.organization.id,
      ...(a.user ? { userId: a.user.id } : {}),
      name: a.name,
      ...(a.role ? { role: a.role } : {}),
    })),
    actions: e.actions.map((x) => ({
      id: x.id,
      text: x.text,
      ...(x.ownerOrganization ? { ownerOrganizationId: x.ownerOrganization.id } : {}),
      ...(x.ownerUser ? { ownerUserId: x.ownerUser.id } : {}),
      ...(x.dueOn ? { dueOn: x.dueOn } : {}),
      ...(x.doneAt ? { doneAt: x.doneAt } : {}),
    })),
    disclosures: e.disclosures.map((d) => ({
      id: d.id,
      topic: d.topic,
      organizationId: d.organization.id,
      state: d.state,
      detail: d.detail,
      ...(d.sourceEntry ? { sourceEntryId: d.sourceEntry.id } : {}),
    })),
  };
}

export function createEngagementsService(deps: UnitOfWorkDeps & { clock: () => Date }) {
  const { db, clock } = deps;

  function checkWhen(occurredAt: string | undefined, timeZone: string | undefined) {
    if (occurredAt && new Date(occurredAt).getTime() > clock().getTime() + FUTURE_SLACK_MS) {
      throw new AppError(
        'engagements.time_in_future',
        'An engagement is recorded once it has taken place; its date cannot be in the future.',
      );
    }
    if (timeZone && !isTimeZone(timeZone))
      throw new AppError(
        'engagements.invalid_time_zone',
        `"${timeZone}" is not a known time zone (use an IANA name such as Asia/Kolkata).`,
      );
  }

  const mayWrite = (principal: Principal, canWrite: unknown) => Boolean(canWrite) && roleHas(principal.role, 'engagements.write');

  async function readableIncident(principal: Principal, incidentId: string) {
    const incident = await findIncident(db, incidentScope(principal), incidentId);
    if (!incident) throw notFound('incidents', 'The incident');
    return incident;
  }

  async function load(executor: repo.Executor, principal: Principal, id: string, options: { forUpdate?: boolean } = {}) {
    let query = repo.engagementQuery(executor, incidentScope(principal)).where('e.id', '=', id);
    if (options.forUpdate) query = query.forUpdate('e');
    const row = await query.executeTakeFirst();
    if (!row) throw notFound('engagements', 'The engagement');
    const [attendees, actions, disclosures] = [
      await repo.attendeesOf(executor, id),
      await repo.actionsOf(executor, id),
      await repo.disclosuresOf(executor, id),
    ];
    return toEngagementView(row, { attendees, actions, disclosures }, mayWrite(principal, row.can_write));
  }

  async function writeChronology(
    trx: Transaction<DB>,
    input: {
      engagement: Engagement;
      organizations: string[];
      entryId: string | null;
      principal: Principal;
      now: Date;
      reason: string;
    },
  ): Promise<string> {
    const { engagement: e } = input;
    const line = chronologyLine(
      { kind: e.kind, title: e.title, occurredAt: new Date(e.occurredAt), precision: e.precision, timeZone: e.timeZone },
      input.organizations,
    );
    if (input.entryId) {
      await correctSystemEntry(trx, {
        entryId: input.entryId,
        text: line.text,
        tlp: e.tlp,
        dated: line.dated,
        reason: input.reason,
        actorId: input.principal.userId,
        at: input.now,
      });
      return input.entryId;
    }
    const entry = await recordSystemEntry(trx, {
      incidentId: e.incidentId,
      event: 'engagement.recorded',
      text: line.text,
      at: input.now,
      tlp: e.tlp,
      actorId: input.principal.userId,
      dated: line.dated,
    });
    await trx.updateTable('engagements').set({ timeline_entry_id: entry.id }).where('id', '=', e.id).execute();
    return entry.id;
  }

  return {
    async list(principal: Principal, incidentId: string, query: Static<typeof ListEngagementsQuery>) {
      const incident = await readableIncident(principal, incidentId);
      const limit = query.limit ?? 50;
      const after = decodeCursor<{ at: string; id: string }>(query.cursor, { at: 'instant', id: 'uuid' });
      let page = repo.engagementListQuery(db, {
        incidentId,
        kind: query.kind,
        organizationId: query.organizationId,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      });
      if (after) page = repo.engagementsAfter(page, after.at, after.id);
      const rows = await page
        .orderBy('e.occurred_at')
        .orderBy('e.id')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map(toListItem),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.occurred_key, id: last.id }) : null,
        abilities: { create: mayWrite(principal, incident.can_write) },
      };
    },

    async get(principal: Principal, id: string): Promise<Engagement> {
      return load(db, principal, id);
    },

    async create(principal: Principal, actor: Actor, incidentId: string, input: Static<typeof CreateEngagementBody>): Promise<Engagement> {
      checkWhen(input.occurredAt, input.timeZone);
      return inTransaction(deps, actor, async (uow) => {
        await findWritableIncident(uow.trx, principal, incidentId, { lock: false });
        const now = clock();
        const lists = await resolveLists(uow.trx, {
          incidentId,
          now,
          existingIds: NO_IDS,
          lists: { attendees: input.attendees ?? [], actions: input.actions ?? [], disclosures: input.disclosures ?? [] },
        });
        const inserted = await uow.trx
          .insertInto('engagements')
          .values({
            incident_id: incidentId,
            kind: input.kind,
            title: input.title.trim(),
            occurred_at: new Date(input.occurredAt),
            precision: input.precision,
            time_zone: input.timeZone,
            location: input.location?.trim() ?? '',
            agenda: input.agenda ?? '',
            minutes: input.minutes ?? '',
            tlp: input.tlp,
            created_by: principal.userId,
            created_at: now,
            updated_by: principal.userId,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeLists(uow.trx, inserted.id, incidentId, lists);
        const made = await load(uow.trx, principal, inserted.id);
        const entryId = await writeChronology(uow.trx, {
          engagement: made,
          organizations: lists.outsideOrganizations,
          entryId: null,
          principal,
          now,
          reason: '',
        });
        uow.audit({
          action: 'engagement.created',
          targetType: 'engagement',
          targetIds: [inserted.id, incidentId, entryId],
          after: auditShape(made),
        });
        return { ...made, chronologyEntry: { id: entryId, revision: 1 } };
      });
    },

    async update(principal: Principal, actor: Actor, id: string, input: Static<typeof UpdateEngagementBody>): Promise<Engagement> {
      checkWhen(input.occurredAt, input.timeZone);
      return inTransaction(deps, actor, async (uow) => {
        const before = await load(uow.trx, principal, id, { forUpdate: true });
        await findWritableIncident(uow.trx, principal, before.incidentId, { lock: false });
        if (before.version !== input.version) {
          throw new AppError(
            'engagements.version_conflict',
            `Someone changed this engagement meanwhile (now version ${before.version}); reload it.`,
          );
        }
        const now = clock();
        const current = asInput(before);
        // The lists are checked as they will be, also when only some change: a ledger row must still name an attending organization.
        const lists = await resolveLists(uow.trx, {
          incidentId: before.incidentId,
          now,
          existingIds: {
            attendees: new Set(before.attendees.map((a) => a.id)),
            actions: new Set(before.actions.map((x) => x.id)),
            disclosures: new Set(before.disclosures.map((d) => d.id)),
          },
          lists: {
            attendees: input.attendees ?? current.attendees,
            actions: input.actions ?? current.actions,
            disclosures: input.disclosures ?? current.disclosures,
          },
        });
        const result = await uow.trx
          .updateTable('engagements')
          .set({
            ...(input.kind !== undefined ? { kind: input.kind } : {}),
            ...(input.title !== undefined ? { title: input.title.trim() } : {}),
            ...(input.occurredAt !== undefined ? { occurred_at: new Date(input.occurredAt) } : {}),
            ...(input.precision !== undefined ? { precision: input.precision } : {}),
            ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
            ...(input.location !== undefined ? { location: input.location.trim() } : {}),
            ...(input.agenda !== undefined ? { agenda: input.agenda } : {}),
            ...(input.minutes !== undefined ? { minutes: input.minutes } : {}),
            ...(input.tlp !== undefined ? { tlp: input.tlp } : {}),
            version: before.version + 1,
            updated_by: principal.userId,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('version', '=', input.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1)
          throw new AppError('engagements.version_conflict', 'Someone changed this engagement meanwhile; reload it.');
        await writeLists(uow.trx, id, before.incidentId, {
          ...(input.attendees !== undefined ? { attendees: lists.attendees } : {}),
          ...(input.actions !== undefined ? { actions: lists.actions } : {}),
          ...(input.disclosures !== undefined ? { disclosures: lists.disclosures } : {}),
        });
        const after = await load(uow.trx, principal, id);
        const entryId = await writeChronology(uow.trx, {
          engagement: after,
          organizations: lists.outsideOrganizations,
          entryId: before.chronologyEntry?.id ?? null,
          principal,
          now,
          reason: input.reason?.trim() || 'The engagement was corrected.',
        });
        uow.audit({
          action: 'engagement.updated',
          targetType: 'engagement',
          targetIds: [id, before.incidentId, entryId],
          before: auditShape(before),
          after: { ...auditShape(after), reason: input.reason ?? null },
        });
        return load(uow.trx, principal, id);
      });
    },

    async disclosures(principal: Principal, incidentId: string, query: Static<typeof ListDisclosuresQuery>) {
      await readableIncident(principal, incidentId);
      const key = query.topic !== undefined ? topicKey(query.topic) : undefined;
      if (key === '') throw new AppError('engagements.invalid_topic', 'Name the topic with at least one letter or digit.');
      const rows = await repo.ledgerRows(db, { incidentId, topicKey: key, organizationId: query.organizationId });
      return toLedger(rows, query.state);
    },
  };
}

export type EngagementsService = ReturnType<typeof createEngagementsService>;
