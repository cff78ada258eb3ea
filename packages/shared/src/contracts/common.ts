/** Building blocks for API contracts: bounded strings, ids, pages. */
import { type TSchema, type TUnsafe, Type } from '@sinclair/typebox';

export const Uuid = Type.String({ format: 'uuid', maxLength: 36, description: 'UUID' });
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
export const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
export const Cursor = Type.String({ minLength: 1, maxLength: 1000, pattern: '^[A-Za-z0-9_-]+$' });
export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
export const SearchText = Type.String({ minLength: 1, maxLength: 200 });

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

export function Strict<T extends Parameters<typeof Type.Object>[0]>(properties: T, options: { description?: string } = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** One of a fixed list of strings, as a JSON Schema enum that keeps its literal type. */
export function literals<T extends readonly string[]>(values: T, options: { description?: string } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
