import { afterEach, describe, expect, it } from 'vitest';
import { BurstLimiter } from '../../src/logging/BurstLimiter.js';
import { createLogger } from '../../src/logging/createLogger.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createLogHarness, type LogHarness } from './logHarness.js';

interface Line {
  msg: string;
  component?: string;
  repeated?: number;
  err?: { stack?: string; message?: string };
}

/** How many failures a set of lines stands for: one per line logged in full, plus each summary's count. */
function occurrences(lines: Line[]): number {
  return lines.reduce((sum, line) => sum + (line.repeated ?? 1), 0);
}

describe.each(TEST_DATABASES)('a burst of event dispatch failures on %s', (kind) => {
  let h: LogHarness;
  afterEach(() => h.close());

  it('writes a handful of lines for 1,000 failed passes, with the count of all of them', async () => {
    h = await createLogHarness(kind);
    // The outbox is gone, as it is for a moment while the database restarts: every pass fails at its first query.
    await h.execute('alter table event_outbox rename to event_outbox_away');
    const { dispatcher } = h.kernel;
    for (let pass = 0; pass < 1_000; pass += 1) {
      // A pass asked for in the background, as after a commit; its failure goes to the log.
      dispatcher.schedule();
      await dispatcher.dispatch().catch(() => undefined);
    }
    await dispatcher.stop();

    const failures = (h.entries() as unknown as Line[]).filter((line) => line.component === 'events' && line.msg.startsWith('event dispatch failed'));
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.length).toBeLessThanOrEqual(5);
    expect(occurrences(failures)).toBe(1_000);
    // The first is logged at once, in full; the count follows in a line of its own.
    expect(failures[0]!.repeated).toBeUndefined();
    expect(failures[0]!.err?.stack).toContain('event_outbox');
    expect(failures.at(-1)!.msg).toMatch(/^event dispatch failed: .* \(repeated \d+ times in the last \d+ m?s\)$/);
    await h.execute('alter table event_outbox_away rename to event_outbox');
  });

  it('reports a failed pass once, however many callers asked for it', async () => {
    h = await createLogHarness(kind);
    await h.execute('alter table event_outbox rename to event_outbox_away');
    const { dispatcher } = h.kernel;
    // A thousand commits in one tick ask for one pass, which fails once.
    for (let commit = 0; commit < 1_000; commit += 1) dispatcher.schedule();
    await dispatcher.dispatch().catch(() => undefined);
    await dispatcher.stop();
    const failures = (h.entries() as unknown as Line[]).filter((line) => line.msg.startsWith('event dispatch failed'));
    expect(occurrences(failures)).toBe(1);
    await h.execute('alter table event_outbox_away rename to event_outbox');
  });
});

describe('BurstLimiter', () => {
  it('reports the repeats of an interval when it ends, and logs in full again after a quiet interval', async () => {
    const lines: Line[] = [];
    let lineWritten: () => void = () => undefined;
    const logger = createLogger({
      level: 'info',
      destination: {
        write(line: string) {
          lines.push(JSON.parse(line) as Line);
          lineWritten();
        },
      },
    });
    const nextLine = () => new Promise<void>((resolve) => (lineWritten = resolve));
    const limiter = new BurstLimiter(logger, 20);
    const failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');

    for (let i = 0; i < 5; i += 1) limiter.failure('error', 'sealing audit events failed', failure);
    limiter.failure('error', 'sealing audit events failed', new Error('another kind of failure'));
    expect(lines.map((line) => line.msg)).toEqual(['sealing audit events failed: connect ECONNREFUSED 127.0.0.1:5432', 'sealing audit events failed: another kind of failure']);

    const summary = nextLine();
    await summary;
    expect(lines[2]).toMatchObject({ repeated: 4, msg: expect.stringMatching(/^sealing audit events failed: connect ECONNREFUSED 127\.0\.0\.1:5432 \(repeated 4 times in the last \d+ ms\)$/) });

    // The summary opened another interval; it ends without a repeat, and the next failure is logged in full.
    await new Promise((resolve) => setTimeout(resolve, 60));
    limiter.failure('error', 'sealing audit events failed', failure);
    expect(lines.at(-1)).toMatchObject({ msg: 'sealing audit events failed: connect ECONNREFUSED 127.0.0.1:5432', err: { message: failure.message } });
    expect(lines.at(-1)!.repeated).toBeUndefined();
  });

  it('reports what it counted when flushed', () => {
    const lines: Line[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Line) } });
    const limiter = new BurstLimiter(logger);
    for (let i = 0; i < 3; i += 1) limiter.log('warn', 'lease', { runId: 'r1' }, 'renewing workflow leases failed');
    limiter.flush();
    limiter.flush();
    expect(lines).toMatchObject([
      { msg: 'renewing workflow leases failed', runId: 'r1' },
      { msg: expect.stringMatching(/^renewing workflow leases failed \(repeated 2 times in the last \d+ m?s\)$/), runId: 'r1', repeated: 2 },
    ]);
    expect(lines).toHaveLength(2);
  });
});
