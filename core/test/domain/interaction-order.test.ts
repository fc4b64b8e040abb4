import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';

describe.each(TEST_DATABASES)('interactions with the same occurredAt on %s', (kind) => {
  let harness: KernelHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('keep the order in which they were recorded, in lists and threads', async () => {
    harness = await createKernelHarness(kind, []);
    const { kernel } = harness;
    // An email's Date header has whole seconds: messages of one second share a timestamp.
    const occurredAt = new Date('2026-03-02T09:00:00Z');
    const recorded = [];
    for (let index = 0; index < 12; index++) {
      recorded.push(
        await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: index % 2 ? 'OUTBOUND' : 'INBOUND', type: 'message', text: `#${index}`, externalId: `m-${index}`, occurredAt }),
      );
    }
    const listed = await kernel.interactions.list(recorded[0]!.customerId);
    expect(listed.map((interaction) => interaction.text)).toEqual(recorded.map((interaction) => interaction.text));
    expect((await kernel.interactions.list(recorded[0]!.customerId, { newestFirst: true })).map((i) => i.text)).toEqual(recorded.map((i) => i.text).reverse());
  });
});
