/**
 * What an uploaded attachment is allowed to be, checked on its bytes and not only on the
 * type its sender declared: a PDF starts with "%PDF-", a PNG and a JPEG with their
 * signatures, a ZIP (and so a .docx or .xlsx, which are ZIP packages) with a ZIP record,
 * and text is valid UTF-8 without NUL bytes. A .docx must hold word/document.xml and an
 * .xlsx xl/workbook.xml, read from the archive's central directory.
 */
import { ATTACHMENT_CONTENT_TYPES, type AttachmentContentType } from '#shared/contracts/notices';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

export function isAllowedType(type: string): type is AttachmentContentType {
  return (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(type);
}

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];

/** Names in a ZIP archive's central directory, or null when the bytes are not a readable ZIP. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= floor; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.length) return null;
    names.push(decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** True when the bytes are what the declared (allowed) type says. */
export function bytesMatchType(bytes: Uint8Array, type: AttachmentContentType): boolean {
  switch (type) {
    case 'application/pdf':
      return startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]);
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'text/plain':
    case 'text/csv':
      return isText(bytes);
    case 'application/zip':
      return (startsWith(bytes, ZIP_LOCAL) || startsWith(bytes, ZIP_EMPTY)) && zipEntryNames(bytes) !== null;
    case DOCX:
    case XLSX: {
      if (!startsWith(bytes, ZIP_LOCAL)) return false;
      const names = zipEntryNames(bytes);
      return !!names && names.includes('[Content_Types].xml') && names.includes(type === DOCX ? 'word/document.xml' : 'xl/workbook.xml');
    }
  }
}

/** A file name safe to store and to send back in Content-Disposition: no paths, no control characters. */
export function filenameProblem(name: string): string | null {
  if (name.trim() === '' || name === '.' || name === '..') return 'is empty';
  if (/[/\\]/.test(name)) return 'may not contain a path';
  if ([...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'may not contain control characters';
  return null;
}
