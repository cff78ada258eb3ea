/**
 * Notice references from the configured pattern (`notices.referencePattern`, default
 * `CERT/{year}/N-{seq:4}`): `{year}` is the year of issue, `{seq}` the sequence number
 * of that year, `{seq:N}` the same padded with zeros to N digits. The sequence restarts
 * each year, so a pattern must carry both, or references would repeat.
 */
export const DEFAULT_REFERENCE_PATTERN = 'CERT/{year}/N-{seq:4}';

const TOKEN = /\{(year|seq)(?::(\d))?\}/g;
const LITERAL = /^[A-Za-z0-9/_.\- ]*$/;

/** Why a pattern cannot be used, or null when it can. */
export function referencePatternProblem(pattern: string): string | null {
  if (pattern.length < 1 || pattern.length > 60) return 'must be 1 to 60 characters long';
  const tokens = [...pattern.matchAll(TOKEN)];
  const literal = pattern.replace(TOKEN, '');
  if (!LITERAL.test(literal)) return 'may contain only letters, digits, spaces, "/", "-", "_", "." and the placeholders {year} and {seq} or {seq:N}';
  if (tokens.filter((t) => t[1] === 'year').length !== 1) return 'must contain {year} exactly once';
  if (tokens.filter((t) => t[1] === 'seq').length !== 1) return 'must contain {seq} or {seq:N} exactly once';
  if (tokens.some((t) => t[1] === 'year' && t[2] !== undefined)) return '{year} takes no width';
  if (tokens.some((t) => t[1] === 'seq' && t[2] !== undefined && (Number(t[2]) < 1 || Number(t[2]) > 9))) return 'the width of {seq:N} must be 1 to 9';
  return null;
}

export function formatReference(pattern: string, values: { year: number; seq: number }): string {
  return pattern.replace(TOKEN, (_whole, name: string, width?: string) =>
    name === 'year' ? String(values.year) : String(values.seq).padStart(width ? Number(width) : 0, '0'));
}
