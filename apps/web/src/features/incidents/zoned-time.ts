/**
 * Wall-clock times in a named zone. Key times and chronology entries are entered as the
 * clock read where they happened (a meeting in New Delhi at 11:00 IST), so the form works
 * in that zone and the server receives the UTC instant plus the zone's name.
 */

function parts(instant: number, zone: string): Record<string, number> {
  const out: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const part of format.formatToParts(new Date(instant))) if (part.type !== 'literal') out[part.type] = Number(part.value);
  return out;
}

function offsetMs(instant: number, zone: string): number {
  const p = parts(instant, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "2019-07-26T11:00" read in Asia/Kolkata → "2019-07-26T05:30:00.000Z"; null when the text is not a date-time. */
export function zonedToIso(local: string, zone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(local);
  if (!match || !isTimeZone(zone)) return null;
  const [, y, mo, d, h = '0', mi = '0'] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  // Two passes settle the offset across a daylight-saving change.
  let instant = wall - offsetMs(wall, zone);
  instant = wall - offsetMs(instant, zone);
  return new Date(instant).toISOString();
}

/** The inverse: an instant as "YYYY-MM-DDTHH:mm" on the clock of a zone, for a datetime-local input. */
export function isoToZoned(iso: string, zone: string): string {
  const p = parts(new Date(iso).getTime(), isTimeZone(zone) ? zone : 'UTC');
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** Chromium still names some zones by their pre-2000s spelling; people look for today's names. */
const RENAMED: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
};

export function canonicalZone(zone: string): string {
  return RENAMED[zone] ?? zone;
}

/** The viewer's zone under its current name. */
export function localZone(): string {
  return canonicalZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

export function allTimeZones(): string[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = [...new Set(supported.map(canonicalZone))].filter(isTimeZone).sort();
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** "GMT+5:30", the offset a zone has at an instant. */
export function zoneOffsetName(zone: string, at = new Date()): string {
  if (!isTimeZone(zone)) return '';
  const part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

/** An instant on the clock of a given zone, with the zone named: "26 Jul 2019, 11:00 GMT+5:30 (Asia/Kolkata)". */
export function formatInZone(iso: string, zone: string): string {
  const safe = isTimeZone(zone) ? zone : 'UTC';
  const text = new Intl.DateTimeFormat(undefined, {
    timeZone: safe,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'shortOffset',
  }).format(new Date(iso));
  return `${text} (${safe})`;
}

/** "YYYY-MM-DD" of today in the viewer's zone, the latest date a form may pick. */
export function todayIso(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}
