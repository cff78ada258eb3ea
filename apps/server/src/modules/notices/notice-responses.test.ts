/**
 * The organization's response: drafts saved with a version, one submission once every
 * question is answered and every required attachment is there (a refused submission
 * leaves the draft as it was), attachments checked on their bytes, sized, hashed,
 * downloaded with an audit row, and removed only from a draft.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Notice } from '#shared/contracts/notices';
import { auditRows } from '../../../test/audit-rows.ts';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import { type NoticeFixtures, SAMPLE_FILES, makeZip, noticeFixtures } from './notice-test-fixtures.ts';

describe('notice responses', () => {
  let t: TestApp;
  let f: NoticeFixtures;
  let orgAdmin: Session;
  let orgMember: Session;
  let coordinator: Session;

  before(async () => {
    t = await createTestApp({ config: { notices: { referencePattern: 'CERT/{year}/N-{seq:4}', attachmentMaxBytes: 64 * 1024 } } });
    f = await noticeFixtures(t);
    [orgAdmin, orgMember, coordinator] = await Promise.all([t.login('org_admin'), t.login('org_member'), t.login('coordinator')]);
  });
  after(() => t.close());

  const save = (notice: Notice, version: number, answers: Array<[number, string]>, as: Session = orgAdmin) => t.request({
    method: 'PUT', url: `/api/v1/notices/${notice.id}/response`, as,
    payload: { version, answers: answers.map(([i, text]) => ({ questionId: notice.questions[i].id, text })) },
  });
  const submit = (notice: Notice, version: number, as: Session = orgAdmin) =>
    t.request({ method: 'POST', url: `/api/v1/notices/${notice.id}/response/submit`, as, payload: { version } });
  const upload = (notice: Notice, question: number, type: string, bytes: Buffer, filename = 'file.bin', as: Session = orgAdmin) => t.request({
    method: 'POST', url: `/api/v1/notices/${notice.id}/questions/${notice.questions[question].id}/attachments?filename=${encodeURIComponent(filename)}`, as,
    headers: { 'content-type': type }, payload: bytes,
  });

  describe('drafts', () => {
    it('saves answers per question, upserting, with the response\'s version', async () => {
      const notice = await f.issued();
      const first = await save(notice, 0, [[0, 'About 121 users.']]);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().response.version, 1);
      assert.equal(first.json().response.status, 'draft');
      const second = await save(notice, 1, [[1, 'See the attached list.'], [0, 'About 121 users in India.']], orgMember);
      assert.equal(second.statusCode, 200);
      assert.equal(second.json().response.version, 2);
      assert.deepEqual(second.json().questions.map((q: Notice['questions'][number]) => q.answer?.text), ['About 121 users in India.', 'See the attached list.']);
      const stale = await save(notice, 1, [[0, 'Lost']]);
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'notices.version_conflict');
      assert.match(stale.json().error.message, /version 2/);
      assert.equal((await auditRows(t.testDb.database.db, { action: 'notice.response_saved', targetId: notice.id })).length, 2);
    });

    it('is the organization\'s own until submitted: staff do not see draft answers', async () => {
      const notice = await f.issued();
      await save(notice, 0, [[0, 'Work in progress']]);
      const staff = await f.read(notice.id, coordinator);
      assert.equal(staff.questions[0].answer, null);
      const own = await f.read(notice.id, orgMember);
      assert.equal(own.questions[0].answer?.text, 'Work in progress');
    });

    it('refuses answers to questions the notice does not ask', async () => {
      const notice = await f.issued();
      const other = await f.issued();
      const response = await t.request({ method: 'PUT', url: `/api/v1/notices/${notice.id}/response`, as: orgAdmin, payload: { version: 0, answers: [{ questionId: other.questions[0].id, text: 'x' }] } });
      assert.equal(response.statusCode, 422);
      assert.equal(response.json().error.code, 'notices.unknown_question');
    });
  });

  describe('submission', () => {
    it('is refused while a question is unanswered or a required attachment is missing, leaving the draft intact', async () => {
      const notice = await f.issued({ body: { questions: [{ text: 'Count?' }, { text: 'Logs?', requiresAttachment: true }] } });
      const draft = await save(notice, 0, [[0, '121'], [1, '   ']]);
      const unanswered = await submit(notice, draft.json().response.version);
      assert.equal(unanswered.statusCode, 422);
      assert.equal(unanswered.json().error.code, 'notices.unanswered_questions');
      assert.deepEqual(unanswered.json().error.details.questions, [2]);
      const answered = await save(notice, draft.json().response.version, [[1, 'Logs attached.']]);
      const noFile = await submit(notice, answered.json().response.version);
      assert.equal(noFile.statusCode, 422);
      assert.equal(noFile.json().error.code, 'notices.attachment_required');
      const after = await f.read(notice.id, orgAdmin);
      assert.equal(after.response?.status, 'draft');
      assert.equal(after.response?.version, answered.json().response.version);
      assert.deepEqual(after.questions.map((q) => q.answer?.text), ['121', 'Logs attached.']);
      assert.equal(after.status, 'acknowledged');
      assert.equal((await upload(notice, 1, 'text/plain', SAMPLE_FILES.text(), 'logs.txt')).statusCode, 201);
      const ok = await submit(notice, answered.json().response.version);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().status, 'responded');
      assert.equal(ok.json().response.status, 'submitted');
      assert.equal(ok.json().response.submittedBy.id, t.world.users.org_admin.id);
      const events = (await t.request({ method: 'GET', url: `/api/v1/incidents/${notice.incident.id}/timeline?kind=system`, as: orgAdmin })).json().items;
      assert.ok(events.some((e: { event: string }) => e.event === 'notice.responded'));
      assert.equal((await auditRows(t.testDb.database.db, { action: 'notice.response_submitted', targetId: notice.id })).length, 1);
    });

    it('happens once: the submitted response cannot change or be submitted again', async () => {
      const notice = await f.responded();
      const version = notice.response?.version as number;
      assert.equal((await submit(notice, version)).statusCode, 409);
      const change = await save(notice, version, [[0, 'Changed']]);
      assert.equal(change.statusCode, 409);
      assert.equal(change.json().error.code, 'notices.not_open');
      assert.equal((await upload(notice, 0, 'text/plain', SAMPLE_FILES.text())).statusCode, 409);
      assert.equal((await f.read(notice.id, coordinator)).questions[0].answer?.text, 'Answer to question 1.');
    });

    it('is refused on a withdrawn or closed notice', async () => {
      const withdrawnNotice = await f.issued();
      const draft = await save(withdrawnNotice, 0, [[0, 'a'], [1, 'b']]);
      const withdrawn = await t.request({ method: 'POST', url: `/api/v1/notices/${withdrawnNotice.id}/withdraw`, as: coordinator, payload: { version: (await f.read(withdrawnNotice.id)).version, reason: 'Superseded' } });
      assert.equal(withdrawn.statusCode, 200);
      const refused = await submit(withdrawnNotice, draft.json().response.version);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'notices.not_open');
      assert.match(refused.json().error.message, /withdrawn/);
    });

    it('is for the organization: staff cannot answer', async () => {
      const notice = await f.issued();
      assert.equal((await save(notice, 0, [[0, 'x']], coordinator)).statusCode, 403);
    });
  });

  describe('attachments', () => {
    it('accepts each allowed type whose bytes match, stores its SHA-256 and size, and serves it back (audited)', async () => {
      const notice = await f.issued();
      const files: Array<[string, Buffer, string]> = [
        ['application/pdf', SAMPLE_FILES.pdf(), 'report.pdf'],
        ['image/png', SAMPLE_FILES.png(), 'screen.png'],
        ['image/jpeg', SAMPLE_FILES.jpeg(), 'photo.jpg'],
        ['text/plain; charset=utf-8', SAMPLE_FILES.text(), 'iocs.txt'],
        ['text/csv', SAMPLE_FILES.csv(), 'numbers.csv'],
        ['application/zip', SAMPLE_FILES.zip(), 'logs.zip'],
        ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', SAMPLE_FILES.docx(), 'letter.docx'],
        ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', SAMPLE_FILES.xlsx(), 'numbers.xlsx'],
      ];
      for (const [type, bytes, name] of files) {
        const response = await upload(notice, 0, type, bytes, name);
        assert.equal(response.statusCode, 201, `${type}: ${response.body}`);
        assert.equal(response.json().sha256, createHash('sha256').update(bytes).digest('hex'));
        assert.equal(response.json().size, bytes.length);
        assert.equal(response.json().contentType, type.split(';')[0]);
        const download = await t.request({ method: 'GET', url: `/api/v1/attachments/${response.json().id}`, as: orgMember });
        assert.equal(download.statusCode, 200);
        assert.ok(download.rawPayload.equals(bytes), `${type} comes back byte for byte`);
        assert.equal(download.headers['content-type'], type.startsWith('text/') ? `${type.split(';')[0]}; charset=utf-8` : type);
        assert.match(String(download.headers['content-disposition']), new RegExp(`^attachment; filename="${name.replace('.', '\\.')}"`));
      }
      const shown = await f.read(notice.id, orgAdmin);
      assert.equal(shown.questions[0].answer?.attachments.length, files.length);
      const downloads = await auditRows(t.testDb.database.db, { action: 'notice.attachment_downloaded', targetId: notice.id });
      assert.equal(downloads.length, files.length);
      assert.equal(downloads[0].actor_user_id, t.world.users.org_member.id);
    });

    it('refuses types not on the list, bytes that are not what their type says, empty, oversized and path-like files', async () => {
      const notice = await f.issued();
      const refusals: Array<[string, Buffer, string, number, string]> = [
        ['text/html', Buffer.from('<script>alert(1)</script>'), 'x.html', 415, 'notices.attachment_type_not_allowed'],
        ['application/x-msdownload', Buffer.from('MZ\x90\x00'), 'x.exe', 415, 'notices.attachment_type_not_allowed'],
        ['application/pdf', Buffer.from('MZ\x90\x00 not a pdf'), 'x.pdf', 422, 'notices.attachment_type_mismatch'],
        ['image/png', SAMPLE_FILES.jpeg(), 'x.png', 422, 'notices.attachment_type_mismatch'],
        ['text/plain', Buffer.from([0x41, 0x00, 0x42]), 'x.txt', 422, 'notices.attachment_type_mismatch'],
        ['text/csv', Buffer.from([0xff, 0xfe, 0x41]), 'x.csv', 422, 'notices.attachment_type_mismatch'],
        ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', SAMPLE_FILES.zip(), 'x.docx', 422, 'notices.attachment_type_mismatch'],
        ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', SAMPLE_FILES.docx(), 'x.xlsx', 422, 'notices.attachment_type_mismatch'],
        ['application/zip', Buffer.from('PK\x03\x04 truncated'), 'x.zip', 422, 'notices.attachment_type_mismatch'],
        ['text/plain', Buffer.alloc(0), 'empty.txt', 400, 'notices.empty_attachment'],
        ['text/plain', SAMPLE_FILES.text(), '../../etc/passwd', 400, 'notices.invalid_filename'],
        ['text/plain', Buffer.alloc(64 * 1024 + 1, 0x41), 'big.txt', 413, 'request.too_large'],
      ];
      for (const [type, bytes, name, status, code] of refusals) {
        const response = await upload(notice, 0, type, bytes, name);
        assert.equal(response.statusCode, status, `${type} ${name}: ${response.body}`);
        assert.equal(response.json().error.code, code, `${type} ${name}`);
      }
      assert.equal(await t.testDb.database.db.selectFrom('notice_attachments').select('id').where('filename', 'in', refusals.map((r) => r[2])).execute().then((r) => r.length), 0);
      const noName = await t.request({ method: 'POST', url: `/api/v1/notices/${notice.id}/questions/${notice.questions[0].id}/attachments`, as: orgAdmin, headers: { 'content-type': 'text/plain' }, payload: 'x' });
      assert.equal(noName.statusCode, 400);
    });

    it('lets staff download once the response is submitted, never from a draft; downloads are audited', async () => {
      const { notice, attachmentId } = await f.draftAttachment();
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/attachments/${attachmentId}`, as: coordinator })).statusCode, 404);
      const submitted = await f.submittedAttachment();
      const staff = await t.request({ method: 'GET', url: `/api/v1/attachments/${submitted.attachmentId}`, as: coordinator });
      assert.equal(staff.statusCode, 200);
      assert.equal(staff.headers['x-content-sha256'], createHash('sha256').update(staff.rawPayload).digest('hex'));
      const rows = await auditRows(t.testDb.database.db, { action: 'notice.attachment_downloaded', targetId: submitted.attachmentId });
      assert.equal(rows.length, 1);
      assert.equal(rows[0].actor_user_id, t.world.users.coordinator.id);
      assert.ok(notice);
    });

    it('removes an attachment from a draft only', async () => {
      const { notice, attachmentId } = await f.draftAttachment();
      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/attachments/${attachmentId}`, as: coordinator })).statusCode, 403);
      const removed = await t.request({ method: 'DELETE', url: `/api/v1/attachments/${attachmentId}`, as: orgMember });
      assert.equal(removed.statusCode, 204);
      assert.equal((await f.read(notice.id, orgAdmin)).questions[0].answer?.attachments.length, 0);
      assert.equal((await auditRows(t.testDb.database.db, { action: 'notice.attachment_deleted', targetId: attachmentId })).length, 1);
      const submitted = await f.submittedAttachment();
      const late = await t.request({ method: 'DELETE', url: `/api/v1/attachments/${submitted.attachmentId}`, as: orgAdmin });
      assert.equal(late.statusCode, 409);
      assert.ok(makeZip);
    });
  });
});
