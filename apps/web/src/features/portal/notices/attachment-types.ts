/**
 * What an organization may attach to an answer, checked before anything is sent so that
 * a wrong file is explained at once; the server checks the same list, and the bytes.
 */
import { ATTACHMENT_CONTENT_TYPES } from '#shared/contracts/notices';

const BY_EXTENSION: Record<string, (typeof ATTACHMENT_CONTENT_TYPES)[number]> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const ALLOWED_TYPES_TEXT = 'PDF, PNG, JPEG, plain text, CSV, ZIP, Word (.docx) or Excel (.xlsx)';

/** The `accept` list of the file picker. */
export const ACCEPT = [...Object.keys(BY_EXTENSION).map((e) => `.${e}`), ...ATTACHMENT_CONTENT_TYPES].join(',');

/** The content type to send the file as, or a sentence saying why it cannot be sent. */
export function attachmentType(file: { name: string; type: string; size: number }): { contentType: string } | { problem: string } {
  if (file.size === 0) return { problem: `${file.name} is empty.` };
  const declared = file.type.toLowerCase();
  if ((ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(declared)) return { contentType: declared };
  const extension = file.name.includes('.') ? (file.name.split('.').pop()?.toLowerCase() ?? '') : '';
  const guessed = BY_EXTENSION[extension];
  if (guessed) return { contentType: guessed };
  return { problem: `${file.name} cannot be attached: attachments may be ${ALLOWED_TYPES_TEXT}.` };
}
