/**
 * The notice PDF prints text as it is written, in whatever script: Hindi in Devanagari,
 * Greek, Cyrillic, accented Latin and the rupee sign. Read back from the PDF itself, the
 * text is exactly what was written, the hash printed on it is still the record's, and the
 * same content gives the same bytes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Notice } from '#shared/contracts/notices';
import { createTestApp, type Session, type TestApp } from '../../../test/test-app.ts';
import { contentSha256, type NoticeContent, noticeContent, renderNoticePdf } from './notice-document.ts';
import { normalizeText, scriptRuns } from './notice-fonts.ts';
import { type NoticeFixtures, noticeFixtures } from './notice-test-fixtures.ts';
import { pdfText } from './pdf-text.ts';

const SUBJECT = 'साइबर सुरक्षा घटना के संबंध में सूचना';
const BODY =
  'Penalty up to ₹5,00,000 under s.70B(7); the servers in Москва and Αθήνα, operated by Société Générale, are named in the report.';
// कितने puts the vowel sign ि before its consonant and उपयोगकर्ताओं the repha after its; the text must still read back in the order written.
const HINDI_QUESTION = 'भारत में कितने उपयोगकर्ताओं को निशाना बनाया गया, और कब से?';

/** The printed text with the line breaks that wrapping added taken out (a wrapped line keeps its trailing space). */
const unwrapped = (text: string) => text.replace(/\n/g, '');

describe('notice PDF in every script', () => {
  let t: TestApp;
  let f: NoticeFixtures;
  let coordinator: Session;
  let notice: Notice;
  let pdf: Buffer;
  let text: string;

  before(async () => {
    t = await createTestApp();
    f = await noticeFixtures(t);
    coordinator = await t.login('coordinator');
    notice = await f.issued({
      body: {
        subject: SUBJECT,
        body: BODY,
        questions: [{ text: HINDI_QUESTION }, { text: 'Провайдер: укажите журналы. Πάροχος: δώστε τα αρχεία.' }],
      },
    });
    const response = await t.request({ method: 'GET', url: `/api/v1/notices/${notice.id}/pdf`, as: await t.login('org_member') });
    assert.equal(response.statusCode, 200, response.body);
    pdf = response.rawPayload;
    text = pdfText(pdf);
  });
  after(() => t.close());

  it('prints the Hindi subject, the Hindi question and the Cyrillic, Greek, accented and rupee text exactly as written', () => {
    const lines = text.split('\n');
    assert.ok(lines.includes(SUBJECT), `the subject is not a line of the PDF:\n${text}`);
    assert.ok(unwrapped(text).includes(BODY), `the PDF does not print the body:\n${text}`);
    assert.ok(lines.includes(`1. ${HINDI_QUESTION}`), `question 1 is not a line of the PDF:\n${text}`);
    assert.ok(lines.includes('2. Провайдер: укажите журналы. Πάροχος: δώστε τα αρχεία.'), `question 2 is not a line of the PDF:\n${text}`);
    assert.ok(!text.includes('?₹') && !text.includes('Rs.'), 'no substitute for the rupee sign');
    assert.ok(!text.includes('\uFFFD'), 'no character was printed as a missing glyph');
  });

  it('still prints the SHA-256 of the canonical content, the stored hash', async () => {
    const printed = /SHA-256 of the canonical content[^\n]*\n([0-9a-f]{64})/.exec(text)?.[1];
    const shown = await f.read(notice.id, coordinator);
    assert.equal(shown.subject, SUBJECT);
    assert.equal(printed, shown.document?.contentSha256);
    assert.equal(printed, contentSha256(noticeContent(shown, 'Test CERT')));
  });

  it("reads the same with poppler's pdftotext where it is installed", () => {
    // A second reader: it takes the Hindi words' order from their ActualText, as copying from a PDF viewer does.
    if (!existsSync('/usr/bin/pdftotext')) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'casebook-pdf-'));
    try {
      writeFileSync(path.join(dir, 'n.pdf'), pdf);
      const poppler = execFileSync('/usr/bin/pdftotext', ['-raw', path.join(dir, 'n.pdf'), '-'], { encoding: 'utf8' });
      const lines = poppler.split('\n');
      assert.ok(lines.includes(SUBJECT), poppler);
      assert.ok(lines.includes(`1. ${HINDI_QUESTION}`), poppler);
      assert.ok(poppler.replace(/\n/g, ' ').includes(BODY), poppler);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('notice PDF text layout', () => {
  const content = (subject: string, body: string): NoticeContent => ({
    reference: 'CERT/2026/N-0001',
    kind: 'direction',
    issuedAt: '2026-03-02T09:30:00.000Z',
    issuer: 'भारतीय कंप्यूटर आपात प्रतिक्रिया दल (CERT-In)',
    incident: { reference: 'INC-2026-0001' },
    organization: { id: '00000000-0000-4000-8000-000000000001', name: 'Ελληνική Τράπεζα' },
    recipients: [{ name: 'Анна Петрова', email: 'anna@example.org' }],
    legalBasis: null,
    follows: null,
    subject,
    body,
    tlp: 'AMBER',
    questions: [{ position: 1, text: 'कितने?', requiresAttachment: true }],
    dueAt: '2026-03-05T09:30:00.000Z',
    timeZone: 'Asia/Kolkata',
    dueRule: null,
  });

  it('wraps a long paragraph of mixed scripts over lines and pages and keeps every word in order', async () => {
    const sentence = 'कृपया नीचे दी गई जानकारी प्रदान करें। Provide the records of Москва and Αθήνα, with the loss in ₹. ';
    const body = sentence.repeat(120).trim();
    const pdf = await renderNoticePdf(content(SUBJECT, body), 'f'.repeat(64));
    const printed = pdfText(pdf);
    assert.ok((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length >= 2, 'the body runs onto a second page');
    assert.ok(unwrapped(printed).includes(body), 'the body reads back whole');
    assert.ok(printed.split('\n').includes('भारतीय कंप्यूटर आपात प्रतिक्रिया दल (CERT-In)'));
    assert.ok(printed.split('\n').includes('Attention: Анна Петрова <anna@example.org>'));
    assert.ok(printed.split('\n').includes('1. कितने? [An attachment is required with the answer.]'));
  });

  it('reads back as written whatever was printed before, and gives the same bytes for the same content', async () => {
    // One glyph can stand for different characters: the "fi" ligature is also the glyph of
    // U+FB01, and "क" with a nukta that of U+0958. The PDF must map each glyph to the text
    // of this notice, not to that of a notice printed earlier.
    const other = content('\uFB01le \u0958', '');
    const mine = content('file \u0915\u093C', '');
    await renderNoticePdf(other, 'a'.repeat(64));
    const first = await renderNoticePdf(mine, 'b'.repeat(64));
    assert.ok(pdfText(first).split('\n').includes('file \u0915\u093C'), pdfText(first));
    await renderNoticePdf(other, 'a'.repeat(64));
    assert.ok((await renderNoticePdf(mine, 'b'.repeat(64))).equals(first));
  });

  it('prints a script that has no font as missing glyphs and the text around it as written', async () => {
    const printed = pdfText(await renderNoticePdf(content('Report on 日本 servers', ''), 'c'.repeat(64)));
    assert.ok(printed.split('\n').includes('Report on \uFFFD\uFFFD servers'), printed);
  });

  it('cuts text into runs by script, keeping marks, vowel signs and conjuncts with their base', () => {
    const runs = (text: string) => scriptRuns(text).map((r) => [r.face.regular, r.text]);
    assert.deepEqual(runs('Cafe\u0301 ₹5 कितने।'), [
      ['NotoSans', 'Cafe\u0301 ₹5 '],
      ['NotoSansDevanagari', 'कितने।'],
    ]);
    assert.deepEqual(runs('  क्षत्रिय (ok)'), [
      ['NotoSansDevanagari', '  क्षत्रिय '],
      ['NotoSans', '(ok)'],
    ]);
    assert.deepEqual(runs(normalizeText('a\tb\r\nc\u0007')), [['NotoSans', 'a    b\nc']]);
  });
});
