/** Where the service reads the time. Injected everywhere so tests (and the scheduler) control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that can be moved (dev mode's PUT /api/dev/clock, and the tests). */
export interface SettableClock extends Clock {
  set(target: Date): void;
}

/**
 * The system clock shifted by an offset: `PUT /api/dev/clock` (dev auth mode only) moves
 * the whole server to another day for demos and tests, and time keeps running from there.
 */
export class AdjustableClock implements SettableClock {
  private offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  set(target: Date): void {
    this.offsetMs = target.getTime() - this.base.now().getTime();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
