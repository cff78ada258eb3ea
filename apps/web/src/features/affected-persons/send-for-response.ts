/**
 * A JSON request whose answer is not JSON (the export's CSV, the import's stream of
 * progress lines), so the JSON client cannot read it. It sends what that client sends
 * (the session cookie, the CSRF token) and turns a failure into the same ApiError.
 */
import { ApiError } from '../../api/api-error.ts';

export async function sendForResponse(
  path: string,
  options: { body: unknown; accept: string; csrf: string | null; signal?: AbortSignal },
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: {
        accept: options.accept,
        'content-type': 'application/json',
        ...(options.csrf ? { 'x-csrf-token': options.csrf } : {}),
      },
      body: JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'network.unreachable', message: 'The server cannot be reached.' });
  }
  if (response.ok) return response;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  throw new ApiError(
    response.status,
    (parsed as { error?: object } | null)?.error ?? { message: `The server answered ${response.status}.` },
  );
}
