import { fileURLToPath } from 'node:url';
import { createTestHost, FakeClock, type TestHost, type TestHostOptions } from '@rapport/sdk/testing';

/** The plugin's package name. */
export const PLUGIN = '@rapport/plugin-scoring-ltv';

/** The plugin's package directory, loaded by path as a deployment's config names it. */
export const PLUGIN_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Where every test's clock starts: midnight UTC, so "days ago" are whole days. */
export const START = '2026-03-02T00:00:00.000Z';

export const DAY = 86_400_000;

/** A test host with this plugin loaded on a FakeClock at {@link START}. */
export function startHost(options: Partial<TestHostOptions> = {}): Promise<TestHost> {
  return createTestHost({ plugins: [PLUGIN_DIR], clock: new FakeClock(START), ...options });
}

/** Records a purchase `daysAgo` days before the host's clock. */
export async function purchase(host: TestHost, email: string, daysAgo: number, amount: number, currency = 'EUR'): Promise<string> {
  const recorded = await host.interactions.record({
    email,
    channel: 'web',
    direction: 'INBOUND',
    type: 'purchase',
    text: 'Order',
    metadata: { amount, currency },
    occurredAt: new Date(host.clock.now().getTime() - daysAgo * DAY),
  });
  return recorded.customerId;
}

/** The customer's stored `ltv` score. */
export async function ltv(host: TestHost, customerId: string) {
  return (await host.scores(customerId)).find((score) => score.rule === 'ltv');
}

/** How many times the plugin logged a fit. */
export function fits(host: TestHost): number {
  return host.logs().filter((line) => line.plugin === PLUGIN && line.msg === 'ltv model fitted').length;
}
