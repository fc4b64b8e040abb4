import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '@rapport/sdk/testing';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { waitedEventTypes, WORKFLOW_WAITS_CHANNEL } from '../../src/workflows/WaitedEventTypes.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { useSharedTestDatabase } from '../support/sharedTestDatabase.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const DAY = 86_400_000;

describe.each(TEST_DATABASES)('the waited event types on %s', (kind) => {
  const shared = useSharedTestDatabase(kind);

  async function setUp() {
    const database = await shared.open();
    // A table of our own to commit to from another connection (any commit moves a SQLite file's watch).
    await SqlSession.autocommit(database).run('create table waits_probe (n integer)', []);
    let reads = 0;
    let types = new Set(['interaction.recorded']);
    const waited = waitedEventTypes(database, async () => {
      reads++;
      return types;
    });
    // The watch is live once it listens (PostgreSQL confirms LISTEN asynchronously).
    await vi.waitFor(() => expect(database.watch(WORKFLOW_WAITS_CHANNEL).live).toBe(true));
    return { database, waited, reads: () => reads, setTypes: (next: string[]) => void (types = new Set(next)) };
  }

  it('reads once while no run starts waiting, and again after a save of a waiting run here', async () => {
    const { waited, reads, setTypes } = await setUp();
    expect([...(await waited.get())]).toEqual(['interaction.recorded']);
    await waited.get();
    expect(reads()).toBe(1);

    setTypes(['interaction.recorded', 'customer.updated']);
    await waited.writing(async () => true);
    expect([...(await waited.get())]).toEqual(['interaction.recorded', 'customer.updated']);
    expect(reads()).toBe(2);
  });

  it('keeps nothing read while a save of a waiting run is under way', async () => {
    const { waited, reads } = await setUp();
    let finish!: () => void;
    const saving = waited.writing(() => new Promise<void>((resolve) => (finish = resolve)));
    await waited.get();
    await waited.get();
    expect(reads()).toBe(2);
    finish();
    await saving;
    await waited.get();
    await waited.get();
    expect(reads()).toBe(3);
  });

  it('reads again once another instance announces a wait', async () => {
    const { database, waited, reads } = await setUp();
    await waited.get();
    const generation = database.watch(WORKFLOW_WAITS_CHANNEL).generation;
    const other = await shared.open();
    if (kind === 'postgresql') await SqlSession.autocommit(other).all(`select pg_notify('${WORKFLOW_WAITS_CHANNEL}', current_schema())`, []);
    else await SqlSession.autocommit(other).run('insert into waits_probe (n) values (1)', []);
    await vi.waitFor(() => expect(database.watch(WORKFLOW_WAITS_CHANNEL).generation).toBeGreaterThan(generation));
    await waited.get();
    expect(reads()).toBe(2);
  });
});

describe('a wait of another instance on postgresql', () => {
  const harnesses: KernelHarness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0).reverse()) await h.close();
  });

  it('gets the event delivered by an instance that read the waited types before the wait began', async () => {
    const clock = new FakeClock('2026-03-02T09:00:00Z');
    const first = await createKernelHarness('postgresql', ['workflow-survey-js'], { clock });
    harnesses.push(first);
    const second = await createKernelHarness('postgresql', ['workflow-survey-js'], { clock, database: first.testDatabase });
    harnesses.push(second);
    const watch = second.kernel.database.watch(WORKFLOW_WAITS_CHANNEL);
    await vi.waitFor(() => expect(watch.live).toBe(true));

    const message = await first.kernel.interactions.record({ email: 'ada@example.com', channel: 'sms', direction: 'INBOUND', type: 'message', text: 'Late order' });
    await first.kernel.conversations.resolve(message.conversationId!);
    await first.kernel.workflows.runDue();
    // The second instance delivers a batch now, while no run waits: it reads (and keeps) no waited type.
    await second.kernel.interactions.record({ email: 'bob@example.com', channel: 'sms', direction: 'INBOUND', type: 'message', text: 'Hello' });
    const heard = watch.generation;

    // The survey goes out and the run waits for the answer, saved by the first instance.
    await clock.advance(3 * DAY);
    await first.kernel.dispatcher.dispatch();
    await first.kernel.workflows.runDue();
    const status = async () =>
      ((await first.kernel.database.orm.em.getConnection().execute('select status from workflow_runs')) as { status: string }[]).map((row) => row.status);
    expect(await status()).toEqual(['WAITING']);
    await vi.waitFor(() => expect(watch.generation).toBeGreaterThan(heard));

    // The answer is delivered by the second instance, which must put it in the run's inbox.
    await second.kernel.interactions.record({ customerId: message.customerId, channel: 'sms', direction: 'INBOUND', type: 'survey_response', metadata: { csat: 4 } });
    // Woken there, the run may execute on either instance.
    await Promise.all([first.kernel.workflows.runDue(), second.kernel.workflows.runDue()]);
    expect(await status()).toEqual(['COMPLETED']);
  });
});
