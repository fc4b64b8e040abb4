import type { Clock } from '../clock.js';
import { Disposable } from '../disposable.js';
import { parseDuration, type Duration } from '../duration.js';

interface PendingTimer {
  dueAt: number;
  sequence: number;
  callback: () => void;
}

/**
 * A {@link Clock} that only moves when the test says so. Timers fire in due order while
 * `advance` moves through them, and the pending promise work each timer starts is allowed to
 * settle before the next one fires, so chains of sleeps behave as they would in real time.
 *
 * @example
 * ```ts
 * const clock = new FakeClock(new Date('2026-03-01T09:00:00Z'));
 * const host = await createTestHost({ plugins: ['./my-plugin'], clock });
 * await clock.advance('P3D');
 * ```
 */
export class FakeClock implements Clock {
  private current: number;
  private sequence = 0;
  private readonly timers = new Set<PendingTimer>();

  /** @param start - the initial time; defaults to 2026-01-01T00:00:00Z so tests are repeatable. */
  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  /** The current fake time. */
  now(): Date {
    return new Date(this.current);
  }

  /** Schedules `callback` after `ms` of fake time. */
  setTimer(ms: number, callback: () => void): Disposable {
    const timer: PendingTimer = { dueAt: this.current + Math.max(0, ms), sequence: this.sequence++, callback };
    this.timers.add(timer);
    return Disposable.create(() => {
      this.timers.delete(timer);
    });
  }

  /** The number of timers that have not fired yet. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by `duration`, firing every timer that falls due on the way, in order.
   *
   * @param duration - milliseconds or ISO-8601, e.g. `'P7D'`.
   */
  async advance(duration: Duration): Promise<void> {
    await this.advanceTo(this.current + parseDuration(duration, 'advance'));
  }

  /** Moves time forward to `date`, firing due timers; moving backwards is an error. */
  async set(date: Date | string): Promise<void> {
    const target = new Date(date).getTime();
    if (target < this.current) throw new RangeError(`FakeClock cannot move backwards to ${new Date(target).toISOString()}.`);
    await this.advanceTo(target);
  }

  private async advanceTo(target: number): Promise<void> {
    await settle();
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers.delete(next);
      this.current = Math.max(this.current, next.dueAt);
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }

  private nextDue(target: number): PendingTimer | undefined {
    let next: PendingTimer | undefined;
    for (const timer of this.timers) {
      if (timer.dueAt > target) continue;
      if (!next || timer.dueAt < next.dueAt || (timer.dueAt === next.dueAt && timer.sequence < next.sequence)) next = timer;
    }
    return next;
  }
}

/** Lets pending promise callbacks and I/O callbacks that are already due run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) await new Promise<void>((resolve) => setImmediate(resolve));
}
