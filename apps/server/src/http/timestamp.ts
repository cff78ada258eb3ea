/**
 * Client-sent timestamps as Dates the database can compare with. The date-time format
 * of JSON Schema admits a leap second (23:59:60), which a Date cannot hold, and offsets
 * and years that PostgreSQL's timestamptz refuses; unchecked, either reaches SQL and
 * fails there as a 500 instead of a 400.
 */
export function parseTimestamp(text: string): Date | null {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999 ? date : null;
}
