/**
 * The export of identities for notification work: a POST (it carries the purpose, and
 * the server audits it like a reveal) whose answer is a CSV file, handed to the browser
 * as a download through a temporary object URL that is released at once.
 */
import type { ExportBody } from '#shared/contracts/affected-persons';
import { sendForResponse } from './send-for-response.ts';

/** The file name the server gives in Content-Disposition, if any. */
function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // Fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : null;
}

export async function downloadExport(
  incidentId: string,
  body: ExportBody,
  options: { csrf: string | null; fallbackName: string },
): Promise<void> {
  const response = await sendForResponse(`/incidents/${incidentId}/affected-persons/export`, {
    body,
    accept: 'text/csv',
    csrf: options.csrf,
  });
  const blob = await response.blob();
  const url = URL.createObjectURL(new Blob([blob], { type: 'text/csv' }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileNameOf(response.headers.get('content-disposition')) ?? options.fallbackName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has handed the file to the browser; the URL is not needed any longer.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
