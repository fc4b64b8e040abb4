import { endSentence } from '../util/endSentence.js';
import { CircuitBreaker } from './CircuitBreaker.js';

/** One {@link CircuitBreaker} per plugin, created at its first failure. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly threshold: number,
    private readonly windowMs: number,
  ) {}

  /**
   * Counts a plugin's failure at `now` (ms). Returns why the plugin must be disabled when this
   * failure trips its breaker, otherwise `undefined`.
   */
  recordFailure(plugin: string, now: number, error: string): string | undefined {
    let breaker = this.breakers.get(plugin);
    if (!breaker) {
      breaker = new CircuitBreaker(this.threshold, this.windowMs);
      this.breakers.set(plugin, breaker);
    }
    if (!breaker.recordFailure(now)) return undefined;
    return (
      `Disabled by the circuit breaker after ${breaker.recentFailures} failures within ${this.windowMs} ms. ` +
      `Last error: ${endSentence(error)} Fix the plugin, then enable it again with setPluginEnabled.`
    );
  }

  /** Forgets a plugin's failures (it was enabled again). */
  reset(plugin: string): void {
    this.breakers.get(plugin)?.reset();
  }
}
