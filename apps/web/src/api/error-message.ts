/** Turns any failure into one sentence a user can act on. */
import { ApiError } from './api-error.ts';

export function retryTime(seconds: number, now = new Date()): string {
  const at = new Date(now.getTime() + seconds * 1000);
  const clock = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (seconds < 60) return `in ${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${clock})`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'auth.throttled') {
      const when = error.retryAfterSeconds ? retryTime(error.retryAfterSeconds) : 'later';
      return `Too many failed attempts. For your protection, sign-in is paused; try again ${when}.`;
    }
    if (error.code === 'network.unreachable') return 'The server cannot be reached. Check your connection and try again.';
    if (error.status >= 500) {
      return `Something went wrong on the server.${error.requestId ? ` Quote request id ${error.requestId} when reporting it.` : ''}`;
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
