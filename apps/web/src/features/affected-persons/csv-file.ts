/**
 * Reading a chosen CSV file in the browser, before anything is sent: the bytes must be
 * UTF-8 (a file saved as Windows-1252 or UTF-16 would otherwise reach the server with
 * names silently garbled), and the header and first rows are shown so columns can be
 * mapped. The parsing is RFC 4180 as the server reads it (comma separated, optional
 * quotes with doubled quotes inside, CRLF or LF, byte-order mark ignored, blank lines
 * skipped); only a preview is kept, the rest is counted.
 */

export interface CsvPreview {
  header: string[];
  rows: string[][];
  /** Records after the header. */
  rowCount: number;
}

export type CsvRead = { ok: true; text: string; preview: CsvPreview } | { ok: false; message: string };

/** The file's text, or null when its bytes are not UTF-8. */
export function decodeUtf8(bytes: ArrayBuffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Where the first byte that is not UTF-8 sits, as a line number a person can look for. */
function badLine(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const width = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (width === 0 || i + width > bytes.length) return line;
    for (let k = 1; k < width; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return line;
    if (b === 0x0a) line += 1;
    i += width;
  }
  return line;
}

export function previewCsv(text: string, keep = 5): CsvPreview | { error: string } {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let count = 0;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) {
      count += 1;
      if (records.length <= keep) records.push(fields);
    }
    fields = [];
    field = '';
    afterQuote = false;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        if (c === '\n') line += 1;
        field += c;
      }
    } else if (c === ',') {
      fields.push(field);
      field = '';
      afterQuote = false;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      line += 1;
      recordLine = line;
    } else if (afterQuote) {
      return { error: `Line ${line}: there is text after a closing quote.` };
    } else if (c === '"' && field === '') {
      quoted = true;
    } else {
      field += c;
    }
  }
  if (quoted) return { error: `Line ${recordLine}: a quoted field is never closed.` };
  if (field !== '' || fields.length > 0 || afterQuote) endRecord();
  if (records.length === 0) return { error: 'The file is empty.' };
  return { header: records[0].map((h) => h.trim()), rows: records.slice(1), rowCount: count - 1 };
}

export async function readCsvFile(file: Blob): Promise<CsvRead> {
  const bytes = await file.arrayBuffer();
  const text = decodeUtf8(bytes);
  if (text === null) {
    return {
      ok: false,
      message: `The file is not UTF-8 text (line ${badLine(new Uint8Array(bytes))} holds bytes that are not characters). Save it as “CSV UTF-8” and choose it again.`,
    };
  }
  const preview = previewCsv(text);
  if ('error' in preview) return { ok: false, message: preview.error };
  if (preview.rowCount === 0) return { ok: false, message: 'The file has a header but no rows.' };
  return { ok: true, text, preview };
}
