/**
 * The text drawn on a PDF, read back from its content streams (Flate-compressed, text
 * shown with Tj/TJ in the standard fonts' WinAnsi encoding): what the tests use to check
 * what a printed notice says, with no external tool. One line per text object.
 */
import { inflateSync } from 'node:zlib';

const winAnsi = new TextDecoder('windows-1252');

function literal(text: string): string {
  return text.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_all, c: string) => {
    if (/^[0-7]+$/.test(c)) return String.fromCharCode(Number.parseInt(c, 8));
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

export function pdfText(pdf: Uint8Array): string {
  const bytes = Buffer.from(pdf);
  const latin = bytes.toString('latin1');
  const lines: string[] = [];
  const marker = /stream\r?\n/g;
  for (let match = marker.exec(latin); match; match = marker.exec(latin)) {
    const start = match.index + match[0].length;
    const end = latin.indexOf('endstream', start);
    if (end < 0) break;
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, end).subarray(0, end - start)).toString('latin1');
    } catch {
      continue;
    }
    for (const block of content.split(/\bBT\b/).slice(1)) {
      const body = block.split(/\bET\b/)[0];
      let line = '';
      for (const part of body.matchAll(/<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)/g)) {
        line += part[1] !== undefined ? winAnsi.decode(Buffer.from(part[1], 'hex')) : literal(part[2]);
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}
