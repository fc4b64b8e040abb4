import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES, type TestDatabaseKind } from '../support/testDatabases.js';

const RECORDER = '@fixtures/event-recorder';

interface Call {
  id: string;
  customerId: string;
  interactionId: string;
}

/** Kernels with the event-recorder fixture, closed after each test, and ways to look inside. */
function useHarnesses(kind: TestDatabaseKind) {
  const harnesses: KernelHarness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0).reverse()) await h.close();
  });
  return {
    async harness(settings: Record<string, unknown> = {}, options: { clock?: FakeClock; shareWith?: KernelHarness } = {}) {
      const h = await createKernelHarness(kind, ['event-recorder-js'], {
        settings: { [RECORDER]: settings },
        clock: options.clock,
        database: options.shareWith?.testDatabase,
      });
      harnesses.push(h);
      return h;
    },
    /** What the fixture's handler saw in this instance (nothing if it was never activated here). */
    callsOf: (h: KernelHarness) =>
      h.kernel.host.status(RECORDER).state === 'ACTIVE' ? (h.kernel.host.getExports(RECORDER) as { calls: Call[] }).calls : [],
    outbox: async (h: KernelHarness) =>
      (await h.kernel.database.orm.em
        .getConnection()
        .execute('select type, status, attempts, last_error from event_outbox order by seq')) as {
        type: string;
        status: string;
        attempts: unknown;
        last_error: string | null;
      }[],
  };
}

describe.each(TEST_DATABASES)('the event outbox on %s', (kind) => {
  const { harness, callsOf, outbox } = useHarnesses(kind);

  it('writes events with the change that caused them, and nothing when the change rolls back', async () => {
    const h = await harness();
    await h.kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    expect((await outbox(h)).map((row) => [row.type, row.status])).toEqual([
      ['customer.created', 'delivered'],
      ['conversation.opened', 'delivered'],
      ['interaction.recorded', 'delivered'],
    ]);
    expect(callsOf(h)).toHaveLength(1);

    // The second message of this batch is invalid: neither message, nor any event, is stored.
    await expect(
      h.kernel.interactions.recordMany([
        { email: 'bob@example.com', channel: 'sms', direction: 'INBOUND', type: 'message', text: 'one' },
        { email: 'bob@example.com', channel: 'sms', direction: 'SIDEWAYS' as never, type: 'message', text: 'two' },
      ]),
    ).rejects.toThrow();
    expect(await outbox(h)).toHaveLength(3);
    expect(await h.count('interactions')).toBe(1);
  });

  it('retries a failing handler with backoff, with the same event id, and calls the others once', async () => {
    const clock = new FakeClock('2026-03-02T09:00:00Z');
    const h = await harness({ failTimes: 2 }, { clock });
    let coreCalls = 0;
    h.kernel.events.subscribe('interaction.recorded', () => {
      coreCalls++;
    });
    await h.kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    expect(callsOf(h)).toHaveLength(1);
    const [failedOnce] = (await outbox(h)).filter((row) => row.type === 'interaction.recorded');
    expect(failedOnce).toMatchObject({ status: 'pending', last_error: expect.stringContaining('failing on purpose (1 of 2)') });

    // Not due before its backoff (1 s after the first attempt, then 2 s).
    await h.kernel.dispatcher.dispatch();
    expect(callsOf(h)).toHaveLength(1);
    await clock.advance(1_000);
    await h.kernel.dispatcher.dispatch();
    expect(callsOf(h)).toHaveLength(2);
    await clock.advance(2_000);
    await h.kernel.dispatcher.dispatch();
    expect(callsOf(h)).toHaveLength(3);
    expect(new Set(callsOf(h).map((call) => call.id)).size).toBe(1);
    expect((await outbox(h)).find((row) => row.type === 'interaction.recorded')).toMatchObject({ status: 'delivered', attempts: kind === 'sqlite' ? 3 : 3 });
    // The core's own handler had it on the first attempt and is not called again.
    expect(coreCalls).toBe(1);
  });

  it('delivers one customer\'s events in order: a later one waits while an earlier one fails', async () => {
    const clock = new FakeClock('2026-03-02T09:00:00Z');
    const h = await harness({ failText: 'stuck' }, { clock });
    const record = (email: string, text: string) => h.kernel.interactions.record({ email, channel: 'chat', direction: 'INBOUND', type: 'message', text });
    const ada = await record('ada@example.com', 'stuck');
    await record('ada@example.com', 'after');
    const bob = await record('bob@example.com', 'independent');
    const delivered = () => callsOf(h).map((call) => call.interactionId);
    // Ada's second message waits behind her first; Bob's is not held up.
    expect(delivered()).toEqual([ada.id, bob.id]);
    for (let i = 0; i < 3; i++) {
      await clock.advance('PT10M');
      await h.kernel.dispatcher.dispatch();
    }
    expect(delivered().filter((id) => id !== ada.id)).toEqual([bob.id]);
  });
});

// Several instances share one database on PostgreSQL; SQLite is the embedded, one-process mode.
describe('the event outbox shared by instances on postgresql', () => {
  const { harness, callsOf, outbox } = useHarnesses('postgresql');

  it('gives each event to one of several instances sharing the database', async () => {
    const first = await harness();
    const second = await harness({}, { shareWith: first });
    // Both instances write; then both dispatch at once, repeatedly.
    const writes = [];
    for (let i = 0; i < 20; i++) {
      const instance = i % 2 === 0 ? first : second;
      writes.push(instance.kernel.interactions.record({ email: `c${i % 5}@example.com`, channel: 'sms', direction: 'INBOUND', type: 'message', text: `m${i}` }));
    }
    await Promise.all(writes);
    await Promise.all([first.kernel.dispatcher.dispatch(), second.kernel.dispatcher.dispatch()]);
    const calls = [...callsOf(first), ...callsOf(second)];
    expect(calls).toHaveLength(20);
    expect(new Set(calls.map((call) => call.id)).size).toBe(20);
    expect((await outbox(first)).every((row) => row.status === 'delivered')).toBe(true);
  });
});
