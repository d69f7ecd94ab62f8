/** Where the service reads the time. Injected everywhere so tests (and the scheduler) control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
