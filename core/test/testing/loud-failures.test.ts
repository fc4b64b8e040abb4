import { describe, expect, it } from 'vitest';
import { useFixtureHosts } from '../plugin-host/fixtures.js';

const start = useFixtureHosts();

describe('plugin failures in the test host', () => {
  it("fail the awaited call with the plugin's error, once, instead of hiding in the log", async () => {
    const host = await start(['handler-throws-ts', 'good-js']);
    const failed = host.publish('fixture.ping', {});
    await expect(failed).rejects.toMatchObject({ name: 'PluginFailedInTest' });
    await expect(failed).rejects.toThrow(
      'A plugin failed while the test host handled this call:\n- plugin "@fixtures/handler-throws", the "fixture.ping" handler: cannot handle ping\n' +
        'Fix the plugin, or pass expectFailures: true to createTestHost when the test expects it (host.failures() lists them).',
    );
    // Reported once: the next call that fails nothing goes through.
    await expect(host.customers.create({ displayName: 'Ada' })).resolves.toMatchObject({ displayName: 'Ada' });
  });

  it('fail the call during which a workflow run failed', async () => {
    const host = await start(['workflow-fails-js']);
    await host.publish('fixture.go', {});
    // The step is retried with backoff; the run fails at its last attempt, inside advance().
    await expect(host.advance('PT1H')).rejects.toThrow(/plugin "@fixtures\/workflow-fails", workflow "always-fails" \(run [0-9a-f-]+\): .*the CRM said 500/);
  });

  it('are listed, and fail nothing, when the test expects them', async () => {
    const host = await start(['handler-throws-ts', 'workflow-fails-js'], { expectFailures: true });
    await host.publish('fixture.ping', {});
    await host.publish('fixture.go', {});
    await host.advance('PT1H');
    const failures = host.failures();
    // The outbox retries the failed handler as time passes: each attempt is a failure.
    expect(failures[0]).toEqual({ plugin: '@fixtures/handler-throws', where: 'the "fixture.ping" handler', message: 'cannot handle ping' });
    expect(failures.filter((failure) => failure.plugin === '@fixtures/workflow-fails')).toEqual([
      { plugin: '@fixtures/workflow-fails', where: expect.stringMatching(/^workflow "always-fails" \(run /), message: 'Step "call-the-crm" failed after 5 attempts: the CRM said 500' },
    ]);
  });
});
