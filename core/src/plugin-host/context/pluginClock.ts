import { Disposable, ValidationError, type Clock } from '@rapport/sdk';
import type { PluginCalls } from '../../contributions/PluginCalls.js';
import type { Logger } from '../../logging/Logger.js';
import { errorMessage } from '../../util/errorMessage.js';

/** What a plugin's clock needs from its context. */
export interface PluginClockParts {
  plugin: string;
  logger: Logger;
  calls: PluginCalls;
  /** Throws once the context is revoked. */
  live(operation: string): void;
}

/**
 * `ctx.clock`: the host's clock (the test host's fake one in tests), with timers that belong to
 * the plugin. A timer's callback that throws or rejects is charged to the plugin like a failing
 * handler (logged, counted by its circuit breaker) and never reaches the process; every timer
 * still pending is cancelled when the plugin is deactivated (`dispose`).
 */
export function pluginClock(clock: Clock, parts: PluginClockParts): { clock: Clock; dispose(): void } {
  const pending = new Set<Disposable>();
  let disposed = false;
  const fire = async (callback: () => unknown): Promise<void> => {
    parts.calls.called(parts.plugin);
    try {
      await callback();
    } catch (error) {
      parts.logger.error({ err: { message: errorMessage(error) } }, `clock timer failed: ${errorMessage(error)}`);
      await parts.calls.failed({ plugin: parts.plugin, error, where: 'a clock timer', surfaced: false });
    }
  };
  return {
    clock: Object.freeze({
      now: () => {
        parts.live('clock.now()');
        return clock.now();
      },
      setTimer: (ms: number, callback: () => void): Disposable => {
        parts.live('clock.setTimer()');
        if (!Number.isFinite(ms) || ms < 0) throw new ValidationError(`clock.setTimer needs a delay of 0 ms or more, got ${ms}.`, 'ms');
        const timer: Disposable = clock.setTimer(ms, () => {
          pending.delete(handle);
          if (!disposed) void fire(callback);
        });
        const handle = Disposable.create(() => {
          pending.delete(handle);
          timer.dispose();
        });
        pending.add(handle);
        return handle;
      },
    }),
    dispose: () => {
      disposed = true;
      for (const handle of [...pending]) handle.dispose();
    },
  };
}
