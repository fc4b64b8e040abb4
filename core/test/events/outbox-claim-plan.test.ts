import { describe, expect, it } from 'vitest';
import { SqlEventOutbox } from '../../src/events/EventOutbox.js';
import { claimStatement } from '../../src/events/outboxClaim.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { useCountedDatabases } from '../support/countedKernel.js';
import { planScans, queueWithStaleStatistics } from '../support/planScans.js';

const NOW = new Date('2026-03-20T12:00:00Z');
const LEASE = new Date(NOW.getTime() + 30_000);

/**
 * A queue table's statistics are taken when almost nothing is pending; then a segment's refresh
 * stages hundreds of events at once. The claim's probes of a customer's other pending events must
 * still go through the customer's index: through the status index each probe reads every pending
 * event, and a claim costs batch × backlog (persistence/queueProbe.ts).
 */
describe('the outbox claim on postgresql, with statistics that saw nothing pending', () => {
  const openCounted = useCountedDatabases('postgresql');

  it('probes each customer through the customer index, and claims the oldest events', async () => {
    const { database } = await openCounted();
    const sql = SqlSession.autocommit(database);
    await queueWithStaleStatistics(sql, 'event_outbox', 'delivered', (from, to) =>
      sql.run(
        `insert into event_outbox (id, type, payload, customer_id, occurred_at, available_at)
           select 'e-' || n, 'segment.entered', jsonb_build_object('customerId', 'c-' || n), 'c-' || n, ?, ?
             from generate_series(cast(? as integer), cast(? as integer)) n order by n`,
        [sql.date(NOW), sql.date(NOW), from, to],
      ),
    );

    const seqs = (await sql.all<{ seq: unknown }>("select seq from event_outbox where status = 'pending' order by seq limit 5")).map((row) => Number(row.seq));
    for (const delivered of [[], seqs]) {
      const statement = claimStatement({ dialect: 'postgresql', now: sql.date(NOW), leaseUntil: sql.date(LEASE), limit: 100, delivered });
      const scans = await planScans(database, statement, 'event_outbox');
      // The candidates' own scan (alias e) reads pending events in seq order; every probe (p, n)
      // reads one customer's entries.
      expect(scans.filter((scan) => scan.alias === 'e').map((scan) => scan.how)).toEqual(['event_outbox_status_seq_index']);
      const probes = scans.filter((scan) => /^[pn](_\d+)?$/.test(scan.alias));
      expect(probes.length).toBe(3);
      expect(probes.map((probe) => probe.how)).toEqual(probes.map(() => 'event_outbox_customer_status_seq_index'));
    }

    // A busy customer: 20,000 delivered events kept (a week of them), older than anything pending,
    // and one of the first pending events. Their probes start at the oldest pending event, so the
    // index never hands them over.
    await sql.run(
      `insert into event_outbox (seq, id, type, payload, customer_id, occurred_at, available_at, status) overriding system value
         select -n, 'busy-' || n, 'interaction.recorded', '{}', 'c-3010', ?, ?, 'delivered' from generate_series(1, 20000) n`,
      [sql.date(NOW), sql.date(NOW)],
    );
    const analyzed = await planScans(database, claimStatement({ dialect: 'postgresql', now: sql.date(NOW), leaseUntil: sql.date(LEASE), limit: 100, delivered: [] }), 'event_outbox', true);
    const earlierProbes = analyzed.filter((scan) => /^p(_\d+)?$/.test(scan.alias));
    expect(earlierProbes).toHaveLength(2);
    for (const probe of earlierProbes) expect(probe.rowsPerLoop).toBeLessThan(5);

    const claimed = await new SqlEventOutbox(database).claim(NOW, LEASE, 100);
    expect(claimed.map((stored) => stored.customerId)).toEqual(Array.from({ length: 100 }, (_, i) => `c-${3_001 + i}`));
  });
});
