import { fileURLToPath } from 'node:url';
import { createTestHost, FakeClock, type TestHost, type TestHostOptions } from '@rapport/sdk/testing';

/** The plugin's package name, as the host knows it. */
export const SENTIMENT = '@rapport/plugin-scoring-sentiment';

/** The plugin's directory: tests load the real package, manifest and all. */
export const PLUGIN_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A test host with the plugin (and `others`, paths relative to the plugin's folder), on a fake
 * clock. `settings` are the plugin's; `options.settings` those of the other plugins.
 */
export function sentimentHost(settings: Record<string, unknown> = {}, options: Partial<TestHostOptions> & { others?: string[] } = {}): Promise<TestHost> {
  const { others = [], settings: otherSettings = {}, ...rest } = options;
  return createTestHost({
    plugins: ['./', ...others],
    baseDir: PLUGIN_DIR,
    clock: new FakeClock('2026-03-02T09:00:00Z'),
    ...rest,
    settings: { ...otherSettings, [SENTIMENT]: settings },
  });
}

/** The customer's stored `sentiment` score, if any. */
export async function sentimentScore(host: TestHost, customerId: string) {
  return (await host.scores(customerId)).find((score) => score.rule === 'sentiment');
}
