/**
 * Counts a plugin's failures in a sliding window and says when there have been too many.
 * Time comes from the caller, so tests can drive it with a fake clock.
 */
export class CircuitBreaker {
  private readonly failures: number[] = [];

  constructor(
    private readonly threshold: number,
    private readonly windowMs: number,
  ) {}

  /** Records a failure at `now` (ms); returns true when the threshold is reached within the window. */
  recordFailure(now: number): boolean {
    this.failures.push(now);
    while (this.failures.length > 0 && this.failures[0]! <= now - this.windowMs) this.failures.shift();
    return this.failures.length >= this.threshold;
  }

  /** The failures currently inside the window. */
  get recentFailures(): number {
    return this.failures.length;
  }

  reset(): void {
    this.failures.length = 0;
  }
}
