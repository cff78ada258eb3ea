/** Checks on an incident's facts that a schema cannot express: zones, dates, their order. */
import type { Static } from '@sinclair/typebox';
import type { KeyTimes } from '#shared/contracts/incidents';
import { AppError } from '../../http/app-error.ts';
import type { IncidentValues } from './incidents.repository.ts';

const CLOCK_SKEW_MS = 5 * 60_000;
const KEY_TIMES = ['occurred', 'detected', 'noticed', 'reported'] as const;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Column values for the key times given; keys left out are not returned (unchanged). */
export function keyTimeColumns(keyTimes: Static<typeof KeyTimes> | undefined, now: Date): Partial<IncidentValues> {
  const out: Record<string, Date | string | null> = {};
  if (!keyTimes) return out;
  for (const name of KEY_TIMES) {
    const value = keyTimes[name];
    if (value === undefined) continue;
    if (value === null) {
      out[`${name}_at`] = null;
      out[`${name}_tz`] = null;
      continue;
    }
    if (!isTimeZone(value.timeZone)) throw new AppError('incidents.invalid_time_zone', `"${value.timeZone}" is not a known time zone (use an IANA name such as Asia/Kolkata).`);
    const at = new Date(value.at);
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw new AppError('incidents.time_in_future', `The ${name} time cannot be in the future.`);
    }
    out[`${name}_at`] = at;
    out[`${name}_tz`] = value.timeZone;
  }
  return out as Partial<IncidentValues>;
}

/** Detection, notice and report cannot come before the incident occurred. */
export function assertKeyTimeOrder(times: { occurred_at: Date | null; detected_at: Date | null; noticed_at: Date | null; reported_at: Date | null }): void {
  const occurred = times.occurred_at?.getTime();
  if (occurred === undefined) return;
  for (const name of ['detected', 'noticed', 'reported'] as const) {
    const at = times[`${name}_at`]?.getTime();
    if (at !== undefined && at < occurred) {
      throw new AppError('incidents.time_order', `The ${name} time cannot be before the time the incident occurred.`);
    }
  }
}
