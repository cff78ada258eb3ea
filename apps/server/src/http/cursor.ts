/** Opaque cursors for keyset pagination: base64url JSON of the last row's sort keys. */
import { AppError } from './app-error.ts';
import { parseTimestamp } from './timestamp.ts';

/** `instant`: a UTC timestamp with up to microseconds, as PostgreSQL stores it and a Date cannot hold. */
type KeyType = 'string' | 'number' | 'uuid' | 'timestamp' | 'instant';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function fits(value: unknown, type: KeyType): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'timestamp':
      return typeof value === 'string' && value.length <= 40 && parseTimestamp(value) !== null;
    case 'instant':
      return typeof value === 'string' && INSTANT.test(value) && parseTimestamp(value) !== null;
    default:
      return typeof value === 'string' && value.length <= 500 && !value.includes('\0');
  }
}

export function encodeCursor(keys: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** The keys of a cursor, each checked against its type so that SQL never sees a malformed value. */
export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string | undefined,
  shape: { [K in keyof T]: KeyType },
): T | undefined {
  if (!cursor) return undefined;
  let parsed: Record<string, unknown> | null = null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    parsed = null;
  }
  if (!parsed || typeof parsed !== 'object' || !Object.entries(shape).every(([key, type]) => fits(parsed?.[key], type as KeyType))) {
    throw new AppError('request.invalid', 'The cursor is not valid; start again from the first page.');
  }
  return parsed as T;
}
