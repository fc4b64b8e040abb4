import { describe, expect, it } from 'vitest';
import { fixtureProbe, useFixtureHosts } from './fixtures.js';

const CLOCK = '@fixtures/clock';
const probe = () => fixtureProbe('clock') as { ticks: string[]; started: string };

describe('ctx.clock: the host\'s clock and timers that belong to the plugin', () => {
  const start = useFixtureHosts();

  it('runs timers on the host\'s clock, so a test moves them with the fake clock', async () => {
    const host = await start(['clock-js'], { expectFailures: true });
    expect(probe().started).toBe(host.clock.now().toISOString());
    await host.advance(3 * 3_600_000);
    expect(probe().ticks).toHaveLength(3);
    expect(new Date(probe().ticks[2]!).getTime() - new Date(probe().started).getTime()).toBe(3 * 3_600_000);
    // The disposed timer never fired.
    expect(probe().ticks).not.toContain('cancelled timer fired');
  });

  it('charges a timer that throws to the plugin, and the process goes on', async () => {
    const host = await start(['clock-js'], { expectFailures: true });
    await host.advance(61_000);
    await expect.poll(() => host.plugin(CLOCK).metrics.failures).toBe(1);
    expect(host.plugin(CLOCK).state).toBe('ACTIVE');
  });

  it('cancels pending timers when the plugin is disabled', async () => {
    const host = await start(['clock-js'], { expectFailures: true });
    await host.advance(3_600_000);
    expect(probe().ticks).toHaveLength(1);
    await host.setPluginEnabled(CLOCK, false);
    await host.advance(5 * 3_600_000);
    expect(probe().ticks).toHaveLength(1);
  });
});
