/**
 * The notice as sent: its frozen content as canonical JSON (sorted keys, no spaces), the
 * SHA-256 of that text, and the PDF printed from it at issue. The PDF carries the hash,
 * so a printed notice can be checked against the record; it is stored once and never
 * regenerated (notice_documents).
 *
 * The text is printed as written, in embedded Noto fonts (notice-fonts.ts): Latin with its
 * accents, the rupee sign, Greek, Cyrillic and Devanagari.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { Notice } from '#shared/contracts/notices';
import { canonicalJson } from '../../audit/canonical-json.ts';
import { describeAmount, formatInZone } from './due-time.ts';
import { drawText, moveDown, normalizeText, registerNoticeFonts } from './notice-fonts.ts';

export interface NoticeContent {
  reference: string;
  kind: Notice['kind'];
  issuedAt: string;
  issuer: string;
  incident: { reference: string };
  organization: { id: string; name: string };
  recipients: Array<{ name: string; email: string }>;
  legalBasis: { code: string; instrument: string; clause: string; summary: string } | null;
  follows: string | null;
  subject: string;
  body: string;
  tlp: Notice['tlp'];
  questions: Array<{ position: number; text: string; requiresAttachment: boolean }>;
  dueAt: string;
  timeZone: string;
  dueRule: { amount: number; unit: NonNullable<Notice['dueUnit']> } | null;
}

/** The frozen content of an issued notice, from its view; `issuer` is the CERT's name. */
export function noticeContent(notice: Notice, issuer: string): NoticeContent {
  if (!notice.reference || !notice.issuedAt || !notice.dueAt) throw new Error('Only an issued notice has frozen content.');
  return {
    reference: notice.reference,
    kind: notice.kind,
    issuedAt: notice.issuedAt,
    issuer,
    incident: { reference: notice.incident.reference },
    organization: { id: notice.organization.id, name: notice.organization.name },
    recipients: notice.recipients.map((r) => ({ name: r.name, email: r.email })).sort((a, b) => a.email.localeCompare(b.email)),
    legalBasis: notice.legalBasis
      ? { code: notice.legalBasis.code, instrument: notice.legalBasis.instrument, clause: notice.legalBasis.clause, summary: notice.legalBasis.summary }
      : null,
    follows: notice.chain.ancestors.at(-1)?.reference ?? null,
    subject: notice.subject,
    body: notice.body,
    tlp: notice.tlp,
    questions: notice.questions.map((q) => ({ position: q.position, text: q.text, requiresAttachment: q.requiresAttachment })),
    dueAt: notice.dueAt,
    timeZone: notice.timeZone,
    dueRule: notice.dueMode === 'from_basis' && notice.dueAmount && notice.dueUnit ? { amount: notice.dueAmount, unit: notice.dueUnit } : null,
  };
}

export function contentSha256(content: NoticeContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

const KIND_TITLES: Record<Notice['kind'], string> = {
  call_for_information: 'Call for information',
  direction: 'Direction',
  clarification: 'Request for clarification',
  reminder: 'Reminder',
  show_cause: 'Show-cause notice',
};

/** Renders the PDF of an issued notice. Same content, same bytes: the dates in its metadata are the issue time. */
export function renderNoticePdf(content: NoticeContent, sha256: string): Promise<Buffer> {
  const issued = new Date(content.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    font: '', // no default font: every text names its own (notice-fonts.ts)
    info: { Title: `${content.reference}: ${normalizeText(content.subject)}`, Author: normalizeText(content.issuer), Subject: KIND_TITLES[content.kind], CreationDate: issued, ModDate: issued },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  registerNoticeFonts(doc);
  const label = (text: string) => drawText(doc, text.toUpperCase(), { size: 9, bold: true, color: '#444444' }, { paragraphGap: 1 });
  const para = (text: string, options: PDFKit.Mixins.TextOptions = {}) => drawText(doc, text, { size: 10.5 }, { paragraphGap: 4, ...options });
  const gap = (lines = 0.6) => moveDown(doc, lines);

  drawText(doc, `TLP:${content.tlp}`, { size: 10, bold: true }, { align: 'right' });
  drawText(doc, content.issuer, { size: 12, bold: true });
  gap(0.4);
  drawText(doc, KIND_TITLES[content.kind], { size: 16, bold: true });
  gap();

  label('Reference');
  para(content.reference);
  label('Date of issue');
  para(formatInZone(issued, content.timeZone));
  label('To');
  para(content.organization.name);
  if (content.recipients.length) para(`Attention: ${content.recipients.map((r) => `${r.name} <${r.email}>`).join('; ')}`);
  label('Incident');
  para(content.incident.reference);
  if (content.follows) {
    label('Follows up');
    para(content.follows);
  }
  gap();

  label('Legal basis');
  if (content.legalBasis) {
    para(`${content.legalBasis.instrument}, ${content.legalBasis.clause}`);
    para(content.legalBasis.summary);
  } else {
    para('None cited.');
  }
  gap();

  label('Subject');
  drawText(doc, content.subject, { size: 11, bold: true }, { paragraphGap: 4 });
  if (content.body.trim()) para(content.body);
  gap();

  label('Questions');
  for (const q of content.questions) {
    const note = q.requiresAttachment ? ' [An attachment is required with the answer.]' : '';
    para(`${q.position}. ${q.text}${note}`, { indent: 0 });
  }
  gap();

  label('Reply by');
  drawText(doc, formatInZone(new Date(content.dueAt), content.timeZone), { size: 11, bold: true }, { paragraphGap: 2 });
  para(`That is ${content.dueAt.slice(0, 19).replace('T', ' ')} UTC${content.dueRule ? `, ${describeAmount(content.dueRule.amount, content.dueRule.unit)} from issue` : ''}. Reply through the organization portal.`);
  gap();

  drawText(doc, 'SHA-256 of the canonical content of this notice (its frozen fields as canonical JSON):', { size: 8, color: '#444444' });
  // Hex digits need no embedded font: the hash stays in the standard Courier, fixed width.
  doc.font('Courier').fontSize(8).fillColor('#000000').text(sha256);
  doc.end();
  return done;
}
