/**
 * Obligations: who owes what to whom by when, under which law (docs/modules/obligations.md).
 *
 * Reading: staff see the obligations of incidents they may read; an outside organization
 * sees its own on incidents it takes part in; anything else is not found. Writing facts
 * needs write access to the incident. Every write is one transaction with its audit row
 * and the recompute job it causes; the job recomputes the incident in its own transaction.
 */
import { type Kysely, sql } from 'kysely';
import type {
  ComplianceSummary, ListObligationsQuery, Obligation, ObligationExplanation, ObligationFactsView, SetObligationFactsBody,
} from '#shared/contracts/obligation-api';
import { FACT_NAMES, JUDGEMENT_FACT_NAMES } from '#shared/contracts/obligation-api';
import type { Principal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction, type UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { canRead, incidentScope } from '../incidents/incidents.scope.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import { isKnownTimeZone } from '../notices/due-time.ts';
import { computeObligations } from './obligation-engine.ts';
import { loadObligationFacts } from './obligation-facts.repository.ts';
import { enqueueRecompute } from './obligation-job-names.ts';
import { loadCalendars, loadRules } from './obligations.repository.ts';
import { OBLIGATIONS_CSV_HEADER, obligationCsvLine } from './obligations-csv.ts';
import type { RuleDefinition } from './obligation-types.ts';

const obligationNotFound = () => notFound('obligations', 'The obligation');

type ObligationQueryDb = Kysely<DB>;

function obligationsQuery(db: ObligationQueryDb, principal: Principal) {
  const scope = incidentScope(principal);
  let query = db.selectFrom('obligations as ob')
    .innerJoin('incidents as i', 'i.id', 'ob.incident_id')
    .innerJoin('organizations as o', 'o.id', 'ob.organization_id')
    .innerJoin('obligation_rules as r', 'r.id', 'ob.rule_id')
    .innerJoin('obligation_rule_versions as v', (join) => join.onRef('v.rule_id', '=', 'ob.rule_id').onRef('v.version', '=', 'ob.rule_version'))
    .leftJoin('notices as n', 'n.id', 'ob.notice_id')
    .select([
      'ob.id', 'ob.incident_id', 'i.reference as incident_reference', 'ob.organization_id', 'o.name as organization_name', 'ob.rule_id',
      'r.code as rule_code', 'ob.rule_version', 'v.definition', 'ob.notice_id', 'n.reference as notice_reference', 'ob.topic', 'ob.governs',
      'ob.state', 'ob.soft', 'ob.trigger_fact', 'ob.trigger_at', 'ob.due_at', 'ob.met_by_kind', 'ob.met_by_id', 'ob.met_at', 'ob.late_by_seconds',
      'ob.reason', 'ob.computed_at',
    ])
    .where((eb) => canRead(eb, scope));
  if (scope.kind === 'organization') query = query.where('ob.organization_id', '=', scope.organizationId);
  return query;
}

type ObligationRow = Awaited<ReturnType<ReturnType<typeof obligationsQuery>['execute']>>[number];

function toObligation(r: ObligationRow): Obligation {
  const d = r.definition as RuleDefinition;
  return {
    id: r.id,
    incident: { id: r.incident_id, reference: r.incident_reference },
    organization: { id: r.organization_id, name: r.organization_name },
    rule: { id: r.rule_id, code: r.rule_code, version: r.rule_version, jurisdiction: d.jurisdiction, instrument: d.instrument, clause: d.clause, recipient: d.recipient, summary: d.summary },
    notice: r.notice_id && r.notice_reference ? { id: r.notice_id, reference: r.notice_reference } : null,
    topic: r.topic,
    governs: r.governs,
    state: r.state,
    soft: r.soft,
    deadline: d.deadline,
    triggerFact: r.trigger_fact,
    triggerAt: r.trigger_at?.toISOString() ?? null,
    dueAt: r.due_at?.toISOString() ?? null,
    metBy: r.met_by_kind && r.met_by_id ? { kind: r.met_by_kind, id: r.met_by_id } : null,
    metAt: r.met_at?.toISOString() ?? null,
    lateBySeconds: r.late_by_seconds === null ? null : Number(r.late_by_seconds),
    reason: r.reason,
    computedAt: r.computed_at.toISOString(),
  };
}

/**
 * The explanation of a stored result, computed again from the same facts, the rule version
 * it was computed with and the moment it was computed: every change to the facts enqueues a
 * recomputation, so these are the facts the result came from. (Explanations are not
 * stored: a million incidents' worth would be most of the table.) The whole rule set at
 * that version is passed, since a chain step's clock and the earliest-governs note read
 * the other rules' results.
 */
async function explanationOf(db: ObligationQueryDb, row: ObligationRow): Promise<ObligationExplanation['steps']> {
  const [facts, rules, calendars] = await Promise.all([
    loadObligationFacts(db, [row.incident_id]),
    loadRules(db, [{ ruleId: row.rule_id, version: row.rule_version }]),
    loadCalendars(db),
  ]);
  const party = facts.get(row.incident_id)?.find((f) => f.organization.id === row.organization_id);
  const atVersion = rules.byVersion.get(`${row.rule_id}@${row.rule_version}`);
  if (!party || !atVersion) return [{ kind: 'not_applicable', text: 'The organization no longer takes part in this incident; this result is kept as it was last computed.' }];
  const ruleList = rules.current.map((r) => (r.id === row.rule_id ? atVersion : r));
  const result = computeObligations({ facts: party, rules: ruleList, calendars, now: row.computed_at })
    .find((r) => r.ruleId === row.rule_id && r.noticeId === row.notice_id);
  return result?.explanation ?? [{ kind: 'not_applicable', text: 'The rule no longer applies to these facts; this result is kept as it was last computed.' }];
}

const FAR_FUTURE = '9999-12-31T00:00:00.000Z';
const dueKey = sql<Date>`coalesce(ob.due_at, ${FAR_FUTURE}::timestamptz)`;

/** The filters the list and the export share (every one optional). */
export type ObligationFilter = Omit<ListObligationsQuery, 'cursor' | 'limit'>;

function filteredQuery(db: ObligationQueryDb, principal: Principal, query: ObligationFilter) {
  let q = obligationsQuery(db, principal);
  if (query.incidentId) q = q.where('ob.incident_id', '=', query.incidentId);
  if (query.organizationId) q = q.where('ob.organization_id', '=', query.organizationId);
  if (query.state) q = q.where('ob.state', '=', query.state);
  if (query.ruleCode) q = q.where('r.code', '=', query.ruleCode);
  if (query.dueFrom) q = q.where('ob.due_at', '>=', new Date(query.dueFrom));
  if (query.dueTo) q = q.where('ob.due_at', '<', new Date(query.dueTo));
  if (query.governingOnly) q = q.where('ob.governs', '=', true);
  return q;
}

/** By due time, those without one last, after the keys of a previous page's last row. */
function byDue(q: ReturnType<typeof filteredQuery>, after: { due: string; id: string } | null | undefined) {
  const next = after ? q.where(sql<boolean>`(${dueKey}, ob.id) > (${after.due}::timestamptz, ${after.id}::uuid)`) : q;
  return next.orderBy(dueKey).orderBy('ob.id');
}

/** Rows an export reads per statement. */
const EXPORT_PAGE = 1_000;
/** Incidents an export's audit row names, at most. */
const EXPORT_AUDIT_INCIDENTS = 1_000;

export function createObligationsService(deps: UnitOfWorkDeps & { clock: () => Date }) {
  const { db, clock } = deps;

  async function findObligation(principal: Principal, id: string) {
    const row = await obligationsQuery(db, principal).where('ob.id', '=', id).executeTakeFirst();
    if (!row) throw obligationNotFound();
    return row;
  }

  return {
    /** Obligations by due time (those without one last), per incident or across incidents. */
    async list(principal: Principal, query: ListObligationsQuery) {
      const limit = query.limit ?? 100;
      const cursor = decodeCursor<{ due: string; id: string }>(query.cursor, { due: 'timestamp', id: 'uuid' });
      const rows = await byDue(filteredQuery(db, principal, query), cursor).limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toObligation),
        nextCursor: rows.length > limit && last ? encodeCursor({ due: (last.due_at ?? new Date(FAR_FUTURE)).toISOString(), id: last.id }) : null,
      };
    },

    /**
     * Every obligation matching the list's filters as CSV, read in pages by due time.
     * A sensitive read: audited with the filters, the row count and the incidents it covers.
     */
    async exportCsv(principal: Principal, actor: Actor, query: ObligationFilter): Promise<{ body: string; filename: string }> {
      const lines: string[] = [OBLIGATIONS_CSV_HEADER.join(',')];
      const incidents = new Set<string>();
      for (let after: { due: string; id: string } | null = null; ; ) {
        const page = await byDue(filteredQuery(db, principal, query), after).limit(EXPORT_PAGE).execute();
        for (const r of page) {
          const d = r.definition as RuleDefinition;
          incidents.add(r.incident_id);
          lines.push(obligationCsvLine({
            incidentReference: r.incident_reference, organization: r.organization_name, ruleCode: r.rule_code, jurisdiction: d.jurisdiction,
            instrument: d.instrument, clause: d.clause, topic: r.topic, governs: r.governs, state: r.state, triggerFact: r.trigger_fact,
            triggerAt: r.trigger_at, dueAt: r.due_at, metAt: r.met_at, lateBySeconds: r.late_by_seconds === null ? null : Number(r.late_by_seconds),
            reason: r.reason,
          }));
        }
        const last = page.at(-1);
        if (page.length < EXPORT_PAGE || !last) break;
        after = { due: (last.due_at ?? new Date(FAR_FUTURE)).toISOString(), id: last.id };
      }
      await inTransaction(deps, actor, async (uow) => {
        uow.audit({
          action: 'obligations.exported', targetType: 'incident', targetIds: [...incidents].slice(0, EXPORT_AUDIT_INCIDENTS),
          after: { format: 'csv', rows: lines.length - 1, incidents: incidents.size, filters: query },
        });
      });
      return { body: `${lines.join('\r\n')}\r\n`, filename: `obligations-${clock().toISOString().slice(0, 10)}.csv` };
    },

    /** Why the obligation applies, what started its clock, how its due time was computed, and its earlier results. */
    async explain(principal: Principal, id: string): Promise<ObligationExplanation> {
      const row = await findObligation(principal, id);
      const history = await db.selectFrom('obligation_revisions').selectAll().where('obligation_id', '=', id).orderBy('replaced_at', 'desc').limit(50).execute();
      return {
        obligation: toObligation(row),
        steps: await explanationOf(db, row),
        history: history.map((h) => ({
          ruleVersion: h.rule_version, state: h.state, dueAt: h.due_at?.toISOString() ?? null, metAt: h.met_at?.toISOString() ?? null,
          lateBySeconds: h.late_by_seconds === null ? null : Number(h.late_by_seconds), reason: h.reason,
          computedAt: h.computed_at.toISOString(), replacedAt: h.replaced_at.toISOString(),
        })),
      };
    },

    /** The facts entered for each participant organization of an incident the caller may read. */
    async listFacts(principal: Principal, incidentId: string): Promise<{ items: ObligationFactsView[] }> {
      const scope = incidentScope(principal);
      const incident = await db.selectFrom('incidents as i').select('i.id').where('i.id', '=', incidentId).where((eb) => canRead(eb, scope)).executeTakeFirst();
      if (!incident) throw notFound('incidents', 'The incident');
      let parties = db.selectFrom('participants as p').innerJoin('organizations as o', 'o.id', 'p.organization_id')
        .select(['o.id', 'o.name']).where('p.incident_id', '=', incidentId).where('o.is_home', '=', false);
      if (scope.kind === 'organization') parties = parties.where('o.id', '=', scope.organizationId);
      const [orgs, facts] = await Promise.all([
        parties.orderBy('o.name').execute(),
        db.selectFrom('obligation_facts').selectAll().where('incident_id', '=', incidentId).execute(),
      ]);
      return {
        items: orgs.map((o) => ({
          incidentId,
          organization: { id: o.id, name: o.name },
          facts: facts.filter((f) => f.organization_id === o.id)
            .sort((a, b) => FACT_NAMES.indexOf(a.fact as never) - FACT_NAMES.indexOf(b.fact as never))
            .map((f) => ({
              fact: f.fact as (typeof FACT_NAMES)[number], at: f.value_at?.toISOString() ?? null, timeZone: f.time_zone, value: f.value_bool,
              source: f.source, recordedAt: f.recorded_at.toISOString(),
            })),
        })),
      };
    },

    /**
     * Sets (or, with a null value, clears) facts of one participant organization of an
     * incident; earlier values are kept as revisions. The recomputation is enqueued.
     */
    async setFacts(principal: Principal, actor: Actor, incidentId: string, organizationId: string, input: SetObligationFactsBody) {
      const names = input.facts.map((f) => f.fact);
      if (new Set(names).size !== names.length) throw new AppError('obligations.duplicate_fact', 'Each fact may be given once.', { status: 422 });
      for (const f of input.facts) {
        const judgement = JUDGEMENT_FACT_NAMES.includes(f.fact);
        if (judgement && f.at !== undefined) throw new AppError('obligations.invalid_fact', `${f.fact} is a yes/no judgement: give "value", not "at".`, { status: 422 });
        if (!judgement && f.value !== undefined) throw new AppError('obligations.invalid_fact', `${f.fact} is a time: give "at", not "value".`, { status: 422 });
        if (f.timeZone && !isKnownTimeZone(f.timeZone)) throw new AppError('obligations.invalid_time_zone', `${f.timeZone} is not a known time zone.`, { status: 422 });
        if (f.at && new Date(f.at).getTime() > clock().getTime() + 5 * 60_000) {
          throw new AppError('obligations.fact_in_future', `${f.fact} cannot be in the future.`, { status: 422 });
        }
      }
      await inTransaction(deps, actor, async (uow) => {
        const incident = await findWritableIncident(uow.trx, principal, incidentId, { lock: true });
        const party = await uow.trx.selectFrom('participants as p').innerJoin('organizations as o', 'o.id', 'p.organization_id')
          .select('o.id').where('p.incident_id', '=', incident.id).where('p.organization_id', '=', organizationId).where('o.is_home', '=', false)
          .executeTakeFirst();
        if (!party) throw notFound('obligations', 'The participant organization');
        const existing = await uow.trx.selectFrom('obligation_facts').selectAll()
          .where('incident_id', '=', incidentId).where('organization_id', '=', organizationId).where('fact', 'in', names).execute();
        const now = clock();
        // A time after which the organization cannot have learnt of the incident earlier than it occurred.
        const times = new Map(existing.map((f) => [f.fact, f.value_at]));
        for (const f of input.facts) if (f.at !== undefined) times.set(f.fact, f.at ? new Date(f.at) : null);
        const occurred = times.get('occurred_at') ?? incident.occurred_at ?? null;
        for (const [fact, at] of times) {
          if (fact !== 'occurred_at' && at && occurred && at.getTime() < occurred.getTime()) {
            throw new AppError('obligations.fact_before_occurrence', `${fact} cannot be before the incident occurred (${occurred.toISOString()}).`, { status: 422 });
          }
        }
        if (existing.length > 0) {
          await uow.trx.insertInto('obligation_fact_revisions').values(existing.map((f) => ({
            incident_id: f.incident_id, organization_id: f.organization_id, fact: f.fact, value_at: f.value_at, time_zone: f.time_zone,
            value_bool: f.value_bool, source: f.source, recorded_by: f.recorded_by, recorded_at: f.recorded_at, replaced_at: now,
          }))).execute();
          await uow.trx.deleteFrom('obligation_facts').where('incident_id', '=', incidentId).where('organization_id', '=', organizationId)
            .where('fact', 'in', names).execute();
        }
        const values = input.facts.filter((f) => (f.at ?? f.value ?? null) !== null).map((f) => ({
          incident_id: incidentId, organization_id: organizationId, fact: f.fact, value_at: f.at ? new Date(f.at) : null,
          time_zone: f.timeZone ?? null, value_bool: f.value ?? null, source: f.source?.trim() || null, recorded_by: principal.userId, recorded_at: now,
        }));
        if (values.length > 0) await uow.trx.insertInto('obligation_facts').values(values).execute();
        uow.audit({
          action: 'obligation_facts.set', targetType: 'incident', targetIds: [incidentId],
          before: Object.fromEntries(existing.map((f) => [f.fact, f.value_at?.toISOString() ?? f.value_bool])),
          after: { organizationId, ...Object.fromEntries(input.facts.map((f) => [f.fact, f.at ?? f.value ?? null])) },
        });
        enqueueRecompute(uow, incidentId);
      });
      return this.listFacts(principal, incidentId);
    },

    /**
     * Links a chronology entry as the fact that met a rule for one participant
     * organization — a report made before Casebook, a letter, a phone call recorded in the
     * chronology — or removes the link (`timelineEntryId: null`). The recomputation is enqueued.
     */
    async linkEntry(principal: Principal, actor: Actor, incidentId: string, input: { organizationId: string; ruleCode: string; timelineEntryId: string | null }) {
      await inTransaction(deps, actor, async (uow) => {
        const incident = await findWritableIncident(uow.trx, principal, incidentId, { lock: true });
        const party = await uow.trx.selectFrom('participants').select('organization_id')
          .where('incident_id', '=', incident.id).where('organization_id', '=', input.organizationId).executeTakeFirst();
        if (!party) throw notFound('obligations', 'The participant organization');
        const rule = await uow.trx.selectFrom('obligation_rules').select('id').where('code', '=', input.ruleCode).executeTakeFirst();
        if (!rule) throw notFound('obligations', 'The rule');
        const before = await uow.trx.selectFrom('obligation_links').select('timeline_entry_id')
          .where('incident_id', '=', incidentId).where('organization_id', '=', input.organizationId).where('rule_id', '=', rule.id).executeTakeFirst();
        await uow.trx.deleteFrom('obligation_links')
          .where('incident_id', '=', incidentId).where('organization_id', '=', input.organizationId).where('rule_id', '=', rule.id).execute();
        if (input.timelineEntryId) {
          const entry = await uow.trx.selectFrom('timeline_entries').select('id')
            .where('id', '=', input.timelineEntryId).where('incident_id', '=', incidentId).executeTakeFirst();
          if (!entry) throw notFound('timeline', 'The chronology entry');
          await uow.trx.insertInto('obligation_links').values({
            incident_id: incidentId, organization_id: input.organizationId, rule_id: rule.id, timeline_entry_id: entry.id,
            linked_by: principal.userId, linked_at: clock(),
          }).execute();
        }
        uow.audit({
          action: 'obligation.linked', targetType: 'incident', targetIds: [incidentId, input.organizationId, rule.id],
          before: { timelineEntryId: before?.timeline_entry_id ?? null }, after: { ruleCode: input.ruleCode, timelineEntryId: input.timelineEntryId },
        });
        enqueueRecompute(uow, incidentId);
      });
      return { incidentId, organizationId: input.organizationId, ruleCode: input.ruleCode, timelineEntryId: input.timelineEntryId };
    },

    /** Per organization and rule: on time, late, missed, pending, and the median lateness of late ones. */
    async compliance(principal: Principal, query: { from?: string; to?: string; organizationId?: string }): Promise<ComplianceSummary> {
      let q = obligationsQuery(db, principal).clearSelect()
        .select((eb) => [
          'ob.organization_id', 'o.name as organization_name', 'ob.rule_id', 'r.code as rule_code',
          sql<string>`min(v.definition->>'jurisdiction')`.as('jurisdiction'),
          sql<string>`min(v.definition->>'instrument')`.as('instrument'),
          sql<string>`min(v.definition->>'clause')`.as('clause'),
          eb.fn.countAll<string>().filterWhere('ob.state', '=', 'met').as('on_time'),
          eb.fn.countAll<string>().filterWhere('ob.state', '=', 'met_late').as('late'),
          eb.fn.countAll<string>().filterWhere('ob.state', '=', 'missed').as('missed'),
          eb.fn.countAll<string>().filterWhere('ob.state', '=', 'pending').as('pending'),
          sql<string | null>`percentile_cont(0.5) within group (order by ob.late_by_seconds) filter (where ob.state = 'met_late')`.as('median_late'),
        ])
        .where('ob.state', '<>', 'not_applicable')
        .groupBy(['ob.organization_id', 'o.name', 'ob.rule_id', 'r.code'])
        .orderBy('o.name').orderBy('r.code');
      if (query.from) q = q.where('ob.trigger_at', '>=', new Date(query.from));
      if (query.to) q = q.where('ob.trigger_at', '<', new Date(query.to));
      if (query.organizationId) q = q.where('ob.organization_id', '=', query.organizationId);
      const rows = await q.execute();
      const totals = { onTime: 0, late: 0, missed: 0, pending: 0 };
      const out = rows.map((r) => {
        const row = {
          organization: { id: r.organization_id, name: r.organization_name },
          rule: { id: r.rule_id, code: r.rule_code, jurisdiction: r.jurisdiction, instrument: r.instrument, clause: r.clause },
          onTime: Number(r.on_time), late: Number(r.late), missed: Number(r.missed), pending: Number(r.pending),
          medianLateSeconds: r.median_late === null ? null : Math.round(Number(r.median_late)),
        };
        totals.onTime += row.onTime; totals.late += row.late; totals.missed += row.missed; totals.pending += row.pending;
        return row;
      });
      return { rows: out, totals };
    },
  };
}

export type ObligationsService = ReturnType<typeof createObligationsService>;
