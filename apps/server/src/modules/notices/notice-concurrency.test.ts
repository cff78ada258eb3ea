/**
 * Two coordinators acting on one notice at once: the notice row is locked and the
 * version checked, so one succeeds and the other gets a 409 naming the newer version.
 * Against a PostgreSQL server (TEST_DATABASE_URL) the requests really overlap.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import { type NoticeFixtures, noticeFixtures } from './notice-test-fixtures.ts';

describe('concurrent notice steps', () => {
  let t: TestApp;
  let f: NoticeFixtures;
  let coordinator: Session;
  let admin: Session;
  before(async () => {
    t = await createTestApp();
    f = await noticeFixtures(t);
    coordinator = await t.login('coordinator');
    admin = await t.login('admin');
  });
  after(() => t.close());

  const race = (noticeId: string, action: string, version: number) =>
    Promise.all([coordinator, admin].map((as) => t.request({ method: 'POST', url: `/api/v1/notices/${noticeId}/${action}`, as, payload: { version } })));

  it('approves once when two approve together', async () => {
    const notice = await f.draft();
    const responses = await race(notice.id, 'approve', notice.version);
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [200, 409]);
    const loser = responses.find((r) => r.statusCode === 409)?.json();
    assert.equal(loser.error.code, 'notices.version_conflict');
    assert.match(loser.error.message, new RegExp(`version ${notice.version + 1}`));
  });

  it('issues once, with one reference and one PDF, when two issue together', async () => {
    const notice = await f.approved();
    const responses = await race(notice.id, 'issue', notice.version);
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [200, 409]);
    const db = t.testDb.database.db;
    const documents = await db.selectFrom('notice_documents').select('notice_id').where('notice_id', '=', notice.id).execute();
    assert.equal(documents.length, 1);
    const issuedEntries = await db.selectFrom('timeline_entries').select('id').where('incident_id', '=', notice.incident.id).where('event', '=', 'notice.issued').execute();
    assert.equal(issuedEntries.length, 1);
    const winner = responses.find((r) => r.statusCode === 200)?.json();
    assert.equal((await f.read(notice.id)).reference, winner.reference);
  });

  it('gives notices issued at the same time distinct, consecutive references', async () => {
    const notices = await Promise.all(Array.from({ length: 4 }, () => f.approved()));
    const responses = await Promise.all(notices.map((n, i) => t.request({ method: 'POST', url: `/api/v1/notices/${n.id}/issue`, as: i % 2 ? admin : coordinator, payload: { version: n.version } })));
    assert.deepEqual(responses.map((r) => r.statusCode), [200, 200, 200, 200]);
    const numbers = responses.map((r) => Number(String(r.json().reference).split('-').at(-1))).sort((a, b) => a - b);
    assert.equal(new Set(numbers).size, 4);
    assert.equal(numbers[3] - numbers[0], 3);
  });

  it('acknowledges once when two recipients open the notice together', async () => {
    const notice = await f.issued();
    const [a, b] = [await t.login('org_admin'), await t.login('org_member')];
    const reads = await Promise.all([a, b].map((as) => t.request({ method: 'GET', url: `/api/v1/notices/${notice.id}`, as })));
    assert.deepEqual(reads.map((r) => r.statusCode), [200, 200]);
    const audit = await t.testDb.database.db.selectFrom('audit_events').select('id').where('action', '=', 'notice.acknowledged')
      .where((eb) => eb(eb.val(notice.id), '=', eb.fn.any('target_ids'))).execute();
    assert.equal(audit.length, 1);
  });
});
