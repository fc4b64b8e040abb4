import { fileURLToPath } from 'node:url';
import { createTestHost, FakeClock, type TestHost, type TestHostOptions } from '@rapport/sdk/testing';

/** The plugin's package name. */
export const PLUGIN = '@rapport/plugin-segmentation-rfm';

/** The plugin's package directory, loaded by path because the repository is not npm-installed. */
export const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Where every test's clock starts. */
export const START = '2026-03-02T09:00:00.000Z';

export const DAY = 86_400_000;

/** A test host with this plugin loaded on a FakeClock at {@link START}. */
export function startHost(options: Partial<TestHostOptions> = {}): Promise<TestHost> {
  return createTestHost({ plugins: [PLUGIN_DIR], clock: new FakeClock(START), ...options });
}

/** Records a purchase `daysAgo` days before the host's clock, in `currency`. */
export async function purchase(host: TestHost, email: string, daysAgo: number, amount: number, currency = 'EUR'): Promise<string> {
  const recorded = await host.interactions.record({
    email,
    channel: 'email',
    direction: 'INBOUND',
    type: 'purchase',
    text: 'Order',
    metadata: { amount, currency },
    occurredAt: new Date(host.clock.now().getTime() - daysAgo * DAY),
  });
  return recorded.customerId;
}

/** The customer's RFM segments. */
export async function rfm(host: TestHost, customerId: string): Promise<string[]> {
  return (await host.segments(customerId)).filter((membership) => membership.model === 'rfm').map((membership) => membership.segment);
}
