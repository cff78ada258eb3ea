/** Organizations: the home CERT and the outside organizations it deals with. */
import type { CreateOrganizationBody, Organization } from '#shared/contracts/organizations';
import type { Actor } from '../../audit/audit-event.ts';
import { type UnitOfWorkDeps, inTransaction } from '../../db/unit-of-work.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import type { Principal } from '../../access/principal.ts';
import * as repo from './organizations.repository.ts';

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
          isHome: false,
          now: clock(),
        });
        const row = await repo.findOrganization(uow.trx, { kind: 'all' }, id);
        if (!row) throw new Error('inserted organization not found');
        uow.audit({ action: 'organization.created', targetType: 'organization', targetIds: [id], after: { name: row.name, kind: row.kind, jurisdiction: row.jurisdiction, sectors: row.sectors } });
        return toView(row, principal);
      });
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
