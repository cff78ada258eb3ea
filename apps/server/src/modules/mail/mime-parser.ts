/**
 * Just enough MIME (RFC 2045–2046, 5322) to read a bounce: header fields with folding,
 * Content-Type and its parameters, multipart bodies split at their boundaries (nested,
 * to a bounded depth and number of parts), and bodies in base64 or quoted-printable.
 * It reads what bounces contain; it is not a general e-mail library.
 */

export interface MimeHeader {
  /** Lower case. */
  name: string;
  /** Unfolded, trimmed. */
  value: string;
}

export interface ContentType {
  /** `type/subtype`, lower case; `text/plain` when the part does not say. */
  type: string;
  /** Parameter names in lower case, values unquoted. */
  params: Record<string, string>;
}

export interface MimePart {
  headers: MimeHeader[];
  contentType: ContentType;
  /** The body as it stands in the message, transfer encoding not undone. */
  body: string;
  /** The parts of a multipart body, or the message inside a message/rfc822 part. */
  parts: MimePart[];
}

/** The input does not begin with a header field: it is not an e-mail. */
export class NotMailError extends Error {
  override name = 'NotMailError';
}

const MAX_DEPTH = 6;
const MAX_PARTS = 200;
const FIELD = /^([A-Za-z0-9][A-Za-z0-9_.-]*)[ \t]*:(.*)$/;

export function headerValue(headers: MimeHeader[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}

export function headerValues(headers: MimeHeader[], name: string): string[] {
  return headers.filter((h) => h.name === name).map((h) => h.value);
}

/**
 * Header fields up to the first empty line, and what follows it. Lines that are neither a
 * field nor the continuation of one are passed over: bounces quote damaged headers.
 */
export function parseHeaderBlock(text: string): { headers: MimeHeader[]; rest: string } {
  const headers: MimeHeader[] = [];
  let position = 0;
  while (position < text.length) {
    const end = text.indexOf('\n', position);
    const line = end < 0 ? text.slice(position) : text.slice(position, end);
    position = end < 0 ? text.length : end + 1;
    if (line.trim() === '') break;
    const last = headers[headers.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const field = FIELD.exec(line);
    if (field) headers.push({ name: field[1].toLowerCase(), value: field[2].trim() });
  }
  return { headers, rest: text.slice(position) };
}

/** `multipart/report; report-type=delivery-status; boundary="b1"` → type and parameters. */
export function parseContentType(value: string | undefined, fallback = 'text/plain'): ContentType {
  if (!value) return { type: fallback, params: {} };
  const pieces = splitOutsideQuotes(value.replace(/\([^()"]*\)/g, ' '), ';');
  const type = (pieces.shift() ?? '').trim().toLowerCase();
  const params: Record<string, string> = {};
  for (const piece of pieces) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    const name = piece.slice(0, eq).trim().toLowerCase();
    let paramValue = piece.slice(eq + 1).trim();
    if (paramValue.startsWith('"') && paramValue.endsWith('"') && paramValue.length >= 2) {
      paramValue = paramValue.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    params[name] = paramValue;
  }
  return { type: /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type) ? type : fallback, params };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && quoted && i + 1 < text.length) {
      current += char + text[++i];
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      out.push(current);
      current = '';
    } else current += char;
  }
  out.push(current);
  return out;
}

/**
 * One e-mail. Line ends become `\n`; an mbox `From ` line in front (some delivery agents
 * add one) is passed over. Throws NotMailError when the first line is not a header field.
 */
export function parseMail(raw: string): MimePart {
  let text = raw.replace(/\r\n?/g, '\n');
  if (text.startsWith('From ')) text = text.slice(text.indexOf('\n') + 1 || text.length);
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  if (!FIELD.test(firstLine)) throw new NotMailError('The input does not begin with an e-mail header.');
  const budget = { parts: MAX_PARTS };
  return parsePart(text, 0, budget, 'text/plain');
}

function parsePart(text: string, depth: number, budget: { parts: number }, defaultType: string): MimePart {
  const { headers, rest } = parseHeaderBlock(text);
  const contentType = parseContentType(headerValue(headers, 'content-type'), defaultType);
  const part: MimePart = { headers, contentType, body: rest, parts: [] };
  if (depth >= MAX_DEPTH) return part;
  const boundary = contentType.params.boundary;
  if (contentType.type.startsWith('multipart/') && boundary) {
    // In a digest each part is a message unless it says otherwise (RFC 2046 5.1.5).
    const childType = contentType.type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    for (const body of splitMultipart(rest, boundary)) {
      if (budget.parts-- <= 0) break;
      part.parts.push(parsePart(body, depth + 1, budget, childType));
    }
  } else if (contentType.type === 'message/rfc822' || contentType.type === 'message/global') {
    if (budget.parts-- > 0) part.parts.push(parsePart(decodeTransfer(part).replace(/\r\n?/g, '\n'), depth + 1, budget, 'text/plain'));
  }
  return part;
}

/** The bodies between `--boundary` lines, up to the closing `--boundary--`. */
function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  const delimiter = `--${boundary}`;
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    if (line.startsWith(delimiter)) {
      const after = line.slice(delimiter.length).trimEnd();
      if (after === '' || after === '--') {
        if (current) parts.push(current.join('\n'));
        if (after === '--') return parts;
        current = [];
        continue;
      }
    }
    current?.push(line);
  }
  // A message cut short ends its last part where it ends.
  if (current) parts.push(current.join('\n'));
  return parts;
}

/** The body with its transfer encoding undone, read in its charset (UTF-8 when unknown). */
export function decodeTransfer(part: MimePart): string {
  const encoding = (headerValue(part.headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') {
    bytes = Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  } else if (encoding === 'quoted-printable') {
    bytes = Buffer.from(
      part.body
        .replace(/[ \t]+$/gm, '')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      'latin1',
    );
  } else {
    return part.body;
  }
  const charset = (part.contentType.params.charset ?? 'utf-8').toLowerCase();
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** Every part that has no parts of its own, depth first, in the order of the message. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}
