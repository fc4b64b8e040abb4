import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';

/** The plugin's package name, as the host knows it. */
const PLUGIN = '{{packageName}}';
/** This package's folder: the test host loads it from disk, manifest and all, as a deployment does. */
const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));
const RULE = '{{id}}';

let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

/** An in-memory core with this plugin loaded, on a clock the test controls. */
async function start(settings?: Record<string, unknown>): Promise<TestHost> {
  host = await createTestHost({
    plugins: [PLUGIN_DIR],
    clock: new FakeClock('2026-03-02T09:00:00Z'),
    ...(settings && { settings: { [PLUGIN]: settings } }),
  });
  return host;
}

/** Records a message from the customer with this email; the host delivers its events (and runs the rule) before it resolves. */
async function messageFrom(test: TestHost, email: string, direction: 'INBOUND' | 'OUTBOUND' = 'INBOUND'): Promise<string> {
  const interaction = await test.interactions.record({ email, channel: 'email', direction, type: 'message', text: 'Hello' });
  return interaction.customerId;
}

async function scoreOf(test: TestHost, customerId: string) {
  return (await test.scores(customerId)).find((score) => score.rule === RULE);
}

describe(`the ${RULE} scoring rule`, () => {
  it('scores a customer from the interactions they record, and labels them engaged from engagedFrom', async () => {
    const test = await start();
    // Lazy: nothing has happened yet that needs the plugin.
    expect(test.plugin(PLUGIN).state).toBe('INSTALLED');

    const customerId = await messageFrom(test, 'ada@example.com');
    expect(test.plugin(PLUGIN).state).toBe('ACTIVE');
    expect(await scoreOf(test, customerId)).toMatchObject({ value: 1, label: 'occasional', explanation: '1 inbound interaction; engaged from 3' });

    await messageFrom(test, 'ada@example.com', 'OUTBOUND');
    expect(await scoreOf(test, customerId)).toMatchObject({ value: 1 });

    await messageFrom(test, 'ada@example.com');
    await messageFrom(test, 'ada@example.com');
    expect(await scoreOf(test, customerId)).toMatchObject({ value: 3, label: 'engaged', explanation: '3 inbound interactions; engaged from 3' });
  });

  it('serves the score as Customer.{{fieldName}} in GraphQL', async () => {
    const test = await start();
    await messageFrom(test, 'ada@example.com');
    const { data, errors } = await test.graphql<{ customers: { edges: { node: { emails: string[]; score: { value: number; label: string } | null } }[] } }>(
      '{ customers(first: 5) { edges { node { emails score: {{fieldName}} { value label } } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.customers.edges).toEqual([{ node: { emails: ['ada@example.com'], score: { value: 1, label: 'occasional' } } }]);
  });

  it('takes engagedFrom from the settings', async () => {
    const test = await start({ engagedFrom: 1 });
    const customerId = await messageFrom(test, 'ada@example.com');
    expect(await scoreOf(test, customerId)).toMatchObject({ value: 1, label: 'engaged' });
  });

  it('is FAILED, naming the setting, when a setting is invalid', async () => {
    const test = await start({ engagedFrom: 0 });
    expect(test.plugin(PLUGIN).state).toBe('FAILED');
    expect(test.plugin(PLUGIN).error).toContain(`pluginSettings["${PLUGIN}"].engagedFrom`);
  });
});
