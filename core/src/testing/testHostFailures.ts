import type { TestFailure } from '@rapport/sdk/testing';
import type { Kernel } from '../kernel/createKernel.js';
import { errorMessage } from '../util/errorMessage.js';

/**
 * A plugin's code failed while the test host was doing what a test asked (an event handler, a
 * scoring rule or segmentation model, a re-evaluation sweep, a workflow run). In production such
 * failures only show in the log; in a test they fail the call, unless the test said it expects
 * them (`expectFailures`).
 */
export class PluginFailedInTest extends Error {
  constructor(readonly failures: readonly TestFailure[]) {
    super(
      `${failures.length === 1 ? 'A plugin failed' : `${failures.length} plugin failures`} while the test host handled this call:\n` +
        failures.map((failure) => `- plugin "${failure.plugin}", ${failure.where}: ${failure.message}`).join('\n') +
        '\nFix the plugin, or pass expectFailures: true to createTestHost when the test expects it (host.failures() lists them).',
    );
    this.name = 'PluginFailedInTest';
  }
}

/** Every failure of plugin code in a test host, and the check each awaited call ends with. */
export class TestHostFailures {
  private readonly all: TestFailure[] = [];
  private reported = 0;

  constructor(
    kernel: Kernel,
    private readonly expected: boolean,
  ) {
    kernel.calls.onDidFail(({ plugin, error, where, surfaced }) => {
      // A resolver's error is already in the GraphQL response the test reads.
      if (!surfaced) this.all.push({ plugin, where, message: errorMessage(error) });
    });
    kernel.events.subscribe('workflow.failed', async ({ runId }) => {
      const run = await kernel.workflows.get(runId);
      if (run) this.all.push({ plugin: run.plugin, where: `workflow "${run.workflow}" (run ${run.id})`, message: run.error ?? 'failed' });
    });
  }

  /** Every failure so far, oldest first. */
  list(): TestFailure[] {
    return this.all.map((failure) => ({ ...failure }));
  }

  /** Failures before this point (the host's startup, say) are not the next call's. */
  markSeen(): void {
    this.reported = this.all.length;
  }

  /** Throws the failures since the last check, unless the test expects failures. */
  check(): void {
    const fresh = this.all.slice(this.reported);
    this.reported = this.all.length;
    if (fresh.length > 0 && !this.expected) throw new PluginFailedInTest(fresh);
  }
}
