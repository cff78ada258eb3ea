/** An API failure as the app sees it: the server's stable code plus a message for people. */
import type { ApiErrorBody } from '#shared/errors';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly retryAfterSeconds: number | null;
  readonly details: unknown;

  constructor(status: number, body: Partial<ApiErrorBody['error']>) {
    super(body.message ?? 'The request failed.');
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? 'request.failed';
    this.requestId = body.requestId ?? null;
    this.retryAfterSeconds = body.retryAfterSeconds ?? null;
    this.details = body.details ?? null;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
