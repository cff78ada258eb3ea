/**
 * SQL of the obligations module: the rules with their versions, the holiday calendars the
 * engine counts business days on, and the stored results, written as differences in bulk
 * (one statement per kind of change for a whole batch of incidents).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ComputeInput, ObligationResult, ObligationState, RuleDefinition, RuleForComputation } from './obligation-types.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface StoredObligation {
  id: string;
  incidentId: string;
  organizationId: string;
  ruleId: string;
  ruleVersion: number;
  noticeId: string | null;
  topic: string;
  governs: boolean;
  state: ObligationState;
  soft: boolean;
  triggerFact: string | null;
  triggerAt: Date | null;
  dueAt: Date | null;
  metByKind: string | null;
  metById: string | null;
  metAt: Date | null;
  lateBySeconds: number | null;
  reason: string | null;
  computedAt: Date;
}

/** Every rule at its current version, and every older version stored obligations still use. */
export async function loadRules(db: Executor, alsoVersions: Array<{ ruleId: string; version: number }> = []): Promise<{
  current: RuleForComputation[];
  byVersion: Map<string, RuleForComputation>;
}> {
  const rows = await db.selectFrom('obligation_rules as r')
    .innerJoin('obligation_rule_versions as v', (join) => join.onRef('v.rule_id', '=', 'r.id').onRef('v.version', '=', 'r.version'))
    .select(['r.id', 'r.version', 'r.enabled', 'v.definition'])
    .orderBy('r.code')
    .execute();
  const current = rows.map((r) => ({ id: r.id, version: r.version, enabled: r.enabled, definition: r.definition as RuleDefinition }));
  const byVersion = new Map(current.map((r) => [`${r.id}@${r.version}`, r]));
  const missing = alsoVersions.filter((v) => !byVersion.has(`${v.ruleId}@${v.version}`));
  if (missing.length > 0) {
    const older = await db.selectFrom('obligation_rule_versions as v')
      .innerJoin('obligation_rules as r', 'r.id', 'v.rule_id')
      .select(['v.rule_id', 'v.version', 'r.enabled', 'v.definition'])
      .where((eb) => eb.or(missing.map((m) => eb.and([eb('v.rule_id', '=', m.ruleId), eb('v.version', '=', m.version)]))))
      .execute();
    for (const r of older) {
      byVersion.set(`${r.rule_id}@${r.version}`, { id: r.rule_id, version: r.version, enabled: r.enabled, definition: r.definition as RuleDefinition });
    }
  }
  return { current, byVersion };
}

export async function loadCalendars(db: Executor): Promise<ComputeInput['calendars']> {
  const calendars = await db.selectFrom('holiday_calendars').select(['id', 'code', 'name', 'time_zone', 'weekend_days']).execute();
  const holidays = await db.selectFrom('holidays')
    .select((eb) => ['calendar_id', eb.fn<string>('to_char', [eb.ref('day'), eb.val('YYYY-MM-DD')]).as('day'), 'name'])
    .execute();
  const result: ComputeInput['calendars'] = {};
  for (const c of calendars) {
    const own = holidays.filter((h) => h.calendar_id === c.id);
    result[c.code] = {
      code: c.code, name: c.name, timeZone: c.time_zone, weekendDays: c.weekend_days,
      holidays: new Set(own.map((h) => h.day)), holidayNames: Object.fromEntries(own.map((h) => [h.day, h.name])),
    };
  }
  return result;
}

export async function loadStoredObligations(db: Executor, incidentIds: string[]): Promise<StoredObligation[]> {
  if (incidentIds.length === 0) return [];
  const rows = await db.selectFrom('obligations').selectAll().where('incident_id', 'in', incidentIds).execute();
  return rows.map(storedOf);
}

export function storedOf(r: {
  id: string; incident_id: string; organization_id: string; rule_id: string; rule_version: number; notice_id: string | null; topic: string;
  governs: boolean; state: ObligationState; soft: boolean; trigger_fact: string | null; trigger_at: Date | null; due_at: Date | null;
  met_by_kind: string | null; met_by_id: string | null; met_at: Date | null; late_by_seconds: string | number | null; reason: string | null;
  computed_at: Date;
}): StoredObligation {
  return {
    id: r.id, incidentId: r.incident_id, organizationId: r.organization_id, ruleId: r.rule_id, ruleVersion: r.rule_version, noticeId: r.notice_id,
    topic: r.topic, governs: r.governs, state: r.state, soft: r.soft, triggerFact: r.trigger_fact, triggerAt: r.trigger_at, dueAt: r.due_at,
    metByKind: r.met_by_kind, metById: r.met_by_id, metAt: r.met_at, lateBySeconds: r.late_by_seconds === null ? null : Number(r.late_by_seconds),
    reason: r.reason, computedAt: r.computed_at,
  };
}

export interface ResultRow {
  incidentId: string;
  organizationId: string;
  result: ObligationResult;
}

const rowJson = (r: ResultRow, now: Date) => ({
  incident_id: r.incidentId,
  organization_id: r.organizationId,
  rule_id: r.result.ruleId,
  rule_version: r.result.ruleVersion,
  notice_id: r.result.noticeId,
  topic: r.result.topic,
  governs: r.result.governs,
  state: r.result.state,
  soft: r.result.soft,
  trigger_fact: r.result.triggerFact,
  trigger_at: r.result.triggerAt?.toISOString() ?? null,
  due_at: r.result.dueAt?.toISOString() ?? null,
  met_by_kind: r.result.metBy?.kind ?? null,
  met_by_id: r.result.metBy?.id ?? null,
  met_at: r.result.metAt?.toISOString() ?? null,
  late_by_seconds: r.result.lateBySeconds,
  reason: r.result.reason,
  computed_at: now.toISOString(),
});

const COLUMNS = `incident_id uuid, organization_id uuid, rule_id uuid, rule_version int, notice_id uuid, topic text, governs boolean,
  state text, soft boolean, trigger_fact text, trigger_at timestamptz, due_at timestamptz, met_by_kind text, met_by_id uuid,
  met_at timestamptz, late_by_seconds bigint, reason text, computed_at timestamptz`;

/** Inserts new results, all in one statement. */
export async function insertObligations(trx: Transaction<DB>, rows: ResultRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => rowJson(r, now)));
  await sql`
    insert into obligations (incident_id, organization_id, rule_id, rule_version, notice_id, topic, governs, state, soft, trigger_fact,
                             trigger_at, due_at, met_by_kind, met_by_id, met_at, late_by_seconds, reason, computed_at)
    select incident_id, organization_id, rule_id, rule_version, notice_id, topic, governs, state, soft, trigger_fact,
           trigger_at, due_at, met_by_kind, met_by_id, met_at, late_by_seconds, reason, computed_at
      from jsonb_to_recordset(${json}::jsonb) as x(${sql.raw(COLUMNS)})`.execute(trx);
}

/**
 * Replaces changed results, keeping what each said before in obligation_revisions, in two
 * statements for the whole batch.
 */
export async function updateObligations(trx: Transaction<DB>, rows: Array<ResultRow & { id: string }>, now: Date): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({ id: r.id, ...rowJson(r, now) })));
  await sql`
    insert into obligation_revisions (obligation_id, rule_version, state, due_at, met_at, late_by_seconds, reason, computed_at, replaced_at)
    select o.id, o.rule_version, o.state, o.due_at, o.met_at, o.late_by_seconds, o.reason, o.computed_at, ${now}
      from obligations o join jsonb_to_recordset(${json}::jsonb) as x(id uuid) on x.id = o.id`.execute(trx);
  await sql`
    update obligations o set rule_version = x.rule_version, topic = x.topic, governs = x.governs, state = x.state, soft = x.soft,
           trigger_fact = x.trigger_fact, trigger_at = x.trigger_at, due_at = x.due_at, met_by_kind = x.met_by_kind, met_by_id = x.met_by_id,
           met_at = x.met_at, late_by_seconds = x.late_by_seconds, reason = x.reason, computed_at = x.computed_at
      from jsonb_to_recordset(${json}::jsonb) as x(id uuid, ${sql.raw(COLUMNS)})
     where o.id = x.id`.execute(trx);
}

export async function deleteObligations(trx: Transaction<DB>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.deleteFrom('obligations').where('id', 'in', ids).execute();
}

/** Serialises recomputations of the same incidents (two jobs for one incident, a rule change and an edit). */
export async function lockIncidents(trx: Transaction<DB>, incidentIds: string[]): Promise<void> {
  if (incidentIds.length === 0) return;
  // In one order everywhere, so two batches that share incidents cannot deadlock.
  await sql`select pg_advisory_xact_lock(hashtext('casebook:obligations:' || s.id))
              from (select id from unnest(${[...incidentIds].sort()}::text[]) as id order by id) as s`.execute(trx);
}
