/** A clock that tests move forward by hand, to reach timeouts and expiries without waiting. */
export interface FakeClock {
  (): Date;
  advance(ms: number): Date;
  advanceMinutes(minutes: number): Date;
}

export function createFakeClock(start: Date = new Date()): FakeClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as FakeClock;
  clock.advance = (ms) => {
    now += ms;
    return new Date(now);
  };
  clock.advanceMinutes = (minutes) => clock.advance(minutes * 60_000);
  return clock;
}
