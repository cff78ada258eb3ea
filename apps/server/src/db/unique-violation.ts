/**
 * Tells a unique-index violation apart from other database errors, so that two requests
 * racing past an "already exists?" check still get the same 409 as a plain duplicate.
 * The pg driver and PGlite both report the SQLSTATE and the index name.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return !!e && e.code === '23505' && e.constraint === constraint;
}
