/**
 * Sends a file as the raw request body with its own content type, as the attachment
 * route takes it (the JSON client cannot). The CSRF token is the signed-in user's, and
 * failures become the same ApiError the rest of the app reads.
 */
import { ApiError } from '../../api/api-error.ts';

export async function uploadFile<T>(path: string, file: Blob, contentType: string, csrf: string | null): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': contentType, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { code: 'network.unreachable', message: 'The server cannot be reached.' });
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      (parsed as { error?: object } | null)?.error ?? { message: `The server answered ${response.status}.` },
    );
  }
  return parsed as T;
}
