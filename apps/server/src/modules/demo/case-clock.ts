/**
 * The clock the demo case is entered with. Each step of the 2019 case runs at the date
 * and time it happened, through the services' own `clock` dependency, so every record
 * carries its historical time exactly as if staff had entered it then: the incident's
 * reference year, issue and due times, acknowledgements, chronology entries. Audit rows
 * are stamped by the unit of work with the real time, so the audit log shows when the
 * demo was loaded. The clock only moves forward, so the records keep the case's order.
 */
export interface CaseClock {
  now: () => Date;
  /** Moves the clock to a local time in India ("2019-09-09T10:00"), the zone the CERT records in. */
  at(localTime: string): void;
}

export const CASE_ZONE = 'Asia/Kolkata';

/** An instant given as a local time in India (UTC+05:30, no daylight saving). */
export function indiaTime(localTime: string): string {
  const withSeconds = localTime.length === 16 ? `${localTime}:00` : localTime;
  return `${withSeconds}+05:30`;
}

export function createCaseClock(start: string): CaseClock {
  let current = new Date(indiaTime(start));
  return {
    now: () => new Date(current),
    at(localTime) {
      const next = new Date(indiaTime(localTime));
      if (Number.isNaN(next.getTime())) throw new Error(`Not a time: ${localTime}`);
      if (next.getTime() < current.getTime()) throw new Error(`The case clock cannot go back from ${current.toISOString()} to ${localTime}.`);
      current = next;
    },
  };
}
