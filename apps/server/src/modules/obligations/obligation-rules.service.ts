/**
 * The rules obligations are computed from: listed for everyone who reads obligations,
 * added, changed and disabled by administrators. Every change is a new version; the old
 * one stays. A change that would alter stored results (a due time, a state) is refused
 * until the administrator confirms it, with the count and a sample of what would change;
 * settled results keep the version they were computed with (obligation-recompute.ts).
 */
import type { Transaction } from 'kysely';
import type { Principal } from '../../access/principal.ts';
import type { Actor } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction, type UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { computeObligations } from './obligation-engine.ts';
import { loadObligationFacts } from './obligation-facts.repository.ts';
import type { RuleDefinition } from './obligation-types.ts';
import { loadCalendars, loadStoredObligations } from './obligations.repository.ts';
import { enqueueRecompute, OBLIGATION_JOBS } from './obligation-job-names.ts';
import { validateRuleDefinition } from './rule-definition.ts';

export interface RuleView {
  id: string;
  code: string;
  pack: string;
  version: number;
  enabled: boolean;
  disabledNote: string | null;
  definition: RuleDefinition;
  updatedAt: string;
  versions: Array<{ version: number; changeReason: string | null; createdAt: string }>;
}

/** Incidents re-checked when a rule changes, at most, before the change is made. */
const IMPACT_SAMPLE_INCIDENTS = 2000;
const IMPACT_SAMPLE_SHOWN = 10;

const ruleNotFound = () => notFound('obligations', 'The rule');

async function ruleViews(db: UnitOfWorkDeps['db'] | Transaction<DB>, ids?: string[]): Promise<RuleView[]> {
  let q = db.selectFrom('obligation_rules as r')
    .innerJoin('obligation_rule_versions as v', (join) => join.onRef('v.rule_id', '=', 'r.id').onRef('v.version', '=', 'r.version'))
    .select(['r.id', 'r.code', 'r.pack', 'r.version', 'r.enabled', 'r.disabled_note', 'r.updated_at', 'v.definition'])
    .orderBy('r.pack').orderBy('r.code');
  if (ids) q = q.where('r.id', 'in', ids);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const versions = await db.selectFrom('obligation_rule_versions').select(['rule_id', 'version', 'change_reason', 'created_at'])
    .where('rule_id', 'in', rows.map((r) => r.id)).orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, code: r.code, pack: r.pack, version: r.version, enabled: r.enabled, disabledNote: r.disabled_note,
    definition: r.definition as RuleDefinition, updatedAt: r.updated_at.toISOString(),
    versions: versions.filter((v) => v.rule_id === r.id).map((v) => ({ version: v.version, changeReason: v.change_reason, createdAt: v.created_at.toISOString() })),
  }));
}

export function createObligationRulesService(deps: UnitOfWorkDeps & { clock: () => Date }) {
  const { db, clock } = deps;

  /**
   * What a new version of a rule would change among stored results that are not settled
   * under the old version: computed for the incidents that have results of the rule.
   */
  async function impactOf(trx: Transaction<DB>, ruleId: string, next: { version: number; enabled: boolean; definition: RuleDefinition }) {
    const incidents = await trx.selectFrom('obligations').select('incident_id').distinct().where('rule_id', '=', ruleId)
      .limit(IMPACT_SAMPLE_INCIDENTS).execute();
    const ids = incidents.map((i) => i.incident_id);
    if (ids.length === 0) return { changed: 0, sample: [] as Array<{ incidentId: string; organizationId: string; from: string; to: string }> };
    const [facts, stored, calendars] = await Promise.all([loadObligationFacts(trx, ids), loadStoredObligations(trx, ids), loadCalendars(trx)]);
    const now = clock();
    let changed = 0;
    const sample: Array<{ incidentId: string; organizationId: string; from: string; to: string }> = [];
    for (const [incidentId, parties] of facts) {
      for (const party of parties) {
        const results = computeObligations({ facts: party, rules: [{ id: ruleId, ...next }], calendars, now });
        for (const s of stored.filter((x) => x.ruleId === ruleId && x.incidentId === incidentId && x.organizationId === party.organization.id)) {
          const result = results.find((r) => r.noticeId === s.noticeId);
          const to = result ? `${result.state}${result.dueAt ? ` due ${result.dueAt.toISOString()}` : ''}` : 'no longer applies';
          if (!result || result.state !== s.state || (result.dueAt?.getTime() ?? null) !== (s.dueAt?.getTime() ?? null)) {
            changed++;
            if (sample.length < IMPACT_SAMPLE_SHOWN) {
              sample.push({ incidentId, organizationId: party.organization.id, from: `${s.state}${s.dueAt ? ` due ${s.dueAt.toISOString()}` : ''}`, to });
            }
          }
        }
      }
    }
    return { changed, sample };
  }

  return {
    async list(): Promise<{ items: RuleView[] }> {
      return { items: await ruleViews(db) };
    },

    async create(principal: Principal, actor: Actor, input: { pack?: string; definition: unknown; enabled?: boolean }): Promise<RuleView> {
      const definition = validateRuleDefinition(input.definition);
      const id = await inTransaction(deps, actor, async (uow) => {
        const now = clock();
        const inserted = await uow.trx.insertInto('obligation_rules').values({
          code: definition.code, pack: input.pack ?? 'local', enabled: (input.enabled ?? true) && definition.confirmed,
          disabled_note: definition.confirmed ? null : (definition.note ?? 'Not confirmed from a source.'),
          created_by: principal.userId, created_at: now, updated_by: principal.userId, updated_at: now,
        }).returning('id').executeTakeFirstOrThrow().catch((error: unknown) => {
          if (isUniqueViolation(error, 'obligation_rules_code_key')) throw new AppError('obligations.rule_exists', `A rule with the code ${definition.code} exists already.`, { status: 409 });
          throw error;
        });
        await uow.trx.insertInto('obligation_rule_versions').values({
          rule_id: inserted.id, version: 1, definition: JSON.stringify(definition), change_reason: 'Added', created_by: principal.userId, created_at: now,
        }).execute();
        uow.audit({ action: 'obligation_rule.created', targetType: 'obligation_rule', targetIds: [inserted.id], after: { code: definition.code, version: 1 } });
        // Every incident is recomputed by the sweep of rule changes.
        uow.enqueue(OBLIGATION_JOBS.recomputeAll, {}, { singletonKey: 'rules' });
        return inserted.id;
      });
      return (await ruleViews(db, [id]))[0];
    },

    async update(
      principal: Principal,
      actor: Actor,
      ruleId: string,
      input: { definition?: unknown; enabled?: boolean; disabledNote?: string | null; changeReason?: string; confirm?: boolean },
    ): Promise<RuleView> {
      await inTransaction(deps, actor, async (uow) => {
        const rule = await uow.trx.selectFrom('obligation_rules as r')
          .innerJoin('obligation_rule_versions as v', (join) => join.onRef('v.rule_id', '=', 'r.id').onRef('v.version', '=', 'r.version'))
          .select(['r.id', 'r.code', 'r.version', 'r.enabled', 'v.definition']).where('r.id', '=', ruleId).forUpdate('r').executeTakeFirst();
        if (!rule) throw ruleNotFound();
        const previous = rule.definition as RuleDefinition;
        const definition = input.definition === undefined ? previous : validateRuleDefinition(input.definition);
        if (definition.code !== rule.code) throw new AppError('obligations.code_fixed', 'A rule keeps its code; add a new rule instead.', { status: 422 });
        const enabled = input.enabled ?? rule.enabled;
        const newVersion = JSON.stringify(definition) !== JSON.stringify(previous);
        const version = newVersion ? rule.version + 1 : rule.version;
        if (!input.confirm && (newVersion || enabled !== rule.enabled)) {
          const impact = await impactOf(uow.trx, rule.id, { version, enabled, definition });
          if (impact.changed > 0) {
            throw new AppError(
              'obligations.rule_change_needs_confirmation',
              `This change would alter ${impact.changed} computed obligation${impact.changed === 1 ? '' : 's'}; send it again with "confirm": true to make it. Settled results keep the version they were computed with.`,
              { status: 409, details: { changed: impact.changed, sample: impact.sample } },
            );
          }
        }
        const now = clock();
        if (newVersion) {
          await uow.trx.insertInto('obligation_rule_versions').values({
            rule_id: rule.id, version, definition: JSON.stringify(definition), change_reason: input.changeReason?.trim() || null,
            created_by: principal.userId, created_at: now,
          }).execute();
        }
        await uow.trx.updateTable('obligation_rules').set({
          version, enabled, disabled_note: input.disabledNote === undefined ? undefined : input.disabledNote, updated_by: principal.userId, updated_at: now,
        }).where('id', '=', rule.id).execute();
        uow.audit({
          action: 'obligation_rule.updated', targetType: 'obligation_rule', targetIds: [rule.id],
          before: { version: rule.version, enabled: rule.enabled }, after: { version, enabled, confirmed: input.confirm ?? false, changeReason: input.changeReason ?? null },
        });
        const affected = await uow.trx.selectFrom('obligations').select('incident_id').distinct().where('rule_id', '=', rule.id).execute();
        for (const a of affected) enqueueRecompute(uow, a.incident_id);
        uow.enqueue(OBLIGATION_JOBS.recomputeAll, {}, { singletonKey: 'rules' });
      });
      return (await ruleViews(db, [ruleId]))[0];
    },
  };
}

export type ObligationRulesService = ReturnType<typeof createObligationRulesService>;
