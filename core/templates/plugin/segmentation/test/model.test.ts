import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';

/** The plugin's package name, as the host knows it. */
const PLUGIN = '{{packageName}}';
/** This package's folder: the test host loads it from disk, manifest and all, as a deployment does. */
const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));
const MODEL = '{{id}}';

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

/** The customer's segments in this model. */
async function segmentsOf(test: TestHost, customerId: string): Promise<string[]> {
  return (await test.segments(customerId)).filter((membership) => membership.model === MODEL).map((membership) => membership.segment);
}

describe(`the ${MODEL} segmentation model`, () => {
  it('puts a customer who writes in in active, and moves them to quiet when quietAfter has passed', async () => {
    const test = await start();
    // onStartup: the daily sweep needs the model registered from the start.
    expect(test.plugin(PLUGIN).state).toBe('ACTIVE');

    // The host delivers the interaction's events (and classifies the customer) before it resolves.
    const { customerId } = await test.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'Hello' });
    expect(await segmentsOf(test, customerId)).toEqual(['active']);

    // advance() moves the clock and runs the daily sweeps that fall due on the way.
    await test.advance('P29D');
    expect(await segmentsOf(test, customerId)).toEqual(['active']);
    await test.advance('P1D');
    expect(await segmentsOf(test, customerId)).toEqual(['quiet']);
    expect(test.events('segment.entered').map((event) => event.segment)).toEqual(['active', 'quiet']);
  });

  it('leaves a customer who never wrote in out of the model', async () => {
    const test = await start();
    const customer = await test.customers.create({ emails: ['quiet@example.com'] });
    await test.advance('P2D');
    expect(await segmentsOf(test, customer.id)).toEqual([]);
  });

  it('is FAILED, naming the setting, when quietAfter is not a duration', async () => {
    const test = await start({ quietAfter: 'a month' });
    expect(test.plugin(PLUGIN).state).toBe('FAILED');
    expect(test.plugin(PLUGIN).error).toContain(`pluginSettings["${PLUGIN}"].quietAfter: must be milliseconds or an ISO-8601 duration`);
  });
});
