import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@rapport/sdk/testing';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { WorkflowStore } from '../../src/workflows/WorkflowStore.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const DAY = 86_400_000;

describe.each(TEST_DATABASES)('pruning finished workflow runs on %s', (kind) => {
  let h: KernelHarness;
  let clock: FakeClock;
  afterEach(() => h.close());

  async function setUp(retentionMs = 30 * DAY) {
    clock = new FakeClock('2026-06-01T00:00:00Z');
    h = await createKernelHarness(kind, [], { clock, workflows: { retentionMs } });
  }

  /** A run with two steps and an inbox event, `status`, finished `ageDays` ago if it has finished. */
  async function run(id: string, status: string, ageDays: number | null) {
    const sql = SqlSession.autocommit(h.kernel.database);
    const at = new Date(clock.now().getTime() - (ageDays ?? 40) * DAY);
    const finished = ageDays === null ? null : sql.date(at);
    const unfinished = ageDays === null;
    await sql.run(
      `insert into workflow_runs (id, workflow, plugin, customer_id, status, input, wake_at, waiting_event, started_at, finished_at, updated_at)
       values (?, 'survey', '@fixtures/none', null, ?, '{}', ?, ?, ?, ?, ?)`,
      [id, status, unfinished ? sql.date(new Date(clock.now().getTime() + DAY)) : null, status === 'WAITING' ? 'interaction.recorded' : null, sql.date(at), finished, sql.date(at)],
    );
    for (const [position, name] of ['first', 'second'].entries()) {
      await sql.run("insert into workflow_steps (run_id, name, kind, position, status, attempts) values (?, ?, 'step', ?, 'COMPLETED', 1)", [id, name, position]);
    }
    await sql.run("insert into workflow_inbox (run_id, event_id, event, received_at) values (?, ?, '{}', ?)", [id, `event-of-${id}`, sql.date(at)]);
  }

  const rows = async (table: string, column: string) =>
    (await SqlSession.autocommit(h.kernel.database).all<Record<string, string>>(`select distinct ${column} as id from ${table} order by ${column}`)).map((row) => row.id);

  it('removes completed and cancelled runs past the retention with their steps and inboxes, when the engine runs', async () => {
    await setUp();
    await run('completed-old', 'COMPLETED', 31);
    await run('cancelled-old', 'CANCELLED', 45);
    await run('failed-old', 'FAILED', 60);
    await run('completed-young', 'COMPLETED', 29);
    await run('sleeping', 'SLEEPING', null);
    await run('waiting', 'WAITING', null);

    await h.kernel.workflows.runDue();

    const kept = ['completed-young', 'failed-old', 'sleeping', 'waiting'];
    expect(await rows('workflow_runs', 'id')).toEqual(kept);
    expect(await rows('workflow_steps', 'run_id')).toEqual(kept);
    expect(await rows('workflow_inbox', 'run_id')).toEqual(kept);
  });

  it('prunes again an hour later, not on every pass', async () => {
    await setUp(DAY);
    await h.kernel.workflows.runDue();
    await run('finished-later', 'COMPLETED', 2);
    await h.kernel.workflows.runDue();
    expect(await rows('workflow_runs', 'id')).toEqual(['finished-later']);
    await clock.advance(3_600_000);
    await h.kernel.workflows.runDue();
    expect(await rows('workflow_runs', 'id')).toEqual([]);
  });

  it('works through many runs in batches', async () => {
    await setUp();
    for (let i = 0; i < 7; i++) await run(`old-${i}`, 'COMPLETED', 40 + i);
    await run('young', 'COMPLETED', 1);
    const store = h.kernel.container.get(WorkflowStore);
    expect(await store.pruneFinished(new Date(clock.now().getTime() - 30 * DAY), 3)).toBe(7);
    expect(await rows('workflow_runs', 'id')).toEqual(['young']);
    expect(await rows('workflow_steps', 'run_id')).toEqual(['young']);
  });
});
