/** Dates as people read them: at the precision they are known, in a named time zone. */
import type { DatePrecision } from './incidents.ts';

export function formatDateAtPrecision(iso: string, precision: DatePrecision, timeZone: string): string {
  const date = new Date(iso);
  const zone = safeZone(timeZone);
  switch (precision) {
    case 'year':
      return new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: zone }).format(date);
    case 'month':
      return new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', timeZone: zone }).format(date);
    case 'day':
      return new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: zone }).format(date);
    default: {
      const text = new Intl.DateTimeFormat('en-GB', {
        year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone, timeZoneName: 'short',
      }).format(date);
      return `${text} (${zone})`;
    }
  }
}

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}
