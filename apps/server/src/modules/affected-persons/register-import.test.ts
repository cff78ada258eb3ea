/**
 * Import, export and retention of the register through the API: a validation report that
 * names lines and reasons; a file with one bad row imports nothing; a clean file imports
 * every row in one transaction with progress streamed; the export is audited with its
 * purpose and persons; retention erases identities and the data key but keeps the counts,
 * and a legal hold suspends it. Also the CSV reader itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditRows } from '../../../test/audit-rows.ts';
import { incidentFixtures } from '../../../test/incident-fixtures.ts';
import type { SeedUserKey } from '../../../test/seed.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { countPersons, recountPersons } from './affected-persons.repository.ts';
import { parseCsv } from './csv-parse.ts';
import { eraseDueRegisters } from './register-retention.ts';

describe('the CSV reader', () => {
  it("reads quoted fields, doubled quotes, CRLF and LF, a BOM, and keeps each record's line", () => {
    const records = parseCsv('\uFEFFname,phone\r\n"Kulkarni, R.","+91 98"\r\n\r\n"Say ""hi""\nthere",+1\n');
    assert.deepEqual(records, [
      { line: 1, fields: ['name', 'phone'] },
      { line: 2, fields: ['Kulkarni, R.', '+91 98'] },
      { line: 4, fields: ['Say "hi"\nthere', '+1'] },
    ]);
  });
  it('refuses an unterminated quote and text after a closing quote, naming the line', () => {
    assert.throws(() => parseCsv('a,b\n"open,1\n'), /Line 2: a quoted field is never closed/);
    assert.throws(() => parseCsv('a,b\n"x"y,1\n'), /Line 2: text after a closing quote/);
  });
});

describe('register import, export and retention', () => {
  let t: TestApp;
  let now = new Date('2025-03-03T12:00:00Z');
  const clock = () => now;
  let incidentId: string;
  const db = () => t.testDb.database.db;
  const as = (user: SeedUserKey) => t.login(user, { fresh: true });
  const imports = async (csv: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    t.request({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/affected-persons/imports`,
      as: await as('admin'),
      headers,
      payload: {
        csv,
        dryRun: false,
        sourceOrganizationId: t.world.orgA.id,
        mapping: { name: 'Full name', phone: 'Mobile', country: 'Country', category: 'Category', sourceReference: 'Ref' },
        defaults: { affectedHow: 'targeted' },
        ...extra,
      },
    });
  const personCount = async () =>
    (
      await db()
        .selectFrom('affected_persons')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('incident_id', '=', incidentId)
        .executeTakeFirstOrThrow()
    ).n;
  const header = 'Full name,Mobile,Country,Category,Ref';
  const good = (from: number, n: number) =>
    Array.from(
      { length: n },
      (_, i) => `Test Person ${from + i},+9198765${String(from + i).padStart(5, '0')},IN,journalist,REF-${from + i}`,
    );

  before(async () => {
    t = await createTestApp({ clock });
    const f = await incidentFixtures(t);
    incidentId = (await f.createIncident({ title: 'Spyware through a missed call' })).id;
    await f.addParticipant(incidentId, t.world.orgA.id);
    const grant = await t.request({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/register-grants`,
      as: await as('admin'),
      payload: { userId: t.world.users.admin.id, expiresAt: '2025-06-01T00:00:00Z', reason: 'Importing the platform list' },
    });
    assert.equal(grant.statusCode, 201, grant.body);
  });
  after(() => t?.close());

  it('reports every problem by line on a dry run, and imports nothing from a file with one bad row', async () => {
    const first = await imports([header, ...good(1, 2)].join('\n'));
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().added, 2);
    const csv = [
      header,
      ...good(10, 3),
      'Bad Phone,098765,IN,lawyer,REF-X1',
      'Nowhere Land,+919876500099,XX,lawyer,REF-X2',
      'Twin,+919876500010,IN,lawyer,REF-X3',
      'Already There,+919876500001,IN,lawyer,REF-X4',
      'Short row,+919876500098',
      ',,IN,lawyer,REF-X5',
    ].join('\n');
    const dry = await imports(csv, { dryRun: true });
    assert.equal(dry.statusCode, 200, dry.body);
    const report = dry.json();
    assert.equal(report.committed, false);
    assert.equal(report.rows, 9);
    assert.equal(report.valid, 3, 'the three good rows; six lines have a problem each');
    assert.deepEqual(
      report.problems.map((p: any) => [p.row, p.code]),
      [
        [5, 'invalid_phone'],
        [6, 'unknown_country'],
        [7, 'duplicate_in_file'],
        [8, 'duplicate_in_register'],
        [9, 'malformed_row'],
        [10, 'identity_required'],
      ],
    );
    assert.match(report.problems[2].message, /line 2/);
    assert.match(report.problems[3].message, /P-0001/);

    const before = await personCount();
    const commit = await imports(csv);
    assert.equal(commit.statusCode, 422, commit.body);
    assert.equal(commit.json().error.code, 'register.import_invalid');
    assert.equal(commit.json().error.details.problemCount, 6);
    assert.equal(await personCount(), before, 'nothing is half-imported');
  });

  it('refuses a file with a missing column or characters that are not UTF-8', async () => {
    const missing = await imports('Name,Mobile,Country\nX,+919876500001,IN\n');
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.code, 'register.import_missing_column');
    assert.deepEqual(missing.json().error.details.missing, ['Full name', 'Category', 'Ref']);
    const latin1 = await imports(`${header}\nJos\uFFFD Mar\uFFFDa,+919876500077,IN,lawyer,R\n`);
    assert.equal(latin1.json().error.code, 'register.import_encoding');
    assert.match(latin1.json().error.message, /line 2/);
  });

  it('imports a clean file in one transaction, numbering after the register, with progress streamed', async () => {
    const csv = [header, ...good(100, 6000)].join('\r\n');
    const response = await imports(csv, {}, { accept: 'application/x-ndjson' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /application\/x-ndjson/);
    const lines = response.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const progress = lines.filter((l) => l.type === 'progress');
    assert.ok(progress.some((p) => p.phase === 'validating' && p.done === 5000 && p.total === 6000));
    assert.deepEqual(progress.at(-1), { type: 'progress', phase: 'committing', done: 6000, total: 6000 });
    const result = lines.at(-1);
    assert.equal(result.type, 'result');
    assert.equal(result.report.added, 6000);
    assert.deepEqual(result.report.byCountry, [{ key: 'IN', count: 6000 }]);
    assert.equal(await personCount(), 6002);
    const audit = await auditRows(db(), { action: 'register.imported', targetId: incidentId });
    assert.equal(audit.length, 2);
    assert.equal((audit[1].after as any).persons, 'P-0003–P-6002');
  });

  it('exports identities for a purpose, audited with the persons read', async () => {
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/affected-persons/export`,
      as: await as('coordinator'),
      payload: { purpose: 'notify' },
    });
    assert.equal(refused.statusCode, 403);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/affected-persons/export`,
      as: await as('admin'),
      payload: { purpose: 'legal_request', country: 'IN' },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /text\/csv/);
    const lines = response.body.trim().split('\r\n');
    assert.equal(lines.length, 6003);
    assert.match(lines[0], /^person,name,phone,email/);
    assert.equal(lines[1].split(',').slice(0, 3).join(','), '"P-0001","Test Person 1","+919876500001"');
    const audit = await auditRows(db(), { action: 'register.exported' });
    assert.equal(audit.length, 1);
    assert.deepEqual((audit[0].after as any).persons, 'P-0001–P-6002');
    assert.equal((audit[0].after as any).purpose, 'legal_request');
    assert.equal((audit[0].after as any).count, 6002);
  });

  it('erases identities from the retention date, keeps the counts, and waits while a legal hold stands', async () => {
    const settings = async (payload: Record<string, unknown>) =>
      t.request({ method: 'PATCH', url: `/api/v1/incidents/${incidentId}/affected-persons/settings`, as: await as('admin'), payload });
    const past = await settings({ version: 1, retainUntil: '2025-03-01' });
    assert.equal(past.json().error.code, 'register.invalid_retention');
    const set = await settings({ version: 1, retainUntil: '2025-04-01', legalHold: true, legalHoldReason: 'Court order 12/2025' });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual([set.json().retainUntil, set.json().legalHold], ['2025-04-01', true]);

    now = new Date('2025-04-02T03:00:00Z');
    assert.deepEqual(await eraseDueRegisters({ db: db(), jobs: t.built.jobs, clock }), [], 'held: nothing erased');
    const release = await settings({ version: set.json().version, legalHold: false });
    assert.equal(release.statusCode, 200, release.body);

    const erased = await eraseDueRegisters({ db: db(), jobs: t.built.jobs, clock });
    assert.equal(erased.length, 1);
    assert.equal(erased[0].erased, 6002);
    const left = await db()
      .selectFrom('affected_persons')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('incident_id', '=', incidentId)
      .where('name_enc', 'is not', null)
      .executeTakeFirstOrThrow();
    assert.equal(left.n, 0);
    assert.equal(
      await db().selectFrom('register_keys').select('incident_id').where('incident_id', '=', incidentId).executeTakeFirst(),
      undefined,
      'the data key is destroyed',
    );
    const counts = await t.request({
      method: 'GET',
      url: `/api/v1/incidents/${incidentId}/affected-persons/counts`,
      as: await as('admin'),
    });
    assert.equal(counts.json().total, 6002);
    assert.equal(counts.json().erased, 6002);
    const audit = await auditRows(db(), { action: 'register.erased', targetId: incidentId });
    assert.equal((audit[0].after as any).personsErased, 6002);
    assert.equal(await eraseDueRegisters({ db: db(), jobs: t.built.jobs, clock }).then((r) => r.length), 0, 'erased once');
    assert.deepEqual(
      await countPersons(db(), incidentId),
      await recountPersons(db(), incidentId),
      'the kept counts equal a recount after imports and erasure',
    );
  });
});
