import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../../../test/audit-rows.ts';
import { type IncidentFixtures, type IncidentRef, incidentFixtures } from '../../../test/incident-fixtures.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';

/** An RFC 4180 reader: what a spreadsheet would make of the file. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
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
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  assert.equal(quoted, false, 'an unterminated quote');
  assert.equal(row.length + cell.length, 0, 'the file ends with CRLF');
  return rows;
}

const HEADER = ['date', 'precision', 'time_zone', 'event', 'source', 'source_kind', 'tlp', 'recorded_by', 'entry_id'];

describe('chronology export', () => {
  let t: TestApp;
  let f: IncidentFixtures;
  let coordinator: Session;
  let incident: IncidentRef;
  before(async () => {
    t = await createTestApp();
    f = await incidentFixtures(t);
    coordinator = await t.login('coordinator');
    incident = await f.createIncident({ title: 'Exported incident' });
    await f.addParticipant(incident.id, t.world.orgA.id);
    await f.addParticipant(incident.id, t.world.orgB.id, { role: 'suspected_vendor' });
  });
  after(() => t.close());

  const exportAs = (query: string, as: Session = coordinator, id = incident.id) =>
    t.request({ method: 'GET', url: `/api/v1/incidents/${id}/timeline/export?${query}`, as });

  it('writes CSV with a header, RFC 4180 quoting and spreadsheet formulas defused', async () => {
    const own = await f.createIncident({ title: 'CSV incident' });
    const texts = ['He said "patch it", then left', 'Line one\nline two, with a comma', '=HYPERLINK("http://evil.test","open")', '+1', '-2+3', '@SUM(A1)'];
    const ids: string[] = [];
    for (const [i, text] of texts.entries()) {
      ids.push((await f.addEntry(own.id, { text, occurredAt: `2019-05-${String(10 + i).padStart(2, '0')}T12:00:00Z`, source: { kind: 'statement', title: i === 0 ? '=cmd|\' /C calc\'!A0' : 'Minutes', saidBy: 'Ana "the analyst"' } })).id);
    }
    const response = await exportAs('format=csv', coordinator, own.id);
    assert.equal(response.statusCode, 200, response.body);
    assert.match(response.headers['content-type'] as string, /^text\/csv; charset=utf-8/);
    assert.equal(response.headers['content-disposition'], `attachment; filename="${own.reference}-chronology.csv"`);
    assert.ok(response.body.startsWith(`${HEADER.join(',')}\r\n`));
    const [header, ...rows] = parseCsv(response.body);
    assert.deepEqual(header, HEADER);
    assert.equal(rows.length, texts.length + 1, 'the entries and the creation');
    const entries = rows.filter((r) => r[5] !== 'system');
    assert.deepEqual(entries.map((r) => r[8]), ids);
    assert.deepEqual(entries.map((r) => r[3]), [
      'He said "patch it", then left', 'Line one\nline two, with a comma', '\'=HYPERLINK("http://evil.test","open")', '\'+1', '\'-2+3', '\'@SUM(A1)',
    ]);
    assert.equal(entries[0]?.[4], '\'=cmd|\' /C calc\'!A0, said by Ana "the analyst"');
    assert.deepEqual(entries[0]?.slice(0, 3), ['10 May 2019', 'day', 'UTC']);
    assert.equal(entries[0]?.[6], 'TLP:AMBER');
    assert.equal(entries[0]?.[7], 'Test coordinator');
    for (const row of rows) assert.equal(row.length, HEADER.length);
    // No cell of the raw file may start a formula, even one a naive reader splits on commas.
    for (const line of response.body.split('\r\n')) for (const raw of line.split(',')) assert.doesNotMatch(raw, /^[=+@-]/);
  });

  it('writes Markdown lines with dates at their precision and zone, and their sources', async () => {
    const own = await f.createIncident({ title: 'Markdown incident' });
    const source = { kind: 'document', title: 'Forensic report', saidBy: 'Lab analyst', organizationId: t.world.orgA.id, date: '2019-05-20' };
    await f.addEntry(own.id, { occurredAt: '2019-05-12T20:00:00Z', precision: 'day', timeZone: 'Asia/Kolkata', text: 'Known to the day', source });
    await f.addEntry(own.id, { occurredAt: '2019-05-12T20:00:01Z', precision: 'minute', timeZone: 'Asia/Kolkata', text: 'Known to the minute\nacross two lines', source: { kind: 'meeting', title: 'Minutes' } });
    await f.addEntry(own.id, { occurredAt: '2019-04-30T23:00:00Z', precision: 'month', timeZone: 'Europe/Berlin', text: 'Known to the month', source: { kind: 'observation' } });
    await f.addEntry(own.id, { occurredAt: '2018-12-31T23:30:00Z', precision: 'year', timeZone: 'Asia/Tokyo', text: 'Known to the year', source: { kind: 'correspondence', saidBy: 'A journalist' } });
    const response = await exportAs('format=markdown', coordinator, own.id);
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/markdown; charset=utf-8/);
    assert.equal(response.headers['content-disposition'], `attachment; filename="${own.reference}-chronology.md"`);
    const body = response.body;
    assert.ok(body.startsWith(`# Chronology of ${own.reference}: Markdown incident\n\nTLP:AMBER`));
    const lines = body.split('\n').filter((l) => l.startsWith('- '));
    assert.deepEqual(lines.slice(0, 4), [
      '- **2019** — Known to the year _(source: said by A journalist; TLP:AMBER)_',
      '- **May 2019** — Known to the month _(source: observation; TLP:AMBER)_',
      '- **13 May 2019** — Known to the day _(source: Forensic report, said by Lab analyst, Messaging Platform A, on 2019-05-20; TLP:AMBER)_',
      lines[3],
    ]);
    assert.match(lines[3] ?? '', /^- \*\*13 May 2019.* 01:30 GMT\+5:30 \(Asia\/Kolkata\)\*\* — Known to the minute across two lines _\(source: Minutes; TLP:AMBER\)_$/);
    assert.match(lines[4] ?? '', /Incident INC-\d{4}-\d{4} recorded: Markdown incident _\(source: recorded by Casebook; TLP:AMBER\)_$/);
    assert.equal(lines.length, 5);
  });

  it('leaves out entries marked above maxTlp', async () => {
    const own = await f.createIncident({ title: 'Marked incident', tlp: 'GREEN' });
    for (const [day, tlp] of ['CLEAR', 'AMBER', 'AMBER+STRICT', 'RED'].entries()) {
      await f.addEntry(own.id, { text: `${tlp} fact`, tlp, occurredAt: `2019-05-1${day}T00:00:00Z` });
    }
    const created = `Incident ${own.reference} recorded: Marked incident`;
    const texts = async (query: string) => parseCsv((await exportAs(`format=csv${query}`, coordinator, own.id)).body).slice(1).map((r) => r[3]);
    assert.deepEqual(await texts(''), ['CLEAR fact', 'AMBER fact', 'AMBER+STRICT fact', 'RED fact', created]);
    // The creation is marked like the incident, GREEN.
    assert.deepEqual(await texts('&maxTlp=AMBER'), ['CLEAR fact', 'AMBER fact', created]);
    assert.deepEqual(await texts('&maxTlp=CLEAR'), ['CLEAR fact']);
    const markdown = (await exportAs('format=markdown&maxTlp=AMBER', coordinator, own.id)).body;
    assert.ok(!markdown.includes('RED fact') && !markdown.includes('STRICT fact') && markdown.includes('AMBER fact'));
    assert.match(markdown, /entries up to TLP:AMBER/);
  });

  it('gives an outside organization only the entries shared with it, without who recorded them', async () => {
    await f.addEntry(incident.id, { text: 'For platform A', sharedWith: [t.world.orgA.id], occurredAt: '2019-05-10T00:00:00Z' });
    await f.addEntry(incident.id, { text: 'For both', sharedWith: [t.world.orgA.id, t.world.orgB.id], occurredAt: '2019-05-11T00:00:00Z' });
    await f.addEntry(incident.id, { text: 'For vendor B only', sharedWith: [t.world.orgB.id], occurredAt: '2019-05-12T00:00:00Z' });
    await f.addEntry(incident.id, { text: 'Internal note on the vendor', occurredAt: '2019-05-13T00:00:00Z' });
    const member = await t.login('org_member');
    const csv = await exportAs('format=csv', member);
    assert.equal(csv.statusCode, 200, csv.body);
    const rows = parseCsv(csv.body).slice(1);
    assert.deepEqual(rows.map((r) => r[3]), ['For platform A', 'For both', 'Messaging Platform A added as affected platform']);
    assert.ok(rows.every((r) => r[7] === ''));
    const markdown = (await exportAs('format=markdown', member)).body;
    for (const hidden of ['For vendor B only', 'Internal note', 'Vendor B added', 'Test coordinator']) assert.ok(!markdown.includes(hidden), hidden);
    assert.ok(markdown.includes('For both'));
    const asB = parseCsv((await exportAs('format=csv', await t.login('org_admin_b'))).body).slice(1).map((r) => r[3]);
    assert.deepEqual(asB, ['For both', 'For vendor B only', 'Vendor B added as suspected vendor']);
  });

  it('audits every export, with its format and how many entries left', async () => {
    const own = await f.createIncident({ title: 'Audited export' });
    await f.addEntry(own.id);
    const member = await t.login('org_member');
    await f.addParticipant(own.id, t.world.orgA.id);
    await exportAs('format=csv', coordinator, own.id);
    await exportAs('format=markdown&maxTlp=GREEN', coordinator, own.id);
    await exportAs('format=csv', member, own.id);
    const rows = await auditRows(t.testDb.database.db, { action: 'timeline.exported', targetId: own.id });
    assert.deepEqual(rows.map((r) => [r.actor_user_id, (r.after as { format: string }).format, (r.after as { entries: number }).entries]), [
      [t.world.users.coordinator.id, 'csv', 3],
      [t.world.users.coordinator.id, 'markdown', 0],
      [t.world.users.org_member.id, 'csv', 1],
    ]);
    const refused = await exportAs('format=pdf', coordinator, own.id);
    assert.equal(refused.statusCode, 400);
    assert.equal((await auditRows(t.testDb.database.db, { action: 'timeline.exported', targetId: own.id })).length, 3);
  });
});
