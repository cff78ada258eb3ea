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

export type TallyDimension = 'country' | 'category' | 'affected_how' | 'notification_status' | 'erased';

/** Changes to an incident's counts: +1/−1 per dimension and key, gathered over a write. */
export class TallyChanges {
  private readonly deltas = new Map<string, number>();

  add(dimension: TallyDimension, key: string, by = 1): this {
    const k = `${dimension}\u0000${key}`;
    this.deltas.set(k, (this.deltas.get(k) ?? 0) + by);
    return this;
  }

  /** A new person: one more in each of their dimensions. */
  person(p: { country: string; category: string; affected_how: string; notification_status?: string }, by = 1): this {
    return this.add('country', p.country, by)
      .add('category', p.category, by)
      .add('affected_how', p.affected_how, by)
      .add('notification_status', p.notification_status ?? 'not_notified', by);
  }

  /** In key order, so that two writers touching the same rows lock them in the same order. */
  entries(): Array<{ dimension: TallyDimension; key: string; by: number }> {
    return [...this.deltas]
      .filter(([, by]) => by !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, by]) => {
        const [dimension, key] = k.split('\u0000');
        return { dimension: dimension as TallyDimension, key, by };
      });
  }
}

/** Applies the changes to the incident's kept counts, in the same transaction as the change to the persons. */
export async function applyTallies(trx: Transaction<DB>, incidentId: string, changes: TallyChanges): Promise<void> {
  const entries = changes.entries();
  if (entries.length === 0) return;
  await sql`
    insert into affected_person_tallies (incident_id, dimension, key, count)
    select ${incidentId}::uuid, d, k, n from unnest(${entries.map((e) => e.dimension)}::text[], ${entries.map((e) => e.key)}::text[], ${entries.map((e) => e.by)}::int[]) as t(d, k, n)
    on conflict (incident_id, dimension, key) do update set count = affected_person_tallies.count + excluded.count`.execute(trx);
}

/**
 * The incident's counts, read from the tallies kept as entries change (`applyTallies`):
 * a handful of rows whatever the register's size.
 */
export async function countPersons(db: Executor, incidentId: string): Promise<CountRows> {
  const rows = await db
    .selectFrom('affected_person_tallies')
    .select(['dimension', 'key', 'count'])
    .where('incident_id', '=', incidentId)
    .where('count', '>', 0)
    .execute();
  const of = (dimension: TallyDimension) =>
    rows
      .filter((r) => r.dimension === dimension)
      .map((r) => ({ key: r.key, count: r.count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const byCountry = of('country');
  return {
    total: byCountry.reduce((sum, r) => sum + r.count, 0),
    erased: of('erased')[0]?.count ?? 0,
    byCountry,
    byCategory: of('category'),
    byAffectedHow: of('affected_how'),
    byNotificationStatus: of('notification_status'),
  };
}

/** The same counts computed from the persons themselves: what the tallies must always equal (tests, and a check an operator can run). */
export async function recountPersons(db: Executor, incidentId: string): Promise<CountRows> {
  const rows = await sql<{
    country: string | null;
    category: string | null;
    affected_how: string | null;
    notification_status: string | null;
    erased: boolean | null;
    count: number;
  }>`
    select country, category, affected_how, notification_status, erased, count(*)::int as count
      from (select country, category, affected_how, notification_status, erased_at is not null as erased from affected_persons where incident_id = ${incidentId}) p
     group by grouping sets ((country), (category), (affected_how), (notification_status), (erased))`.execute(db);
  const of = (column: 'country' | 'category' | 'affected_how' | 'notification_status') =>
    rows.rows
      .filter((r) => r[column] !== null)
      .map((r) => ({ key: r[column] as string, count: r.count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const byCountry = of('country');
  return {
    total: byCountry.reduce((sum, r) => sum + r.count, 0),
    erased: rows.rows.find((r) => r.erased === true)?.count ?? 0,
    byCountry,
    byCategory: of('category'),
    byAffectedHow: of('affected_how'),
    byNotificationStatus: of('notification_status'),
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

/** Every category in its order, retired ones included (entries may still carry them). */
export async function listCategories(db: Executor) {
  return db.selectFrom('affected_person_categories').select(['code', 'label', 'active']).orderBy('position').orderBy('code').execute();
}
