/** Opaque cursors for keyset pagination: base64url JSON of the last row's sort keys. */
import { AppError } from './app-error.ts';

export function encodeCursor(keys: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string | undefined,
  shape: { [K in keyof T]: 'string' | 'number' },
): T | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const [key, type] of Object.entries(shape)) {
      if (typeof parsed[key] !== type) throw new Error('shape');
      if (type === 'string' && (parsed[key] as string).length > 500) throw new Error('length');
    }
    return parsed as T;
  } catch {
    throw new AppError('request.invalid', 'The cursor is not valid; start again from the first page.');
  }
}
