import { describe, expect, it } from 'vitest';
import type { Container } from 'inversify';
import { fixtureProbe, useFixtureHosts } from './fixtures.js';

const start = useFixtureHosts();

describe('enable and disable at runtime', () => {
  it('disables a plugin without a restart: subscriptions disposed, registrations gone, container unbound', async () => {
    const host = await start(['good-js']);
    await host.publish('fixture.ping', {});
    const probe = fixtureProbe('@fixtures/good') as { container: Container; greeting: symbol };
    expect(probe.container.isBound(probe.greeting)).toBe(true);

    const status = await host.setPluginEnabled('@fixtures/good', false);
    expect(status).toMatchObject({ state: 'DISABLED', error: 'Disabled by an operator; enable it with setPluginEnabled.' });
    expect(fixtureProbe('@fixtures/good')?.deactivated).toBe(true);
    expect(probe.container.isBound(probe.greeting)).toBe(false);
    await host.publish('fixture.ping', {});
    expect(await host.storage('@fixtures/good').get('pings')).toHaveLength(1);
    await expect(host.send('echo', { customerId: (await host.customers.create({ displayName: 'Ada' })).id, text: 'hi' })).rejects.toThrow(
      'Channel "echo" is unavailable: plugin "@fixtures/good" is DISABLED: Disabled by an operator; enable it with setPluginEnabled.',
    );
    expect(host.logs().some((line) => line.msg === 'plugin deactivated' && line.plugin === '@fixtures/good')).toBe(true);
  });

  it('re-enables a plugin: it activates again with a new context and its data intact', async () => {
    const host = await start(['good-js']);
    await host.publish('fixture.ping', {});
    await host.setPluginEnabled('@fixtures/good', false);
    const status = await host.setPluginEnabled('@fixtures/good', true);
    expect(status.state).toBe('ACTIVE');
    await host.publish('fixture.ping', {});
    expect(await host.storage('@fixtures/good').get('pings')).toHaveLength(2);
    await expect(host.send('echo', { customerId: (await host.customers.create({ displayName: 'Ada' })).id, text: 'hi' }, { idempotencyKey: 'hi' })).resolves.toEqual({ externalId: 'echo-hi' });
  });

  it('takes dependents down with a disabled dependency and brings them back', async () => {
    const host = await start(['good-js', 'dependent-ts']);
    expect(host.plugin('@fixtures/dependent').state).toBe('ACTIVE');
    await host.setPluginEnabled('@fixtures/good', false);
    expect(host.plugin('@fixtures/dependent')).toMatchObject({
      state: 'MISSING_DEPENDENCY',
      error: 'Plugin "@fixtures/dependent" requires "@fixtures/good", which is DISABLED.',
    });
    await host.setPluginEnabled('@fixtures/good', true);
    expect(host.plugin('@fixtures/dependent')).toMatchObject({ state: 'ACTIVE', error: null });
    expect(host.getExports('@fixtures/dependent')).toEqual({ greeting: 'hello, @fixtures/dependent' });
  });

  it('retries a failed plugin when it is enabled again', async () => {
    const host = await start(['activate-throws-js']);
    expect(host.plugin('@fixtures/activate-throws').metrics.failures).toBe(1);
    const status = await host.setPluginEnabled('@fixtures/activate-throws', true);
    expect(status).toMatchObject({ state: 'FAILED', error: 'activate() failed: database password missing' });
    expect(status.metrics.failures).toBe(2);
  });

  it('refuses to enable a plugin that can never load, and says why', async () => {
    const host = await start(['incompatible-js']);
    await expect(host.setPluginEnabled('@fixtures/incompatible', true)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/^Plugin "@fixtures\/incompatible" cannot be enabled: it is INCOMPATIBLE\. Plugin "@fixtures\/incompatible" requires Rapport API \^2\.0\.0/),
    });
  });

  it('rejects an unknown plugin name with the configured names', async () => {
    const host = await start(['good-js']);
    await expect(host.setPluginEnabled('@fixtures/nope', false)).rejects.toThrow(
      'No plugin named "@fixtures/nope" is configured. Configured plugins: @fixtures/good.',
    );
  });
});

describe('measurement', () => {
  it('keeps activation time and handler figures per plugin', async () => {
    const host = await start(['good-js', 'lazy-channel-js']);
    await host.publish('fixture.ping', {});
    await host.publish('fixture.ping', {});
    const good = host.plugin('@fixtures/good').metrics;
    expect(good.activationTimeMs).toBeGreaterThan(0);
    expect(good.activatedAt).toEqual(host.clock.now());
    expect(good).toMatchObject({ handlerCalls: 2, failures: 0, lastError: null });
    expect(host.plugin('@fixtures/lazy-channel').metrics).toMatchObject({ activationTimeMs: null, activatedAt: null, handlerCalls: 0 });
  });
});

describe('per-plugin services', () => {
  it('gives each plugin a logger bound to its name and a storage of its own', async () => {
    const host = await start(['good-js', 'dependent-ts']);
    await host.publish('fixture.ping', {});
    expect(await host.storage('@fixtures/good').keys()).toEqual(['pings']);
    expect(await host.storage('@fixtures/dependent').keys()).toEqual([]);
  });
});
