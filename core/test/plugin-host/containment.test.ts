import { describe, expect, it } from 'vitest';
import { FakeClock, type TestHost } from '@rapport/sdk/testing';
import { useFixtureHosts } from './fixtures.js';

const useHosts = useFixtureHosts();
// These tests are about plugins that fail: the test host must not fail the calls for them.
const start: typeof useHosts = (dirs, options = {}) => useHosts(dirs, { expectFailures: true, ...options });

const handlerErrors = (h: TestHost) => h.logs().filter((line) => line.msg.startsWith('event handler failed'));

describe('event handler faults', () => {
  it('logs a throwing handler with the plugin name and still runs the other handlers', async () => {
    const host = await start(['handler-throws-ts', 'good-js'], { settings: {} });
    await host.publish('fixture.ping', {});
    expect(await host.storage('@fixtures/good').get('pings')).toHaveLength(1);
    expect(handlerErrors(host)).toMatchObject([
      { plugin: '@fixtures/handler-throws', eventType: 'fixture.ping', msg: 'event handler failed: cannot handle ping' },
    ]);
    expect(host.plugin('@fixtures/handler-throws').metrics).toMatchObject({
      handlerCalls: 1,
      failures: 1,
      lastError: { message: 'cannot handle ping' },
    });
    expect(host.plugin('@fixtures/good').metrics).toMatchObject({ handlerCalls: 1, failures: 0, lastError: null });
  });

  it('times out a hanging handler, logs it, and delivers to the others', async () => {
    const host = await start(['handler-hangs-js', 'good-js'], { limits: { handlerTimeoutMs: 50 } });
    await host.publish('fixture.ping', {});
    expect(await host.storage('@fixtures/good').get('pings')).toHaveLength(1);
    expect(handlerErrors(host)).toMatchObject([
      {
        plugin: '@fixtures/handler-hangs',
        msg: 'event handler failed: The "fixture.ping" handler of plugin "@fixtures/handler-hangs" did not finish within 50 ms.',
      },
    ]);
    expect(host.plugin('@fixtures/handler-hangs').state).toBe('ACTIVE');
  });

  it('disables a plugin that keeps failing, says why, and stops delivering to it', async () => {
    const clock = new FakeClock();
    const host = await start(['handler-throws-ts', 'good-js'], {
      clock,
      limits: { circuitBreakerThreshold: 3, circuitBreakerWindowMs: 60_000 },
    });
    await host.publish('fixture.ping', {});
    await host.publish('fixture.ping', {});
    expect(host.plugin('@fixtures/handler-throws').state).toBe('ACTIVE');
    await host.publish('fixture.ping', {});
    expect(host.plugin('@fixtures/handler-throws')).toMatchObject({
      state: 'DISABLED',
      error:
        'Disabled by the circuit breaker after 3 failures within 60000 ms. Last error: cannot handle ping. ' +
        'Fix the plugin, then enable it again with setPluginEnabled.',
    });
    await host.publish('fixture.ping', {});
    expect(host.plugin('@fixtures/handler-throws').metrics.handlerCalls).toBe(3);
    expect(await host.storage('@fixtures/good').get('pings')).toHaveLength(4);
  });

  it('forgets failures that fall out of the breaker window', async () => {
    const clock = new FakeClock();
    const host = await start(['handler-throws-ts'], { clock, limits: { circuitBreakerThreshold: 4, circuitBreakerWindowMs: 60_000 } });
    await host.publish('fixture.ping', {});
    await host.publish('fixture.ping', {});
    await clock.advance('PT2M');
    // The two failed events are due for their retry now and fail again, with the new one: three
    // failures in the window, under the threshold; the first two fell out of it.
    await host.publish('fixture.ping', {});
    expect(host.plugin('@fixtures/handler-throws').state).toBe('ACTIVE');
    expect(host.plugin('@fixtures/handler-throws').metrics.failures).toBe(5);
  });

  it('enables a plugin again after the breaker tripped, with a fresh window', async () => {
    const host = await start(['handler-throws-ts'], { limits: { circuitBreakerThreshold: 2 } });
    await host.publish('fixture.ping', {});
    await host.publish('fixture.ping', {});
    expect(host.plugin('@fixtures/handler-throws').state).toBe('DISABLED');
    expect((await host.setPluginEnabled('@fixtures/handler-throws', true)).state).toBe('INSTALLED');
    await host.publish('fixture.ping', {});
    expect(host.plugin('@fixtures/handler-throws').state).toBe('ACTIVE');
  });
});
