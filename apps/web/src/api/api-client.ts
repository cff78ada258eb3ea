/**
 * The one way the app talks to the server: JSON in and out, the session cookie sent by
 * the browser, the CSRF token added to every state-changing request, and failures
 * turned into ApiError. When the server says the session has ended, the app is told so
 * it can send the user back to the sign-in page.
 */
import { ApiError } from './api-error.ts';

const BASE = '/api/v1';

let csrfToken: string | null = null;
let onSessionEnded: ((code: string) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setSessionEndedHandler(handler: ((code: string) => void) | null): void {
  onSessionEnded = handler;
}

type QueryValue = string | number | boolean | null | undefined;
type Query = Record<string, QueryValue | readonly string[]>;

/** Lists become repeated keys (status=triage&status=reported), as the API reads them. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // Fastify refuses an empty body declared as JSON, so the type is only sent with a body.
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { code: 'network.unreachable', message: 'The server cannot be reached.' });
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      (parsed as { error?: object } | null)?.error ?? { message: `The server answered ${response.status}.` },
    );
    const signedOut = error.code === 'auth.session_expired' || (error.code === 'auth.required' && !path.startsWith('/me'));
    if (signedOut && onSessionEnded) onSessionEnded(error.code);
    throw error;
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => apiRequest<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>('PATCH', path, body),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, body),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};
