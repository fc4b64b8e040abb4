import { describe, expect, it } from 'vitest';
import { fixtureProbe, useFixtureHosts, manifestOf } from './fixtures.js';

const start = useFixtureHosts();

describe('lazy activation', () => {
  it('never imports a plugin whose event has not happened, and imports it when it does', async () => {
    const host = await start(['import-throws-js', 'good-js']);
    await host.publish('fixture.other', {});
    expect(host.plugin('@fixtures/import-throws')).toMatchObject({ state: 'INSTALLED', error: null });

    await host.publish('fixture.lazy', {});
    const status = host.plugin('@fixtures/import-throws');
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(
      /^Cannot import .*import-throws-js\/index\.js: this module must never be imported before fixture\.lazy happens$/,
    );
    expect(host.plugin('@fixtures/good').state).toBe('ACTIVE');
  });

  it('activates a channel plugin on onChannel, when the channel is used', async () => {
    const host = await start(['lazy-channel-js']);
    expect(host.plugin('@fixtures/lazy-channel').state).toBe('INSTALLED');
    await expect(host.send('lazy-sms', { customerId: (await host.customers.create({ displayName: 'Ada' })).id, text: 'hi' })).resolves.toEqual({ externalId: 'sms:hi' });
    expect(host.plugin('@fixtures/lazy-channel').state).toBe('ACTIVE');
  });

  it('activates a workflow plugin on onWorkflow, when its trigger event happens', async () => {
    const host = await start(['lazy-workflow-js']);
    await host.publish('customer.updated', { customerId: 'c1' });
    expect(host.plugin('@fixtures/lazy-workflow').state).toBe('INSTALLED');
    await host.publish('customer.created', { customerId: 'c1' });
    expect(host.plugin('@fixtures/lazy-workflow').state).toBe('ACTIVE');
  });

  it('activates a workflow plugin when a run of it is due (onWorkflow fired directly)', async () => {
    const host = await start(['lazy-workflow-js']);
    await host.fireActivationEvent('onWorkflow:welcome');
    expect(host.plugin('@fixtures/lazy-workflow').state).toBe('ACTIVE');
  });

  it('activates a GraphQL plugin on onGraphQL:<Type.field>', async () => {
    const host = await start(['lazy-graphql-js']);
    await host.fireActivationEvent('onGraphQL:Customer.other');
    expect(host.plugin('@fixtures/lazy-graphql').state).toBe('INSTALLED');
    await host.fireActivationEvent('onGraphQL:Customer.loyalty');
    expect(host.plugin('@fixtures/lazy-graphql').state).toBe('ACTIVE');
  });

  it('delivers the event that activated a plugin to that plugin', async () => {
    const host = await start(['handler-throws-ts'], { expectFailures: true });
    await host.publish('fixture.ping', {});
    expect(host.plugin('@fixtures/handler-throws').metrics).toMatchObject({ handlerCalls: 1, failures: 1 });
    expect(host.failures()).toEqual([{ plugin: '@fixtures/handler-throws', where: 'the "fixture.ping" handler', message: 'cannot handle ping' }]);
  });

  it('reports an unknown channel with what to do', async () => {
    const host = await start([]);
    await expect(host.send('fax', { customerId: (await host.customers.create({ displayName: 'Ada' })).id, text: 'hi' })).rejects.toThrow(
      'No plugin contributes channel "fax". Add a channel plugin that declares it in rapport.contributes.channels to plugins in the server\'s configuration.',
    );
  });
});

describe('activate() faults', () => {
  it('keeps the error of an activate() that throws, and starts the other plugins', async () => {
    const host = await start(['activate-throws-js', 'good-js']);
    expect(host.plugin('@fixtures/activate-throws')).toMatchObject({
      state: 'FAILED',
      error: 'activate() failed: database password missing',
    });
    expect(host.plugin('@fixtures/activate-throws').metrics.lastError?.message).toBe('activate() failed: database password missing');
    expect(host.plugin('@fixtures/good').state).toBe('ACTIVE');
  });

  it('fails an activate() that exceeds its timeout, and revokes its context', async () => {
    // The budget also covers importing the plugin, which a loaded machine can stretch past 50 ms.
    const host = await start(['activate-hangs-js', 'good-js'], { limits: { activationTimeoutMs: 500 } });
    expect(host.plugin('@fixtures/activate-hangs')).toMatchObject({
      state: 'FAILED',
      error: 'activate() did not finish within 500 ms.',
    });
    expect(host.plugin('@fixtures/good').state).toBe('ACTIVE');
    // When the abandoned activate() wakes up, its context no longer works.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fixtureProbe('@fixtures/activate-hangs')?.lateError).toBe(
      'Plugin "@fixtures/activate-hangs" called events.on() after it was deactivated. ' +
        'Dispose timers and listeners in deactivate() or push them to ctx.subscriptions.',
    );
    expect(host.plugin('@fixtures/activate-hangs').state).toBe('FAILED');
  });

  it('fails a plugin that registers a contribution its manifest does not declare', async () => {
    const host = await start(['undeclared-contribution-js']);
    expect(host.plugin('@fixtures/undeclared-contribution')).toMatchObject({
      state: 'FAILED',
      error:
        `Plugin "@fixtures/undeclared-contribution" registered channel "sms" in code, but rapport.contributes.channels in ${manifestOf('undeclared-contribution-js')} ` +
        'does not declare it. Add { "id": "sms" } to rapport.contributes.channels, or stop registering it.',
    });
  });

  it('suggests the declared id closest to one registered but not declared', async () => {
    const host = await start(['mistyped-contribution-js']);
    expect(host.plugin('@fixtures/mistyped-contribution').error).toBe(
      `Plugin "@fixtures/mistyped-contribution" registered scoring rule "responseSpeed" in code, but rapport.contributes.scoringRules in ${manifestOf('mistyped-contribution-js')} ` +
        'does not declare it. Did you mean "response-speed", which it declares? Add { "id": "responseSpeed" } to rapport.contributes.scoringRules, or stop registering it.',
    );
  });

  it('fails a plugin that declares a contribution it does not register', async () => {
    const host = await start(['unregistered-contribution-js']);
    expect(host.plugin('@fixtures/unregistered-contribution')).toMatchObject({
      state: 'FAILED',
      error:
        `Plugin "@fixtures/unregistered-contribution" declares scoring rule "ghost" in rapport.contributes.scoringRules (${manifestOf('unregistered-contribution-js')}) ` +
        'but did not register it in activate(). Register it there, or remove the declaration.',
    });
  });
});

describe('permissions', () => {
  it('fails an activate() that uses a capability it did not declare', async () => {
    const host = await start(['permission-violation-js']);
    expect(host.plugin('@fixtures/permission-violation')).toMatchObject({
      state: 'FAILED',
      error:
        'Plugin "@fixtures/permission-violation" needs the "storage" permission to call storage.set(). ' +
        'Add "storage" to rapport.permissions in its package.json.',
    });
  });

  it('checks every call, allowing declared permissions and refusing the rest', async () => {
    const host = await start(['capabilities-ts', 'good-js']);
    await host.activate('@fixtures/capabilities');
    await host.customers.create({ displayName: 'Ada', emails: ['ada@example.com'] });
    const api = host.getExports<{
      findCustomers(): Promise<{ displayName: string }[]>;
      createCustomer(): Promise<unknown>;
      publishCore(): Promise<void>;
      exportsOfStranger(): unknown;
    }>('@fixtures/capabilities');

    await expect(api.findCustomers()).resolves.toMatchObject([{ displayName: 'Ada' }]);
    await expect(api.createCustomer()).rejects.toMatchObject({
      name: 'PermissionDeniedError',
      code: 'PERMISSION_DENIED',
      plugin: '@fixtures/capabilities',
      permission: 'customers:write',
      message:
        'Plugin "@fixtures/capabilities" needs the "customers:write" permission to call customers.create(). ' +
        'Add "customers:write" to rapport.permissions in its package.json.',
    });
    await expect(api.publishCore()).rejects.toThrow(
      'Plugin "@fixtures/capabilities" cannot publish "customer.created": core events are published by the core only. ' +
        'Publish an event of your own, such as "fixtures.capabilities.created".',
    );
    expect(() => api.exportsOfStranger()).toThrow(
      `Plugin "@fixtures/capabilities" called plugins.getExports("@fixtures/good") without depending on it. ` +
        `Add "@fixtures/good" with a version range to rapport.pluginDependencies in ${manifestOf('capabilities-ts')}.`,
    );
    expect(await host.customers.find({})).toHaveLength(1);
  });
});
