/**
 * SQL of the affected-persons register. Identities never pass through here in clear: the
 * service seals them before a write and opens them after a read. Every query names its
 * incident; which incidents a caller may reach is decided before (register-access.ts).
 */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AffectedPersonsTable, NotificationStatus } from '../../db/schema-register.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A person as read: every column but the digests (never read back), with the source organization's name and the date as text. */
export type PersonRow = Omit<
  Selectable<AffectedPersonsTable>,
  'phone_digest' | 'email_digest' | 'account_digest' | 'created_by' | 'notified_on'
> & {
  source_organization_name: string | null;
  notified_on: string | null;
};

function personQuery(db: Executor) {
  return db
    .selectFrom('affected_persons as p')
    .leftJoin('organizations as o', 'o.id', 'p.source_organization_id')
    .select([
      'p.id',
      'p.incident_id',
      'p.number',
      'p.name_enc',
      'p.phone_enc',
      'p.email_enc',
      'p.account_enc',
      'p.notes_enc',
      'p.country',
      'p.category',
      'p.affected_how',
      'p.source_organization_id',
      'o.name as source_organization_name',
      'p.source_reference',
      'p.source_response_id',
      'p.notification_status',
      sql<string | null>`to_char(p.notified_on, 'YYYY-MM-DD')`.as('notified_on'),
      'p.notified_channel',
      'p.erased_at',
      'p.created_at',
      'p.updated_at',
      'p.version',
    ]);
}

export async function findPerson(
  db: Executor,
  incidentId: string,
  personId: string,
  options: { forUpdate?: boolean } = {},
): Promise<PersonRow | undefined> {
  let query = personQuery(db).where('p.incident_id', '=', incidentId).where('p.id', '=', personId);
  if (options.forUpdate) query = query.forUpdate('p');
  return query.executeTakeFirst() as Promise<PersonRow | undefined>;
}

export async function findPersons(db: Executor, incidentId: string, personIds: string[]): Promise<PersonRow[]> {
  if (personIds.length === 0) return [];
  return personQuery(db).where('p.incident_id', '=', incidentId).where('p.id', 'in', personIds).orderBy('p.number').execute() as Promise<
    PersonRow[]
  >;
}

export interface PersonFilter {
  country?: string;
  category?: string;
  status?: NotificationStatus;
  afterNumber?: number;
  limit: number;
}

export async function listPersons(db: Executor, incidentId: string, filter: PersonFilter): Promise<{ rows: PersonRow[]; total: number }> {
  let query = personQuery(db).where('p.incident_id', '=', incidentId);
  let count = db.selectFrom('affected_persons as p').select(sql<number>`count(*)::int`.as('n')).where('p.incident_id', '=', incidentId);
  if (filter.country) {
    query = query.where('p.country', '=', filter.country);
    count = count.where('p.country', '=', filter.country);
  }
  if (filter.category) {
    query = query.where('p.category', '=', filter.category);
    count = count.where('p.category', '=', filter.category);
  }
  if (filter.status) {
    query = query.where('p.notification_status', '=', filter.status);
    count = count.where('p.notification_status', '=', filter.status);
  }
  if (filter.afterNumber !== undefined) query = query.where('p.number', '>', filter.afterNumber);
  const [rows, total] = await Promise.all([
    query.orderBy('p.number').limit(filter.limit).execute() as Promise<PersonRow[]>,
    count.executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

/** The incident's register row, created on first use and locked: numbering and retention changes are serialised per incident. */
export async function lockRegister(trx: Transaction<DB>, incidentId: string) {
  await trx
    .insertInto('affected_registers')
    .values({ incident_id: incidentId })
    .onConflict((oc) => oc.column('incident_id').doNothing())
    .execute();
  return trx.selectFrom('affected_registers').selectAll().where('incident_id', '=', incidentId).forUpdate().executeTakeFirstOrThrow();
}

export async function nextNumber(trx: Transaction<DB>, incidentId: string): Promise<number> {
  const row = await trx
    .selectFrom('affected_persons')
    .select(sql<number>`coalesce(max(number), 0)::int + 1`.as('next'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirstOrThrow();
  return row.next;
}

export type NewPerson = Insertable<AffectedPersonsTable> & { id: string };

export async function insertPerson(trx: Transaction<DB>, person: NewPerson): Promise<void> {
  await trx.insertInto('affected_persons').values(person).execute();
}

export async function updatePerson(
  trx: Transaction<DB>,
  personId: string,
  version: number,
  changes: Partial<AffectedPersonsTable>,
): Promise<boolean> {
  const result = await trx
    .updateTable('affected_persons')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where('id', '=', personId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Persons of the incident already holding one of these digests, by kind. */
export async function personsWithDigests(
  db: Executor,
  incidentId: string | null,
  digests: { phone?: Buffer; email?: Buffer; account?: Buffer },
) {
  const parts = [
    digests.phone ? sql`p.phone_digest = ${digests.phone}` : null,
    digests.email ? sql`p.email_digest = ${digests.email}` : null,
    digests.account ? sql`p.account_digest = ${digests.account}` : null,
  ].filter((p) => p !== null);
  if (parts.length === 0) return [];
  let query = db
    .selectFrom('affected_persons as p')
    .innerJoin('incidents as i', 'i.id', 'p.incident_id')
    .select(['p.id', 'p.incident_id', 'p.number', 'i.reference'])
    .select([
      sql<string | null>`encode(p.phone_digest, 'hex')`.as('phone_hex'),
      sql<string | null>`encode(p.email_digest, 'hex')`.as('email_hex'),
      sql<string | null>`encode(p.account_digest, 'hex')`.as('account_hex'),
    ])
    .where(sql<boolean>`(${sql.join(parts, sql` or `)})`);
  if (incidentId) query = query.where('p.incident_id', '=', incidentId);
  return query.orderBy('i.reference').orderBy('p.number').limit(1000).execute();
}

export interface CountRows {
  total: number;
  erased: number;
  byCountry: Array<{ key: string; count: number }>;
  byCategory: Array<{ key: string; count: number }>;
  byAffectedHow: Array<{ key: string; count: number }>;
  byNotificationStatus: Array<{ key: string; count: number }>;
}

/** Aggregates over the clear columns only, in one pass over the incident's rows (the covering index). */
export async function countPersons(db: Executor, incidentId: string): Promise<CountRows> {
  const rows = await sql<{ dimension: string; key: string | null; count: number }>`
    select dimension, key, count(*)::int as count from (
      select p.country, p.category, p.affected_how, p.notification_status, p.erased_at is not null as erased
        from affected_persons p where p.incident_id = ${incidentId}
    ) p
    cross join lateral (values ('country', p.country), ('category', p.category), ('affected_how', p.affected_how),
                               ('status', p.notification_status), ('erased', case when p.erased then 'yes' end)) d(dimension, key)
    group by dimension, key`.execute(db);
  const of = (dimension: string) =>
    rows.rows
      .filter((r) => r.dimension === dimension && r.key !== null)
      .map((r) => ({ key: r.key as string, count: r.count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const byCountry = of('country');
  return {
    total: byCountry.reduce((sum, r) => sum + r.count, 0),
    erased: of('erased')[0]?.count ?? 0,
    byCountry,
    byCategory: of('category'),
    byAffectedHow: of('affected_how'),
    byNotificationStatus: of('status'),
  };
}

/** The latest stated affected count per country of the incident (counts are revised with history). */
export async function statedCounts(db: Executor, incidentId: string) {
  return db
    .selectFrom('affected_counts')
    .distinctOn('country')
    .select(['country', 'count', sql<string>`to_char(as_of, 'YYYY-MM-DD')`.as('as_of'), 'source'])
    .where('incident_id', '=', incidentId)
    .orderBy('country')
    .orderBy('as_of', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
}

export async function categoryExists(db: Executor, code: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('affected_person_categories')
      .select('code')
      .where('code', '=', code)
      .where('active', '=', true)
      .executeTakeFirst()) !== undefined
  );
}

export async function categoryLabels(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('affected_person_categories').select(['code', 'label']).execute();
  return new Map(rows.map((r) => [r.code, r.label]));
}
