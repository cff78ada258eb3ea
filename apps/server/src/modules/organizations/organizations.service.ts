/**
 * Organizations: the home CERT and the outside organizations it deals with, with the
 * legal roles and jurisdictions the obligation rules bind them by.
 */
import type { CreateOrganizationBody, Organization, UpdateOrganizationBody } from '#shared/contracts/organizations';
import { LEGAL_ROLES, type LegalRole } from '#shared/organizations';
import type { Actor } from '../../audit/audit-event.ts';
import { type UnitOfWork, type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import type { Principal } from '../../access/principal.ts';
import { OBLIGATION_JOBS, enqueueRecompute } from '../obligations/obligation-job-names.ts';
import * as repo from './organizations.repository.ts';

/** Past this many incidents, one recomputation of every incident is cheaper than a job each. */
export const RECOMPUTE_EACH_LIMIT = 500;

/** The columns the obligation rules read (docs/modules/obligations.md): a change to one recomputes. */
const OBLIGATION_INPUTS = ['name', 'jurisdiction', 'sectors', 'regulated_as', 'operates_in'] as const;

const AUDIT_NAMES: Record<keyof repo.OrganizationValues, string> = {
  name: 'name', short_name: 'shortName', jurisdiction: 'jurisdiction', sectors: 'sectors', regulated_as: 'regulatedAs', operates_in: 'operatesIn',
};

/** Roles in the vocabulary's order and jurisdictions alphabetically, so equal sets compare and show alike. */
const roleOrder = (roles: readonly string[]) => [...roles].sort((a, b) => LEGAL_ROLES.indexOf(a as LegalRole) - LEGAL_ROLES.indexOf(b as LegalRole));
const placeOrder = (places: readonly string[]) => [...places].sort();

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function versionConflict(current?: number): AppError {
  return current === undefined
    ? new AppError('organizations.version_conflict', 'Someone changed this organization meanwhile; reload and try again.')
    : new AppError('organizations.version_conflict', `Someone changed this organization meanwhile (now version ${current}); reload and try again.`, { details: { currentVersion: current } });
}

/** Recomputes the obligations of every incident the organization takes part in, in the writing transaction. */
async function enqueueRecomputeFor(uow: UnitOfWork, organizationId: string): Promise<void> {
  const incidentIds = await repo.participatingIncidentIds(uow.trx, organizationId, RECOMPUTE_EACH_LIMIT + 1);
  if (incidentIds.length > RECOMPUTE_EACH_LIMIT) uow.enqueue(OBLIGATION_JOBS.recomputeAll, {}, { singletonKey: 'all' });
  else for (const incidentId of incidentIds) enqueueRecompute(uow, incidentId);
}

function scopeOf(principal: Principal): repo.OrganizationScope {
  return principal.isStaff ? { kind: 'all' } : { kind: 'own', organizationId: principal.organizationId };
}

function toView(row: repo.OrganizationRow, principal: Principal): Organization {
  return {
    id: row.id,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind,
    jurisdiction: row.jurisdiction,
    sectors: row.sectors,
    regulatedAs: row.regulated_as,
    operatesIn: row.operates_in,
    isHome: row.is_home,
    userCount: Number(row.user_count),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: {
      manageUsers: (principal.role === 'admin' && principal.isStaff) || (principal.role === 'org_admin' && principal.organizationId === row.id),
    },
  };
}

export function createOrganizationsService(deps: UnitOfWorkDeps & { clock: () => Date }) {
  const { db, clock } = deps;
  return {
    async list(principal: Principal, query: { kind?: Organization['kind']; q?: string; cursor?: string; limit?: number }) {
      const limit = query.limit ?? 50;
      const after = decodeCursor<{ name: string; id: string }>(query.cursor, { name: 'string', id: 'uuid' });
      const rows = await repo.listOrganizations(db, scopeOf(principal), { ...query, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => toView(r, principal)),
        nextCursor: rows.length > limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
      };
    },

    async get(principal: Principal, id: string): Promise<Organization> {
      const row = await repo.findOrganization(db, scopeOf(principal), id);
      if (!row) throw notFound('organizations', 'The organization');
      return toView(row, principal);
    },

    async create(principal: Principal, actor: Actor, input: CreateOrganizationBody): Promise<Organization> {
      return inTransaction(deps, actor, async (uow) => {
        if (await repo.organizationNameTaken(uow.trx, input.name.trim())) {
          throw new AppError('organizations.already_exists', 'An organization with this name exists already.');
        }
        const id = await repo.insertOrganization(uow.trx, {
          name: input.name.trim(),
          shortName: input.shortName?.trim() ?? null,
          kind: input.kind,
          jurisdiction: input.jurisdiction ?? null,
          sectors: input.sectors ?? [],
          regulatedAs: roleOrder(input.regulatedAs ?? []),
          operatesIn: placeOrder(input.operatesIn ?? []),
          isHome: false,
          now: clock(),
        });
        const row = await repo.findOrganization(uow.trx, { kind: 'all' }, id);
        if (!row) throw new Error('inserted organization not found');
        uow.audit({ action: 'organization.created', targetType: 'organization', targetIds: [id], after: {
          name: row.name, kind: row.kind, jurisdiction: row.jurisdiction, sectors: row.sectors,
          ...(row.regulated_as.length ? { regulatedAs: row.regulated_as } : {}),
          ...(row.operates_in.length ? { operatesIn: row.operates_in } : {}),
        } });
        return toView(row, principal);
      });
    },

    /** Changes the fields given; the kind never changes, so the home CERT stays the CERT. */
    async update(principal: Principal, actor: Actor, id: string, input: UpdateOrganizationBody): Promise<Organization> {
      return inTransaction(deps, actor, async (uow) => {
        const before = await repo.findOrganization(uow.trx, scopeOf(principal), id);
        if (!before) throw notFound('organizations', 'The organization');
        if (before.version !== input.version) throw versionConflict(before.version);
        const wanted: Partial<repo.OrganizationValues> = {
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.shortName !== undefined ? { short_name: input.shortName?.trim() || null } : {}),
          ...(input.jurisdiction !== undefined ? { jurisdiction: input.jurisdiction } : {}),
          ...(input.sectors !== undefined ? { sectors: input.sectors } : {}),
          ...(input.regulatedAs !== undefined ? { regulated_as: roleOrder(input.regulatedAs) } : {}),
          ...(input.operatesIn !== undefined ? { operates_in: placeOrder(input.operatesIn) } : {}),
        };
        const changed = (Object.keys(wanted) as Array<keyof repo.OrganizationValues>).filter((key) => !sameValue(wanted[key], before[key]));
        if (changed.length === 0) return toView(before, principal);

        const changes = Object.fromEntries(changed.map((key) => [key, wanted[key]])) as Partial<repo.OrganizationValues>;
        if (changes.name !== undefined && (await repo.organizationNameTaken(uow.trx, changes.name, id))) {
          throw new AppError('organizations.already_exists', 'An organization with this name exists already.');
        }
        if (!(await repo.updateOrganizationRow(uow.trx, id, input.version, changes, clock()))) throw versionConflict();
        const after = await repo.findOrganization(uow.trx, { kind: 'all' }, id);
        if (!after) throw new Error('updated organization not found');
        if (changed.some((key) => (OBLIGATION_INPUTS as readonly string[]).includes(key))) await enqueueRecomputeFor(uow, id);
        uow.audit({
          action: 'organization.updated', targetType: 'organization', targetIds: [id],
          before: Object.fromEntries(changed.map((key) => [AUDIT_NAMES[key], before[key]])),
          after: Object.fromEntries(changed.map((key) => [AUDIT_NAMES[key], after[key]])),
        });
        return toView(after, principal);
      });
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
