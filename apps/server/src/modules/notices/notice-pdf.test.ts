/**
 * The PDF made at issue: what it says (read back from the PDF itself), that the hash it
 * prints is the SHA-256 of the notice's canonical content as stored and shown, and that
 * every read returns the same bytes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Notice } from '#shared/contracts/notices';
import { type Session, type TestApp, createTestApp } from '../../../test/test-app.ts';
import { contentSha256, noticeContent } from './notice-document.ts';
import { type NoticeFixtures, noticeFixtures } from './notice-test-fixtures.ts';
import { pdfText } from './pdf-text.ts';

const squash = (text: string) => text.replace(/\s+/g, '');

describe('notice PDF', () => {
  let t: TestApp;
  let f: NoticeFixtures;
  let orgMember: Session;
  let coordinator: Session;
  let notice: Notice;
  let pdf: Buffer;

  before(async () => {
    t = await createTestApp();
    f = await noticeFixtures(t);
    orgMember = await t.login('org_member');
    coordinator = await t.login('coordinator');
    notice = await f.issued({
      body: {
        subject: 'Call for information on the voice-call exploit',
        body: 'Provide the following within the time stated below.',
        questions: [
          { text: 'How many users in India were targeted, and since when?' },
          { text: 'Provide the server logs of the affected calls.', requiresAttachment: true },
          { text: 'Name the indicators of compromise you hold, and the loss in ₹.' },
        ],
      },
    });
    const response = await t.request({ method: 'GET', url: `/api/v1/notices/${notice.id}/pdf`, as: orgMember });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.match(String(response.headers['content-disposition']), /^attachment; filename="CERT-\d{4}-N-\d{4}\.pdf"$/);
    pdf = response.rawPayload;
  });
  after(() => t.close());

  it('prints the reference, dates, organization, legal basis, subject, numbered questions and the due time with its zone', () => {
    const text = pdfText(pdf);
    assert.ok(pdf.subarray(0, 5).equals(Buffer.from('%PDF-')));
    const has = (needle: string) => assert.ok(squash(text).includes(squash(needle)), `the PDF does not say "${needle}":\n${text}`);
    has(notice.reference as string);
    has('Messaging Platform A');
    has(`${notice.incident.reference}`);
    has('Information Technology (Intermediary Guidelines and Digital Media Ethics Code) Rules, 2021, r.3(1)(j)');
    has('not later than seventy-two hours of the receipt of an order');
    has('Call for information on the voice-call exploit');
    has('1. How many users in India were targeted, and since when?');
    has('2. Provide the server logs of the affected calls. [An attachment is required with the answer.]');
    has('3. Name the indicators of compromise you hold, and the loss in ₹.');
    has(notice.dueLocal as string);
    assert.match(notice.dueLocal as string, /\(Asia\/Kolkata\)$/);
    assert.ok(!squash(text).includes(squash('1. How many users in India were targeted, and since when? [An attachment')), 'only question 2 is marked');
  });

  it('prints the SHA-256 of the canonical content, which is the stored hash and that of the notice as shown', async () => {
    const printed = /SHA-256 of the canonical content[^\n]*\n([0-9a-f]{64})/.exec(pdfText(pdf))?.[1];
    assert.ok(printed, 'no hash printed');
    const shown = await f.read(notice.id, coordinator);
    assert.equal(printed, shown.document?.contentSha256);
    assert.equal(printed, contentSha256(noticeContent(shown, 'Test CERT')), 'the hash is that of the notice as shown');
    assert.equal(shown.document?.pdfSha256, createHash('sha256').update(pdf).digest('hex'));
    const stored = await t.testDb.database.db.selectFrom('notice_documents').select(['content_sha256', 'pdf']).where('notice_id', '=', notice.id).executeTakeFirstOrThrow();
    assert.equal(stored.content_sha256, printed);
    assert.ok(Buffer.from(stored.pdf).equals(pdf));
  });

  it('answers every read with the same bytes, to staff and organization alike', async () => {
    for (const as of [coordinator, orgMember, await t.login('admin')]) {
      const again = await t.request({ method: 'GET', url: `/api/v1/notices/${notice.id}/pdf`, as });
      assert.ok(again.rawPayload.equals(pdf));
    }
  });

  it('has no PDF before issue', async () => {
    const draft = await f.draft();
    const response = await t.request({ method: 'GET', url: `/api/v1/notices/${draft.id}/pdf`, as: coordinator });
    assert.equal(response.statusCode, 404);
  });

  it('reads the same with poppler\'s pdftotext where it is installed', () => {
    // The PDF is checked above with no external tool; this compares with a second reader when the machine has one.
    if (!existsSync('/usr/bin/pdftotext')) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'casebook-pdf-'));
    try {
      writeFileSync(path.join(dir, 'n.pdf'), pdf);
      const poppler = execFileSync('/usr/bin/pdftotext', [path.join(dir, 'n.pdf'), '-'], { encoding: 'utf8' });
      assert.ok(squash(poppler).includes(squash(notice.reference as string)));
      assert.ok(squash(poppler).includes(squash(notice.document?.contentSha256 as string)));
      assert.ok(squash(poppler).includes(squash('2. Provide the server logs of the affected calls.')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
