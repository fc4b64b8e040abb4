/**
 * `@rapport/sdk/testing`: the test host for plugin authors.
 *
 * This entry point is the one place where the SDK reaches the core, and it does so lazily: a
 * test host has to run the real plugin host, so `createTestHost` loads `@rapport/core` (an
 * optional peer dependency) when it is called. The SDK's main entry never imports core.
 *
 * @packageDocumentation
 */
import type { TestHost, TestHostOptions } from './TestHost.js';

export { FakeClock } from './FakeClock.js';
export { RECORDING_CHANNELS, RECORDING_CHANNELS_DIR, sentBy, type SentMessage } from './recordingChannels.js';
export { startRapport, waitFor, type RapportProcess } from './rapportProcess.js';
export type {
  TestHost,
  TestHostOptions,
  TestBotHandoff,
  CapturedLog,
  TestWorkflowRun,
  TestInboundRequest,
  TestWebhookResponse,
  TestFailure,
  TestGraphQLResult,
  TestScore,
  TestSegmentMembership,
  TestCustomerExport,
} from './TestHost.js';

interface CoreTestingModule {
  createTestHost(options: TestHostOptions): Promise<TestHost>;
}

/**
 * Starts an in-memory core with real plugin packages loaded from disk, manifest and all, and a
 * clock the test controls.
 *
 * @example
 * ```ts
 * import { createTestHost, FakeClock } from '@rapport/sdk/testing';
 *
 * const clock = new FakeClock();
 * const host = await createTestHost({
 *   plugins: ['./', '../plugins/scoring-csat'],
 *   settings: { '@acme/rapport-loyalty': { gold: { purchases: 3 } } },
 *   clock,
 * });
 * expect(host.plugin('@acme/rapport-loyalty').state).toBe('ACTIVE');
 * await host.stop();
 * ```
 */
export async function createTestHost(options: TestHostOptions): Promise<TestHost> {
  const specifier = '@rapport/core/testing';
  let core: CoreTestingModule;
  try {
    core = (await import(/* @vite-ignore */ specifier)) as CoreTestingModule;
  } catch (error) {
    throw new Error(
      'createTestHost needs @rapport/core. Install it as a devDependency: npm install --save-dev @rapport/core',
      { cause: error },
    );
  }
  return core.createTestHost(options);
}
