/**
 * The fonts a notice is printed in and which of them draws each piece of its text. The
 * fonts are Noto (fonts/README.md), embedded in the PDF as subsets of the glyphs used:
 * Noto Sans for Latin, Greek, Cyrillic and the currency signs (₹ among them), Noto Sans
 * Devanagari for Hindi, Marathi, Nepali and Sanskrit. A text is cut into runs by script on
 * grapheme boundaries, so a combining mark, a vowel sign or a conjunct stays with its base
 * and is shaped with it; the runs are drawn as one paragraph, wrapped together. A script
 * without a face here prints as empty boxes: another face is a file and a row in FACES.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
// pdfkit's own font engine, at the version pdfkit pins.
import { create, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';

interface Face {
  /** The font names registered in the document, regular and bold (both weights share their vertical metrics). */
  regular: string;
  bold: string;
  files: { regular: string; bold: string };
  /** The characters of its script: a grapheme whose first character is one is drawn in this face; null: all others. */
  script: RegExp | null;
  /**
   * Shaping puts some glyphs out of the characters' order (a vowel sign before its
   * consonant, a repha after it), so the glyphs alone read back wrongly: each word then
   * carries its text as ActualText, which copying, search and text extraction use.
   */
  reorders: boolean;
}

const FACES: Face[] = [
  {
    regular: 'NotoSansDevanagari',
    bold: 'NotoSansDevanagari-Bold',
    files: { regular: 'NotoSansDevanagari-Regular.ttf', bold: 'NotoSansDevanagari-Bold.ttf' },
    // Devanagari, Vedic Extensions, Devanagari Extended (the dandas are in the first block).
    script: /[\u0900-\u097F\u1CD0-\u1CFF\uA8E0-\uA8FF]/u,
    reorders: true,
  },
  {
    regular: 'NotoSans',
    bold: 'NotoSans-Bold',
    files: { regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' },
    script: null,
    reorders: false,
  },
];
const BASE = FACES.find((f) => f.script === null) as Face;

let parsed: Map<string, Font> | undefined;

function fonts(): Map<string, Font> {
  parsed ??= new Map(
    FACES.flatMap((face) =>
      (['regular', 'bold'] as const).map(
        (weight) => [face[weight], create(readFileSync(path.join(import.meta.dirname, 'fonts', face.files[weight])))] as const,
      ),
    ),
  );
  return parsed;
}

/** A face's ascent and height from its font file, in units of the font size. */
function metrics(face: Face): { ascent: number; height: number } {
  const font = fonts().get(face.regular) as Font;
  return { ascent: font.ascent / font.unitsPerEm, height: (font.ascent - font.descent) / font.unitsPerEm };
}

/**
 * Registers the faces in a document. Each font is parsed once per process: parsing its
 * layout tables costs more than printing a notice. Its glyphs are cleared for each
 * document, because the PDF's text map takes each glyph's characters from them: the same
 * content gives the same bytes, whatever was printed before. (A document is drawn and its
 * fonts embedded in one synchronous run, so no other document uses the fonts meanwhile.)
 */
export function registerNoticeFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, font] of fonts()) {
    font._glyphs = {};
    // pdfkit takes a parsed fontkit font where its types say only files or bytes.
    doc.registerFont(name, font as unknown as Buffer);
  }
}

export interface Run {
  text: string;
  face: Face;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
/** Spaces and joiners belong to no script: they stay in the run they are in. */
const NEUTRAL = /^[\s\u200B-\u200D\u2060\uFEFF]+$/u;

/** Line ends as "\n", a tab as four spaces, other control characters dropped. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\p{Cc}]/gu, (c) => (c === '\n' ? c : ''));
}

/** The (normalized) text cut into runs of one face each. */
export function scriptRuns(text: string): Run[] {
  if (!FACES.some((f) => f.script?.test(text))) return text ? [{ text, face: BASE }] : [];
  const runs: Run[] = [];
  for (const { segment } of graphemes.segment(text)) {
    const last = runs.at(-1);
    const first = String.fromCodePoint(segment.codePointAt(0) as number);
    const face = NEUTRAL.test(segment) ? (last?.face ?? BASE) : (FACES.find((f) => f.script?.test(first)) ?? BASE);
    if (last && last.face === face) last.text += segment;
    else runs.push({ text: segment, face });
  }
  // Leading neutral text took the base face before the first script was known; give it to the run after it.
  if (runs.length > 1 && NEUTRAL.test(runs[0].text)) {
    runs[1].text = runs[0].text + runs[1].text;
    runs.shift();
  }
  return runs;
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
}

/** Moves down by lines of the base face, the height every line of text takes. */
export function moveDown(doc: PDFKit.PDFDocument, lines: number): void {
  doc.font(BASE.regular).moveDown(lines);
}

/** The runs as drawn: a face that reorders glyphs gets one piece per word, with its trailing spaces. */
function pieces(text: string): Array<Run & { actual: boolean }> {
  return scriptRuns(text).flatMap((run) =>
    run.face.reorders
      ? (run.text.match(/\S+\s*|\s+/g) ?? []).map((word) => ({ text: word, face: run.face, actual: /\S/.test(word) }))
      : [{ ...run, actual: false }],
  );
}

/**
 * Draws text, each run in its face, a paragraph per line of the text. Every run sits on the
 * base face's baseline and every line takes the base face's height, whichever face ends
 * it, so a paragraph mixing scripts reads as one. Runs never span a line end: pdfkit
 * continues the next run after the width of the last line, not at the margin.
 */
export function drawText(doc: PDFKit.PDFDocument, text: string, style: TextStyle, options: PDFKit.Mixins.TextOptions = {}): void {
  const normalized = normalizeText(text);
  if (!normalized) return;
  const base = metrics(BASE);
  doc.fillColor(style.color ?? '#000000').fontSize(style.size);
  // As in a single pdfkit text(), a last line end adds no empty line.
  for (const paragraph of normalized.replace(/\n$/, '').split('\n')) {
    const parts = pieces(paragraph);
    if (parts.length === 0) {
      moveDown(doc, 1);
      doc.y += options.paragraphGap ?? 0;
      continue;
    }
    parts.forEach((part, i) => {
      const draw = () =>
        doc.font(style.bold ? part.face.bold : part.face.regular).text(part.text, {
          ...options,
          baseline: -base.ascent * style.size,
          lineGap: (options.lineGap ?? 0) + (base.height - metrics(part.face).height) * style.size,
          continued: i < parts.length - 1,
        });
      if (part.actual) withActualText(doc, part.text, draw);
      else draw();
    });
  }
}

/**
 * Draws with each text object pdfkit writes marked with the text it shows (the first
 * with the text, any later one, where a word is broken across lines, with none). The mark
 * goes inside BT … ET, where the glyphs' coordinates are those of the text: outside it,
 * pdfkit's save and restore around each text object would leave readers measuring the
 * replacement text in another coordinate system.
 */
function withActualText(doc: PDFKit.PDFDocument, text: string, draw: () => void): void {
  const add = doc.addContent;
  let actual = text;
  doc.addContent = (data: string) => {
    if (data === 'ET') add.call(doc, 'EMC');
    add.call(doc, data);
    if (data === 'BT') {
      add.call(doc, `/Span <</ActualText ${utf16Hex(actual)}>> BDC`);
      actual = '';
    }
    return doc;
  };
  try {
    draw();
  } finally {
    doc.addContent = add;
  }
}

function utf16Hex(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/**
 * Parses the fonts and their layout tables once, by drawing a throw-away line in every
 * face: the first notice issued after a start then costs what every later one does
 * (docs/performance.md, "Notices"). Called by the server once it listens.
 */
export function warmNoticeFonts(): void {
  const doc = new PDFDocument({ autoFirstPage: true });
  doc.on('data', () => {});
  registerNoticeFonts(doc);
  drawText(doc, 'Notice सूचना Уведомление Ειδοποίηση ₹', { size: 11 });
  drawText(doc, 'Notice सूचना', { size: 11, bold: true });
  doc.end();
}
