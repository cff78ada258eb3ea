/** SQL for organizations. Outside users are scoped to their own organization. */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { OrganizationKind } from '#shared/organizations';
import type { DB } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { AppError } from '../../http/app-error.ts';

export type OrganizationScope = { kind: 'all' } | { kind: 'own'; organizationId: string };

export interface OrganizationRow {
  id: string;
  name: string;
  short_name: string | null;
  kind: OrganizationKind;
  jurisdiction: string | null;
  sectors: string[];
  regulated_as: string[];
  operates_in: string[];
  is_home: boolean;
  user_count: number;
  created_at: Date;
  updated_at: Date;
  version: number;
}

type Executor = Kysely<DB> | Transaction<DB>;

function baseQuery(db: Executor, scope: OrganizationScope) {
  let query = db
    .selectFrom('organizations as o')
    .select([
      'o.id', 'o.name', 'o.short_name', 'o.kind', 'o.jurisdiction', 'o.sectors', 'o.regulated_as', 'o.operates_in', 'o.is_home', 'o.created_at', 'o.updated_at', 'o.version',
      sql<number>`(select count(*) from users u where u.organization_id = o.id and u.disabled_at is null)`.as('user_count'),
    ]);
  if (scope.kind === 'own') query = query.where('o.id', '=', scope.organizationId);
  return query;
}

export async function findOrganization(db: Executor, scope: OrganizationScope, id: string): Promise<OrganizationRow | undefined> {
  return baseQuery(db, scope).where('o.id', '=', id).executeTakeFirst();
}

export interface ListOrganizationsFilter {
  kind?: OrganizationKind;
  q?: string;
  after?: { name: string; id: string };
  limit: number;
}

export async function listOrganizations(db: Executor, scope: OrganizationScope, filter: ListOrganizationsFilter): Promise<OrganizationRow[]> {
  let query = baseQuery(db, scope);
  if (filter.kind) query = query.where('o.kind', '=', filter.kind);
  if (filter.q) query = query.where('o.name', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where((eb) => eb.or([eb('o.name', '>', name), eb.and([eb('o.name', '=', name), eb('o.id', '>', id)])]));
  }
  return query.orderBy('o.name').orderBy('o.id').limit(filter.limit).execute();
}

/** Whether another organization (not `exceptId`) has this name, in any case. */
export async function organizationNameTaken(db: Executor, name: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('organizations').select('id').where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

function nameTaken(error: unknown): never {
  if (isUniqueViolation(error, 'organizations_name_key')) throw new AppError('organizations.already_exists', 'An organization with this name exists already.');
  throw error;
}

export interface OrganizationValues {
  name: string;
  short_name: string | null;
  jurisdiction: string | null;
  sectors: string[];
  regulated_as: string[];
  operates_in: string[];
}

export async function insertOrganization(
  trx: Transaction<DB>,
  values: {
    name: string; shortName: string | null; kind: OrganizationKind; jurisdiction: string | null; sectors: string[];
    regulatedAs?: string[]; operatesIn?: string[]; isHome: boolean; now: Date;
  },
): Promise<string> {
  const row = await trx
    .insertInto('organizations')
    .values({
      name: values.name,
      short_name: values.shortName,
      kind: values.kind,
      jurisdiction: values.jurisdiction,
      sectors: values.sectors,
      regulated_as: values.regulatedAs ?? [],
      operates_in: values.operatesIn ?? [],
      is_home: values.isHome,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch(nameTaken);
  return row.id;
}

/** False when the row is not at `version` any more (someone changed it meanwhile). */
export async function updateOrganizationRow(trx: Transaction<DB>, id: string, version: number, changes: Partial<OrganizationValues>, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('organizations')
    .set({ ...changes, updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst()
    .catch(nameTaken);
  return Number(result.numUpdatedRows) === 1;
}

/** The incidents the organization takes part in, at most `limit` of them. */
export async function participatingIncidentIds(db: Executor, organizationId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('participants').select('incident_id').distinct()
    .where('organization_id', '=', organizationId).orderBy('incident_id').limit(limit).execute();
  return rows.map((r) => r.incident_id);
}

export async function findHomeOrganization(db: Executor): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('organizations').select(['id', 'name']).where('is_home', '=', true).executeTakeFirst();
}
