import type { Disposable } from './disposable.js';

/**
 * The source of domain time: "now", and timers measured against it. The core uses the system
 * clock; the test host uses a fake one that tests move forward by hand, so a 7-day workflow runs
 * in milliseconds.
 */
export interface Clock {
  /** The current time. */
  now(): Date;
  /**
   * Calls `callback` once, after `ms` milliseconds of this clock's time.
   * Disposing the result cancels the timer.
   */
  setTimer(ms: number, callback: () => void): Disposable;
}
