/**
 * The affected-persons register at scale, on the local PostgreSQL server (docs/performance.md,
 * "Affected-persons register"). A throw-away database is migrated and seeded with the test
 * world (an administrator, a platform), then:
 *
 *   1. import: a CSV of N persons (default 100,000: names, E.164 numbers, e-mail addresses,
 *      categories, references) through the module's own import — parsed, validated, checked
 *      for duplicates by digest, sealed field by field under the incident's data key and
 *      committed in one transaction (target: under 30 s);
 *   2. counts of that incident (getAffectedCounts, as the service answers it) (target: < 50 ms);
 *   3. the register grown to R rows (default 10,000,000) across 100,000 other incidents,
 *      written set-based: placeholder sealed values (the format the columns require; nothing
 *      in them can be opened) and keyed digests under the run's lookup key for every row;
 *   4. a lookup of one phone number across all R rows: the SQL the service runs, and the
 *      whole `lookupIdentifier` call with its audit row (target: under 10 ms).
 *
 *   node --import tsx bench/register/register.bench.ts [--persons 100000] [--rows 10000000] [--keep] [--reuse NAME]
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { makePrincipal } from '../../apps/server/src/access/principal.ts';
import type { Actor } from '../../apps/server/src/audit/audit-event.ts';
import { lookupDigest, type RegisterKeyRing } from '../../apps/server/src/crypto/register-keys.ts';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { personsWithDigests } from '../../apps/server/src/modules/affected-persons/affected-persons.repository.ts';
import { createAffectedPersonsService } from '../../apps/server/src/modules/affected-persons/affected-persons.service.ts';
import { createRegisterGrantsService } from '../../apps/server/src/modules/affected-persons/register-grants.service.ts';
import { importPersons } from '../../apps/server/src/modules/affected-persons/register-import.ts';
import { seedWorld } from '../../apps/server/test/seed.ts';
import { BENCH_SERVER_URL, createBenchDatabase } from '../lib/bench-database.ts';
import { machineLine, percentile, table, verdict } from '../lib/report.ts';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '100000' },
    rows: { type: 'string', default: '10000000' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const PERSONS = Number(values.persons);
const ROWS = Number(values.rows);
const OTHER_INCIDENTS = 100_000;
const CHUNK = 500_000;
const n = (x: number) => x.toLocaleString('en');

// A fixed key ring for the run, so that a kept database can be reused with the same digests.
const ring: RegisterKeyRing = {
  current: 'bench-1',
  masterKeys: new Map([['bench-1', Buffer.alloc(32, 7)]]),
  lookupKey: Buffer.alloc(32, 9),
};

const bench = values.reuse
  ? { name: values.reuse, url: Object.assign(new URL(BENCH_SERVER_URL), { pathname: `/${values.reuse}` }).toString(), drop: async () => {} }
  : await createBenchDatabase('register');
const database = await openDatabase({ databaseUrl: bench.url, dataDir: '/nonexistent', poolSize: 4 });
const db = database.db;
const clock = () => new Date();
const deps = { db, jobs: { sendWithin: async () => {} } as never, clock, registerKeys: ring };
console.log(`Affected-persons register — PostgreSQL server\n${machineLine()}\ndatabase ${bench.name}`);

try {
  const world = await seedWorld(db);
  const adminUser = world.users.admin;
  const admin = makePrincipal(
    {
      user_id: adminUser.id,
      organization_id: adminUser.organizationId,
      role: 'admin',
      email: adminUser.email,
      name: 'Bench admin',
      is_home: true,
    },
    'session',
  );
  const actor: Actor = {
    userId: adminUser.id,
    organizationId: adminUser.organizationId,
    via: 'session',
    requestId: null,
    clientAddress: '127.0.0.1',
  };
  const service = createAffectedPersonsService(deps);

  // The incident that receives the platform's list, with the platform taking part.
  const incidentId = (
    await db
      .insertInto('incidents')
      .values({
        reference: `INC-REG-${Date.now()}`,
        title: 'Bench: spyware campaign',
        severity: 'high',
        tlp: 'AMBER',
        created_by: adminUser.id,
        owner_id: adminUser.id,
        created_at: new Date(),
        updated_at: new Date(),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('participants')
    .values({ incident_id: incidentId, organization_id: world.orgA.id, role: 'affected_platform', added_by: adminUser.id } as never)
    .execute();
  await createRegisterGrantsService(deps).grant(admin, actor, incidentId, {
    userId: adminUser.id,
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    reason: 'Benchmark',
  });

  // 1. The import.
  const categories = ['journalist', 'lawyer', 'activist', 'official', 'other'];
  const lines = ['Name,Mobile,Email,Category,Reference'];
  for (let i = 1; i <= PERSONS; i += 1) {
    lines.push(`Bench Person ${i},+9170${String(i).padStart(8, '0')},person${i}@bench.invalid,${categories[i % 5]},REF-${i}`);
  }
  const csv = `${lines.join('\r\n')}\r\n`;
  const t0 = performance.now();
  const report = await importPersons(deps, admin, actor, incidentId, {
    csv,
    mapping: { name: 'Name', phone: 'Mobile', email: 'Email', category: 'Category', sourceReference: 'Reference' },
    defaults: { country: 'IN', affectedHow: 'targeted' },
    sourceOrganizationId: world.orgA.id,
    dryRun: false,
  });
  const importSeconds = (performance.now() - t0) / 1000;
  console.log(
    `1. import of ${n(PERSONS)} persons (${(csv.length / 1e6).toFixed(1)} MB of CSV): ${importSeconds.toFixed(1)} s, ${n(report.added)} added`,
  );
  await sql`analyze affected_persons`.execute(db);

  // 2. Counts of that incident.
  const countTimes: number[] = [];
  for (let i = 0; i < 60; i += 1) {
    const t = performance.now();
    const counts = await service.counts(admin, incidentId);
    countTimes.push(performance.now() - t);
    if (counts.total !== PERSONS) throw new Error(`counts say ${counts.total}, not ${PERSONS}`);
  }
  countTimes.sort((a, b) => a - b);

  // 3. The register grown to ROWS across other incidents, set-based.
  const existing = Number((await sql<{ n: string }>`select count(*) as n from affected_persons`.execute(db)).rows[0].n);
  const toAdd = Math.max(0, ROWS - existing);
  const g0 = performance.now();
  if (toAdd > 0) {
    // hmac() for the digests of the generated rows (the product itself computes them in Node).
    await sql`create extension if not exists pgcrypto`.execute(db);
    await sql`insert into incidents (reference, title, severity, tlp, created_by, owner_id, created_at, updated_at)
      select 'INC-REGB-' || g, 'Bench incident ' || g, 'medium', 'AMBER', ${adminUser.id}, ${adminUser.id}, now(), now() from generate_series(1, ${OTHER_INCIDENTS}) g`.execute(
      db,
    );
    const sealed = `'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.' || rtrim(encode(decode(md5(g::text), 'hex'), 'base64'), '=')`;
    for (let lo = 1; lo <= toAdd; lo += CHUNK) {
      const hi = Math.min(toAdd, lo + CHUNK - 1);
      // Digests: HMAC-SHA-256 under the run's lookup key of the normalised number, as the service computes them.
      await sql`insert into affected_persons (incident_id, number, name_enc, phone_enc, phone_digest, email_digest, country, category, affected_how, notification_status, notified_on)
        select i.id, (g - 1) / ${OTHER_INCIDENTS} + 1,
               replace(replace(${sql.raw(sealed)}, '+', '-'), '/', '_'), replace(replace(${sql.raw(sealed)}, '+', '-'), '/', '_'),
               hmac(convert_to('phone:+9180' || lpad(g::text, 8, '0'), 'UTF8'), ${ring.lookupKey}, 'sha256'),
               hmac(convert_to('email:p' || g || '@other.invalid', 'UTF8'), ${ring.lookupKey}, 'sha256'),
               (array['IN','IN','IN','PK','BD','AE','GB','US'])[1 + g % 8], (array['journalist','lawyer','activist','official','other'])[1 + g % 5],
               'targeted', (array['not_notified','notified','unreachable','declined'])[1 + g % 4],
               case when g % 4 = 1 then date '2019-12-01' end
          from generate_series(${lo}::int, ${hi}::int) g
          join (select id, row_number() over (order by id) as k from incidents where reference like 'INC-REGB-%') i on i.k = 1 + g % ${OTHER_INCIDENTS}`.execute(
        db,
      );
      console.log(`  rows ${n(lo)}–${n(hi)} in ${((performance.now() - g0) / 1000).toFixed(0)} s`);
    }
    await sql`vacuum (analyze) affected_persons`.execute(db);
  }
  const total = Number((await sql<{ n: string }>`select count(*) as n from affected_persons`.execute(db)).rows[0].n);
  console.log(`3. register: ${n(total)} rows (${n(toAdd)} written in ${((performance.now() - g0) / 1000).toFixed(0)} s)`);

  // 4. Lookups of numbers spread over the register (each present once), and of one that is absent.
  const sqlTimes: number[] = [];
  const callTimes: number[] = [];
  for (let i = 0; i < 100; i += 1) {
    const g = 1 + Math.floor(Math.random() * Math.max(1, toAdd));
    const phone = `+9180${String(g).padStart(8, '0')}`;
    const t1 = performance.now();
    const found = await personsWithDigests(db, null, { phone: lookupDigest(ring, 'phone', phone) });
    sqlTimes.push(performance.now() - t1);
    if (toAdd > 0 && found.length !== 1) throw new Error(`${phone}: ${found.length} rows`);
    const t2 = performance.now();
    await service.lookup(admin, actor, { kind: 'phone', value: i % 10 === 0 ? '+14155550100' : phone, purpose: 'verify' });
    callTimes.push(performance.now() - t2);
  }
  sqlTimes.sort((a, b) => a - b);
  callTimes.sort((a, b) => a - b);

  const ms = (x: number) => x.toFixed(1);
  console.log(
    `\n${table([
      {
        run: `1. import ${n(PERSONS)} persons (CSV → validated, sealed, committed)`,
        result: `${importSeconds.toFixed(1)} s`,
        target: '< 30 s',
        verdict: verdict(importSeconds < 30),
      },
      {
        run: `2. counts of the incident with ${n(PERSONS)} persons (×60)`,
        result: `p50 ${ms(percentile(countTimes, 50))} ms, p95 ${ms(percentile(countTimes, 95))} ms`,
        target: '< 50 ms',
        verdict: verdict(percentile(countTimes, 95) < 50),
      },
      {
        run: `4a. lookup of one number across ${n(total)} rows: the query (×100)`,
        result: `p50 ${ms(percentile(sqlTimes, 50))} ms, p95 ${ms(percentile(sqlTimes, 95))} ms`,
        target: '< 10 ms',
        verdict: verdict(percentile(sqlTimes, 95) < 10),
      },
      {
        run: '4b. lookupIdentifier with its audit row (×100)',
        result: `p50 ${ms(percentile(callTimes, 50))} ms, p95 ${ms(percentile(callTimes, 95))} ms`,
        target: '< 10 ms',
        verdict: verdict(percentile(callTimes, 95) < 10),
      },
    ])}`,
  );
  const plan = await sql<{
    'QUERY PLAN': string;
  }>`explain (analyze, buffers, costs off) select p.id from affected_persons p where p.phone_digest = ${lookupDigest(ring, 'phone', '+918000000042')}`.execute(
    db,
  );
  console.log(`\nplan of the lookup:\n${plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
  const countPlan = await sql<{
    'QUERY PLAN': string;
  }>`explain (analyze, buffers, costs off) select country, count(*) from affected_persons where incident_id = ${incidentId} group by country`.execute(
    db,
  );
  console.log(`\nplan of a count:\n${countPlan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
  console.log(`\nmachine after the runs: ${machineLine()}`);
} finally {
  await database.close();
  if (values.keep || values.reuse) console.log(`kept ${bench.name}`);
  else await bench.drop();
}
