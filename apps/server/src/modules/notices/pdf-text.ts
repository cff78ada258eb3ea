/**
 * The text drawn on a PDF, read back from the PDF itself: what the tests use to check what
 * a printed notice says, with no external tool. It follows the file's cross-reference
 * table to the pages, decodes each string shown through its font — the ToUnicode map of an
 * embedded font (bfchar and bfrange entries), Windows-1252 for a standard one — and, as PDF
 * readers do, takes a marked span's ActualText in place of the glyphs inside it. Text on one
 * baseline of a page makes one line. Enough of PDF for what pdfkit writes: one xref
 * section, no object streams, Flate-compressed streams.
 */
import { inflateSync } from 'node:zlib';

class Name {
  constructor(readonly name: string) {}
}
class Ref {
  constructor(readonly num: number) {}
}
class Op {
  constructor(readonly op: string) {}
}
/** A string's bytes, one character per byte. */
class Bytes {
  constructor(readonly bytes: string) {}
}
type Value = number | boolean | null | Name | Ref | Op | Bytes | Value[] | Dict;
type Dict = Map<string, Value>;

const WHITE = /[\0\t\n\f\r ]/;
const DELIM = /[\0\t\n\f\r ()<>[\]{}/%]/;

/** Reads PDF values from a "binary" (latin1) string: object syntax and content streams alike. */
class Lexer {
  constructor(
    readonly src: string,
    public pos = 0,
  ) {}

  private skip(): void {
    while (this.pos < this.src.length) {
      if (WHITE.test(this.src[this.pos])) this.pos++;
      else if (this.src[this.pos] === '%') while (this.pos < this.src.length && !/[\r\n]/.test(this.src[this.pos])) this.pos++;
      else break;
    }
  }

  private word(): string {
    const start = this.pos;
    while (this.pos < this.src.length && !DELIM.test(this.src[this.pos])) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private literal(): Bytes {
    let out = '';
    let depth = 1;
    this.pos++;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos++];
      if (c === '\\') {
        const e = this.src[this.pos++];
        const octal = /^[0-7]{1,3}/.exec(this.src.slice(this.pos - 1, this.pos + 2))?.[0];
        if (octal) {
          out += String.fromCharCode(Number.parseInt(octal, 8) & 0xff);
          this.pos += octal.length - 1;
        } else if (e === '\r' || e === '\n') {
          if (e === '\r' && this.src[this.pos] === '\n') this.pos++;
        } else out += ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
      } else if (c === '(') {
        depth++;
        out += c;
      } else if (c === ')') {
        if (--depth === 0) break;
        out += c;
      } else out += c;
    }
    return new Bytes(out);
  }

  /** The next value, or undefined at the end or at a closing ] or >>. */
  value(): Value | undefined {
    this.skip();
    const c = this.src[this.pos];
    if (c === undefined) return undefined;
    if (this.src.startsWith('<<', this.pos)) {
      this.pos += 2;
      const dict: Dict = new Map();
      for (let key = this.value(); key instanceof Name; key = this.value()) dict.set(key.name, this.value() as Value);
      return dict;
    }
    if (this.src.startsWith('>>', this.pos) || c === ']') {
      this.pos += c === ']' ? 1 : 2;
      return undefined;
    }
    if (c === '[') {
      this.pos++;
      const items: Value[] = [];
      for (let item = this.value(); item !== undefined; item = this.value()) items.push(item);
      return items;
    }
    if (c === '(') return this.literal();
    if (c === '<') {
      const end = this.src.indexOf('>', this.pos);
      const hex = this.src.slice(this.pos + 1, end).replace(/\s+/g, '');
      this.pos = end + 1;
      return new Bytes(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('latin1'));
    }
    if (c === '/') {
      this.pos++;
      return new Name(this.word().replace(/#([0-9a-fA-F]{2})/g, (_all, h: string) => String.fromCharCode(Number.parseInt(h, 16))));
    }
    const word = this.word() || this.src[this.pos++];
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // "N G R" is a reference.
      const mark = this.pos;
      const ref = /^\s+(\d+)\s+R(?![^\0\t\n\f\r ()<>[\]{}/%])/.exec(this.src.slice(mark, mark + 24));
      if (ref && /^\d+$/.test(word)) {
        this.pos += ref[0].length;
        return new Ref(Number(word));
      }
      return Number(word);
    }
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    return new Op(word);
  }
}

/** The objects of a PDF, by number, each read once from its offset in the cross-reference table. */
class PdfFile {
  private readonly src: string;
  private readonly offsets = new Map<number, number>();
  private readonly cache = new Map<number, { value: Value; stream?: Buffer }>();
  readonly trailer: Dict;

  constructor(readonly bytes: Buffer) {
    this.src = bytes.toString('latin1');
    const xref = Number(/startxref\s+(\d+)\s*%%EOF\s*$/.exec(this.src)?.[1]);
    const table = /^xref\s+(\d+)\s+(\d+)\s+/.exec(this.src.slice(xref));
    if (!table) throw new Error('No cross-reference table: not a PDF written by pdfkit.');
    const first = Number(table[1]);
    const entries = this.src.slice(xref + table[0].length).match(/(\d{10}) (\d{5}) ([nf])/g) ?? [];
    entries.slice(0, Number(table[2])).forEach((entry, i) => {
      if (entry.endsWith('n')) this.offsets.set(first + i, Number(entry.slice(0, 10)));
    });
    const lexer = new Lexer(this.src, this.src.indexOf('trailer', xref) + 'trailer'.length);
    this.trailer = lexer.value() as Dict;
  }

  object(num: number): { value: Value; stream?: Buffer } {
    const cached = this.cache.get(num);
    if (cached) return cached;
    const lexer = new Lexer(this.src, this.offsets.get(num));
    lexer.value(); // number
    lexer.value(); // generation
    lexer.value(); // obj
    const value = lexer.value() as Value;
    const entry: { value: Value; stream?: Buffer } = { value };
    const after = /^\s*stream\r?\n/.exec(this.src.slice(lexer.pos, lexer.pos + 16));
    if (after && value instanceof Map) {
      const start = lexer.pos + after[0].length;
      const raw = this.bytes.subarray(start, start + (this.get(value.get('Length')) as number));
      entry.stream = this.get(value.get('Filter')) instanceof Name ? inflateSync(raw) : raw;
    }
    this.cache.set(num, entry);
    return entry;
  }

  /** A value with a reference followed. */
  get(value: Value | undefined): Value | undefined {
    return value instanceof Ref ? this.object(value.num).value : value;
  }

  dict(value: Value | undefined): Dict {
    const got = this.get(value);
    return got instanceof Map ? got : new Map();
  }

  stream(value: Value | undefined): Buffer {
    return value instanceof Ref ? (this.object(value.num).stream ?? Buffer.alloc(0)) : Buffer.alloc(0);
  }

  pages(node = this.dict(this.dict(this.trailer.get('Root')).get('Pages'))): Dict[] {
    const kids = this.get(node.get('Kids'));
    if (!Array.isArray(kids)) return [node];
    return kids.flatMap((kid) => this.pages(this.dict(kid)));
  }
}

const winAnsi = new TextDecoder('windows-1252');

/** A PDF text string (ActualText): UTF-16BE after its byte-order mark, else one byte a character. */
function textString(bytes: string): string {
  if (!bytes.startsWith('\xfe\xff')) return bytes;
  return new TextDecoder('utf-16be').decode(Buffer.from(bytes.slice(2), 'latin1'));
}

/** The ToUnicode map of a font: character code to text. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => new TextDecoder('utf-16be').decode(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
  for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]*)>/g)) map.set(Number.parseInt(code, 16), utf16(text));
  }
  for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, list, start] of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:\[([^\]]*)\]|<([0-9a-fA-F\s]*)>)/g)) {
      const from = Number.parseInt(lo, 16);
      const to = Number.parseInt(hi, 16);
      if (list !== undefined) {
        let code = from;
        for (const [, text] of list.matchAll(/<([0-9a-fA-F\s]*)>/g)) map.set(code++, utf16(text));
      } else {
        // Consecutive codes: the last UTF-16 unit of the destination counts up.
        const units = start.replace(/\s+/g, '').match(/.{4}/g) ?? [];
        for (let code = from; code <= to; code++) {
          const last = (Number.parseInt(units.at(-1) ?? '0', 16) + code - from).toString(16).padStart(4, '0');
          map.set(code, utf16([...units.slice(0, -1), last].join('')));
        }
      }
    }
  }
  return map;
}

/** How a font's strings become text: two-byte codes through ToUnicode (CID 0 is the missing glyph), else Windows-1252. */
function fontDecoder(file: PdfFile, font: Dict): (bytes: string) => string {
  const cmap = font.get('ToUnicode');
  if (cmap !== undefined) {
    const map = toUnicode(file.stream(cmap).toString('latin1'));
    const subtype = file.get(font.get('Subtype'));
    const twoByte = subtype instanceof Name && subtype.name === 'Type0';
    return (bytes) => {
      let out = '';
      for (let i = 0; i < bytes.length; i += twoByte ? 2 : 1) {
        const code = twoByte ? (bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1) : bytes.charCodeAt(i);
        out += code === 0 && twoByte ? '\uFFFD' : (map.get(code) ?? '\uFFFD');
      }
      return out;
    };
  }
  return (bytes) => winAnsi.decode(Buffer.from(bytes, 'latin1'));
}

export function pdfText(pdf: Uint8Array): string {
  const file = new PdfFile(Buffer.from(pdf));
  const lines: string[] = [];
  for (const page of file.pages()) {
    const fonts = file.dict(file.dict(page.get('Resources')).get('Font'));
    const decoders = new Map([...fonts].map(([name, ref]) => [name, fontDecoder(file, file.dict(ref))]));
    const contents = file.get(page.get('Contents'));
    const source = (Array.isArray(contents) ? contents : [page.get('Contents') as Value])
      .map((ref) => file.stream(ref).toString('latin1'))
      .join('\n');

    const lexer = new Lexer(source);
    let operands: Value[] = [];
    let decode: (bytes: string) => string = () => '';
    let lineY: number | undefined;
    let y: number | undefined;
    let startOfObject = false;
    const marks: Array<{ actual?: string; shown: boolean }> = [];
    const emit = (text: string) => {
      if (lineY !== undefined && y !== undefined && Math.abs(lineY - y) < 0.01) lines[lines.length - 1] += text;
      else lines.push(text);
      lineY = y;
    };
    const show = (strings: Value[]) => {
      const actual = marks.find((m) => m.actual !== undefined);
      if (actual) actual.shown = true;
      else emit(strings.map((s) => (s instanceof Bytes ? decode(s.bytes) : '')).join(''));
    };
    for (let value = lexer.value(); value !== undefined; value = lexer.value()) {
      if (!(value instanceof Op)) {
        operands.push(value);
        continue;
      }
      const [a, b] = operands;
      switch (value.op) {
        case 'BT':
          startOfObject = true;
          break;
        case 'Tm':
          // The first position of a text object is its baseline; later ones place marks.
          if (startOfObject) y = operands[5] as number;
          startOfObject = false;
          break;
        case 'Td':
        case 'TD':
          if (y !== undefined) y += operands[1] as number;
          break;
        case 'Tf':
          decode = decoders.get((a as Name).name) ?? (() => '');
          break;
        case 'Tj':
        case "'":
        case '"':
          show([operands.at(-1) as Value]);
          break;
        case 'TJ':
          show(a as Value[]);
          break;
        case 'BMC':
          marks.push({ shown: false });
          break;
        case 'BDC': {
          const props = b instanceof Map ? b : undefined;
          const actual = props?.get('ActualText');
          marks.push({ actual: actual instanceof Bytes ? textString(actual.bytes) : undefined, shown: false });
          break;
        }
        case 'EMC': {
          const mark = marks.pop();
          if (mark?.actual !== undefined && mark.shown && !marks.some((m) => m.actual !== undefined)) emit(mark.actual);
          break;
        }
      }
      operands = [];
    }
  }
  return lines.join('\n');
}
