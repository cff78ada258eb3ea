/**
 * Retention of identities (docs/modules/affected-persons.md, "Retention"): each incident's
 * register may carry a date from which its identities are erased; a daily job erases them
 * — sealed fields and digests cleared, the incident's data key destroyed (a backup made
 * earlier keeps its own copy: ADR 0008) — keeping every row's country, category and states, so counts
 * survive. A legal hold suspends it. Each erasure is one transaction with an audit row
 * reporting what was erased.
 */
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Principal } from '../../access/principal.ts';
import { type Actor, SYSTEM_ACTOR } from '../../audit/audit-event.ts';
import { inTransaction, type UnitOfWorkDeps } from '../../db/unit-of-work.ts';
import { AppError } from '../../http/app-error.ts';
import { defineJob, type JobDefinition } from '../../jobs/job-definition.ts';
import { findWritableIncident } from '../incidents/writable-incident.ts';
import { applyTallies, lockRegister, TallyChanges } from './affected-persons.repository.ts';
import { readableIncident } from './register-access.ts';

export const RETENTION_JOB = 'register.retention';

export interface RegisterSettings {
  retainUntil: string | null;
  legalHold: boolean;
  legalHoldReason: string | null;
  erasedAt: string | null;
  version: number;
}

type Deps = UnitOfWorkDeps & { clock: () => Date };

async function settingsOf(db: Deps['db'], incidentId: string): Promise<RegisterSettings> {
  const row = await db
    .selectFrom('affected_registers')
    .select([
      sql<string | null>`to_char(retain_until, 'YYYY-MM-DD')`.as('retain_until'),
      'legal_hold',
      'legal_hold_reason',
      'erased_at',
      'version',
    ])
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  if (!row) return { retainUntil: null, legalHold: false, legalHoldReason: null, erasedAt: null, version: 0 };
  return {
    retainUntil: row.retain_until,
    legalHold: row.legal_hold,
    legalHoldReason: row.legal_hold_reason,
    erasedAt: row.erased_at?.toISOString() ?? null,
    version: row.version,
  };
}

export async function getRegisterSettings(deps: Deps, principal: Principal, incidentId: string): Promise<RegisterSettings> {
  await readableIncident(deps.db, principal, incidentId);
  return settingsOf(deps.db, incidentId);
}

export async function updateRegisterSettings(
  deps: Deps,
  principal: Principal,
  actor: Actor,
  incidentId: string,
  body: { version: number; retainUntil?: string | null; legalHold?: boolean; legalHoldReason?: string | null },
): Promise<RegisterSettings> {
  const today = deps.clock().toISOString().slice(0, 10);
  if (body.retainUntil && body.retainUntil <= today)
    throw new AppError('register.invalid_retention', 'The date from which identities are erased must be after today.');
  await inTransaction(deps, actor, async (uow) => {
    await findWritableIncident(uow.trx, principal, incidentId, { lock: false });
    const current = await lockRegister(uow.trx, incidentId);
    const currentVersion = current.version;
    // A register never touched before has version 1 on its new row; the client read it as 0.
    if (
      body.version !== currentVersion &&
      !(body.version === 0 && currentVersion === 1 && current.retain_until === null && !current.legal_hold)
    ) {
      throw new AppError(
        'register.version_conflict',
        `The register's settings changed since you read them (now version ${currentVersion}).`,
        { details: { currentVersion } },
      );
    }
    const legalHold = body.legalHold ?? current.legal_hold;
    const reason = body.legalHoldReason !== undefined ? body.legalHoldReason : current.legal_hold_reason;
    if (legalHold && !reason?.trim())
      throw new AppError('register.legal_hold_reason_required', 'Say why the register is held (the case, the order).');
    const before = await settingsOf(uow.trx, incidentId);
    await uow.trx
      .updateTable('affected_registers')
      .set({
        ...(body.retainUntil !== undefined ? { retain_until: body.retainUntil } : {}),
        legal_hold: legalHold,
        legal_hold_reason: legalHold ? (reason?.trim() ?? null) : null,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      } as never)
      .where('incident_id', '=', incidentId)
      .execute();
    const after = await settingsOf(uow.trx, incidentId);
    uow.audit({ action: 'register.settings_changed', targetType: 'incident', targetIds: [incidentId], before, after });
  });
  return settingsOf(deps.db, incidentId);
}

/** Erases the identities of every register whose date has come and that is not held; returns what it erased. */
export async function eraseDueRegisters(deps: Deps): Promise<Array<{ incidentId: string; reference: string; erased: number }>> {
  const today = deps.clock().toISOString().slice(0, 10);
  const due = await deps.db
    .selectFrom('affected_registers as r')
    .innerJoin('incidents as i', 'i.id', 'r.incident_id')
    .select(['r.incident_id', 'i.reference', sql<string>`to_char(r.retain_until, 'YYYY-MM-DD')`.as('retain_until')])
    .where('r.retain_until', '<=', today)
    .where('r.legal_hold', '=', false)
    .where('r.erased_at', 'is', null)
    .orderBy('r.retain_until')
    .execute();
  const report: Array<{ incidentId: string; reference: string; erased: number }> = [];
  for (const register of due) {
    const erased = await inTransaction(deps, SYSTEM_ACTOR, async (uow) => {
      const locked = await lockRegister(uow.trx, register.incident_id);
      if (locked.legal_hold || locked.erased_at) return null;
      const result = await uow.trx
        .updateTable('affected_persons')
        .set({
          name_enc: null,
          phone_enc: null,
          email_enc: null,
          account_enc: null,
          notes_enc: null,
          phone_digest: null,
          email_digest: null,
          account_digest: null,
          erased_at: deps.clock(),
          updated_at: deps.clock(),
          version: sql`version + 1`,
        } as never)
        .where('incident_id', '=', register.incident_id)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      // Without its data key nothing sealed for this incident can be opened again from this database.
      await uow.trx.deleteFrom('register_keys').where('incident_id', '=', register.incident_id).execute();
      await uow.trx
        .updateTable('affected_registers')
        .set({ erased_at: deps.clock(), version: sql`version + 1` } as never)
        .where('incident_id', '=', register.incident_id)
        .execute();
      const count = Number(result.numUpdatedRows);
      await applyTallies(uow.trx, register.incident_id, new TallyChanges().add('erased', 'yes', count));
      uow.audit({
        action: 'register.erased',
        targetType: 'incident',
        targetIds: [register.incident_id],
        after: { reference: register.reference, retainUntil: register.retain_until, personsErased: count, dataKeyDestroyed: true },
      });
      return count;
    });
    if (erased !== null) report.push({ incidentId: register.incident_id, reference: register.reference, erased });
  }
  return report;
}

export function createRegisterJobs(deps: Deps): JobDefinition<any>[] {
  return [
    defineJob({
      name: RETENTION_JOB,
      payload: Type.Object({}, { additionalProperties: false }),
      // Every day at 02:30 UTC.
      cron: '30 2 * * *',
      retryLimit: 3,
      retryDelaySeconds: 300,
      async handler() {
        await eraseDueRegisters(deps);
      },
    }),
  ];
}
