/**
 * Keeps the database's rules in step with the packs shipped in `packs/`: a pack rule whose
 * code is not in the database yet is added (version 1, enabled only when its source is
 * confirmed, otherwise disabled with its note). A rule already there is the
 * administrators' from then on and is never changed by a newer pack; a pack that changes a
 * rule is a release note for them to apply through `updateRule`.
 * Runs after the migrations, in one transaction. In a database nobody has used yet (no
 * users) the packs are seed data, like the categories and legal bases the migrations seed,
 * and write no audit rows — so that a backup can still be restored into it; in a database in
 * use, each rule a newer release adds gets its audit row.
 */
import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../audit/audit-event.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/unit-of-work.ts';
import type { JobSender } from '../../jobs/job-queue.ts';
import { loadRulePacks } from './packs/index.ts';

export async function installRulePacks(deps: { db: Kysely<DB>; jobs?: JobSender }): Promise<{ added: string[] }> {
  const packs = loadRulePacks();
  const existing = new Set((await deps.db.selectFrom('obligation_rules').select('code').execute()).map((r) => r.code));
  const missing = packs.flatMap((p) => p.rules.filter((r) => !existing.has(r.code)).map((rule) => ({ pack: p.pack, rule })));
  if (missing.length === 0) return { added: [] };
  const noJobs: JobSender = { sendWithin: async () => {} };
  const inUse = (await deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
  await inTransaction({ db: deps.db, jobs: deps.jobs ?? noJobs }, SYSTEM_ACTOR, async (uow) => {
    for (const { pack, rule } of missing) {
      const inserted = await uow.trx.insertInto('obligation_rules').values({
        code: rule.code, pack, enabled: rule.confirmed, disabled_note: rule.confirmed ? null : (rule.note ?? 'Not confirmed from a source.'),
      }).onConflict((oc) => oc.column('code').doNothing()).returning('id').executeTakeFirst();
      if (!inserted) continue;
      await uow.trx.insertInto('obligation_rule_versions').values({
        rule_id: inserted.id, version: 1, definition: JSON.stringify(rule), change_reason: `Shipped in the ${pack} rule pack`,
      }).execute();
      if (inUse) uow.audit({ action: 'obligation_rule.installed', targetType: 'obligation_rule', targetIds: [inserted.id], after: { code: rule.code, pack } });
    }
  });
  return { added: missing.map((m) => m.rule.code) };
}
