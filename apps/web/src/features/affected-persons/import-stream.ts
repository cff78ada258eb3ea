/**
 * The import's commit, with progress. Asked for `application/x-ndjson`, the server answers
 * 200 at once and then writes one JSON object a line: progress while it validates and
 * writes, and last the report or the error. A failure before the stream starts (no grant,
 * a body too large) is an ordinary JSON error with its status.
 */
import { ApiError } from '../../api/api-error.ts';
import type { ImportReport, ImportRequest } from './affected-persons-api.ts';
import { sendForResponse } from './send-for-response.ts';

export interface ImportProgress {
  phase: 'validating' | 'committing';
  done: number;
  total: number;
}

type StreamLine =
  | ({ type: 'progress' } & ImportProgress)
  | { type: 'result'; report: ImportReport }
  | { type: 'error'; error: { code: string; message: string; requestId?: string; details?: unknown } };

/** The status the error would have had as an ordinary answer, so messages read the same. */
function statusOf(code: string): number {
  if (code.startsWith('server.') || code.startsWith('internal.')) return 500;
  if (code === 'register.import_invalid') return 422;
  if (code === 'register.grant_required' || code.endsWith('.forbidden')) return 403;
  return 400;
}

/** Splits the byte stream into lines, decoding UTF-8 across chunk boundaries. */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffered += decoder.decode(value, { stream: !done });
      let end = buffered.indexOf('\n');
      while (end >= 0) {
        const line = buffered.slice(0, end).trim();
        buffered = buffered.slice(end + 1);
        if (line) yield line;
        end = buffered.indexOf('\n');
      }
      if (done) break;
    }
    if (buffered.trim()) yield buffered.trim();
  } finally {
    reader.releaseLock();
  }
}

export async function commitImport(
  incidentId: string,
  body: Omit<ImportRequest, 'dryRun'>,
  options: { csrf: string | null; onProgress: (progress: ImportProgress) => void; signal?: AbortSignal },
): Promise<ImportReport> {
  const response = await sendForResponse(`/incidents/${incidentId}/affected-persons/imports`, {
    body: { ...body, dryRun: false },
    accept: 'application/x-ndjson',
    csrf: options.csrf,
    signal: options.signal,
  });
  // A server that does not stream answers with the report itself.
  if ((response.headers.get('content-type') ?? '').includes('application/json') || !response.body) {
    return (await response.json()) as ImportReport;
  }
  for await (const text of lines(response.body)) {
    let line: StreamLine;
    try {
      line = JSON.parse(text) as StreamLine;
    } catch {
      continue;
    }
    if (line.type === 'progress') options.onProgress({ phase: line.phase, done: line.done, total: line.total });
    else if (line.type === 'result') return line.report;
    else if (line.type === 'error') throw new ApiError(statusOf(line.error.code), line.error);
  }
  throw new ApiError(0, {
    code: 'register.import_interrupted',
    message:
      'The connection ended before the server said whether the import was saved. An import is saved whole or not at all: reload the register to see which.',
  });
}
