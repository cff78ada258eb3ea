/**
 * The one error type services throw. `code` is `module.reason` and stable; the HTTP
 * status is derived from the reason so every module speaks the same vocabulary.
 */
const STATUS_BY_REASON: Record<string, number> = {
  invalid: 400,
  malformed_json: 400,
  invalid_credentials: 401,
  required: 401,
  session_expired: 401,
  totp_required: 401,
  totp_invalid: 401,
  forbidden: 403,
  csrf_invalid: 403,
  not_found: 404,
  conflict: 409,
  already_exists: 409,
  version_conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  weak_password: 422,
  throttled: 429,
};

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: string,
    message: string,
    readonly options: { status?: number; details?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    const reason = code.slice(code.indexOf('.') + 1);
    this.status = options.status ?? STATUS_BY_REASON[reason] ?? 400;
  }
}

export function notFound(module: string, what: string): AppError {
  return new AppError(`${module}.not_found`, `${what} was not found.`);
}
