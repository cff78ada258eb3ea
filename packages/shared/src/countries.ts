/**
 * Country codes people can live in: ISO 3166-1 alpha-2 as the runtime's region names know
 * them (Node and browsers alike), without the groupings and placeholders that share the
 * format (EU, UN, EZ, QO, ZZ) and without UK, which people write for GB.
 */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'UK']);
const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** True for an upper-case two-letter code of a country or territory. */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  return REGION_NAMES.of(code) !== code;
}

/** "India" for IN; the code itself when unknown. */
export function countryName(code: string): string {
  return REGION_NAMES.of(code) ?? code;
}
