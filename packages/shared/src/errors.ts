/** The error body every API failure returns; `code` is stable, `message` is for people. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    details?: unknown;
    retryAfterSeconds?: number;
  };
}
