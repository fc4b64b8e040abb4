import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { businessIntervals, businessTimeBetween } from '../../src/kpis/businessCalendar.js';
import { weekKey } from '../../src/kpis/kpiFigures.js';
import type { BusinessHours, KpiOptions, OpenSpan } from '../../src/kpis/KpiOptions.js';
import { UNASSIGNED_KEY, type KpiFigures, type KpiGrouping } from '../../src/kpis/ServiceKpis.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createDomainHarness, type DomainHarness } from '../support/domainHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const HOUR = 3_600_000;
const nineToFive: OpenSpan[] = [{ startMinute: 9 * 60, endMinute: 17 * 60 }];
const BERLIN: BusinessHours = {
  timezone: 'Europe/Berlin',
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  // Good Friday 2026.
  holidays: new Set(['2026-04-03']),
};
const SLA = { firstResponseMs: 2 * HOUR, resolutionMs: 16 * HOUR };
const NOW = Date.parse('2026-04-20T12:00:00Z');
const PERIOD = { from: new Date('2026-03-16T00:00:00Z'), to: new Date('2026-04-13T00:00:00Z') };

/** One conversation as the test writes it and computes its expectations from it, in epoch ms. */
interface Seeded {
  channel: string;
  assignee: string | null;
  opened: number;
  inbound: number | null;
  response: number | null;
  resolved: number | null;
}

/** A seeded generator, so that a failure can be run again exactly. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

/** Conversations over four weeks across the change to summer time, some answered late, some never, some still open. */
function conversations(users: readonly string[]): Seeded[] {
  const random = prng(7);
  const seeded: Seeded[] = [];
  for (let i = 0; i < 90; i++) {
    const opened = PERIOD.from.getTime() - 2 * HOUR + Math.floor(random() * (PERIOD.to.getTime() - PERIOD.from.getTime() + 4 * HOUR));
    const inbound = random() < 0.9 ? opened + Math.floor(random() * 10 * 60_000) : null;
    const response = inbound !== null && random() < 0.8 ? inbound + Math.floor(random() * 30 * HOUR) : null;
    const resolved = random() < 0.6 ? Math.max(response ?? opened, opened) + Math.floor(random() * 72 * HOUR) : null;
    seeded.push({ channel: ['email', 'chat', 'sms'][i % 3]!, assignee: [users[0]!, users[1]!, null][Math.floor(random() * 3)]!, opened, inbound, response, resolved });
  }
  return seeded;
}

async function seed(h: DomainHarness): Promise<Seeded[]> {
  const sql = SqlSession.autocommit(h.database);
  const users = [randomUUID(), randomUUID()];
  for (const [index, id] of users.entries()) {
    await sql.run('insert into users (id, email, display_name, role, password_hash, created_at) values (?, ?, ?, ?, ?, ?)', [id, `agent${index}@x.example`, null, 'AGENT', 'x', sql.date(new Date(NOW))]);
  }
  const rows = conversations(users);
  for (const row of rows) {
    const customer = randomUUID();
    await sql.run('insert into customers (id, display_name, attributes, created_at, updated_at) values (?, ?, ?, ?, ?)', [customer, null, '{}', sql.date(new Date(row.opened)), sql.date(new Date(row.opened))]);
    const date = (ms: number | null) => (ms === null ? null : sql.date(new Date(ms)));
    await sql.run(
      `insert into conversations (id, customer_id, status, thread_key, opened_channel, channels, opened_at, first_inbound_at, last_activity_at, first_response_at, resolved_at, assignee_id)
       values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [randomUUID(), customer, row.resolved === null ? 'OPEN' : 'RESOLVED', row.channel, JSON.stringify([row.channel]), date(row.opened), date(row.inbound), date(row.opened), date(row.response), date(row.resolved), row.assignee],
    );
  }
  return rows;
}

/** What the service must answer for some conversations, computed here from the rows, in Node. */
function expected(rows: readonly Seeded[], options: { businessTime: boolean; sla: typeof SLA | null }): KpiFigures {
  const intervals = businessIntervals(BERLIN, PERIOD.from.getTime() - 3 * 86_400_000, NOW + 86_400_000);
  const elapsed = (from: number, to: number) => (options.businessTime ? businessTimeBetween(intervals, from, to) : to - from);
  const mean = (values: number[]) => (values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null);
  const answered = rows.filter((row) => row.inbound !== null && row.response !== null);
  const resolved = rows.filter((row) => row.resolved !== null);
  return {
    conversations: rows.length,
    resolved: resolved.length,
    resolutionRate: rows.length ? resolved.length / rows.length : null,
    averageFirstResponseTimeMs: mean(answered.map((row) => row.response! - row.inbound!)),
    averageResolutionTimeMs: mean(resolved.map((row) => row.resolved! - row.opened)),
    averageFirstResponseBusinessTimeMs: options.businessTime ? mean(answered.map((row) => businessTimeBetween(intervals, row.inbound!, row.response!))) : null,
    averageResolutionBusinessTimeMs: options.businessTime ? mean(resolved.map((row) => businessTimeBetween(intervals, row.opened, row.resolved!))) : null,
    slaBreaches: options.sla
      ? {
          firstResponse: rows.filter((row) => row.inbound !== null && elapsed(row.inbound, row.response ?? row.resolved ?? NOW) > SLA.firstResponseMs).length,
          resolution: rows.filter((row) => elapsed(row.opened, row.resolved ?? NOW) > SLA.resolutionMs).length,
          firstResponseTargetMs: SLA.firstResponseMs,
          resolutionTargetMs: SLA.resolutionMs,
        }
      : null,
  };
}

const berlinDay = (ms: number) => new Date(ms).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
const KEY_OF: Record<KpiGrouping, (row: Seeded) => string> = {
  CHANNEL: (row) => row.channel,
  ASSIGNEE: (row) => row.assignee ?? UNASSIGNED_KEY,
  DAY: (row) => berlinDay(row.opened),
  WEEK: (row) => weekKey(Date.parse(`${berlinDay(row.opened)}T00:00:00Z`)),
};

describe.each(TEST_DATABASES)('service KPIs in business time, with SLA targets and breakdowns, on %s', (kind) => {
  let h: DomainHarness;
  afterEach(() => h.close());

  async function open(kpis: Partial<KpiOptions>): Promise<Seeded[]> {
    h = await createDomainHarness(kind, { kpis });
    await h.clock.set(new Date(NOW));
    const rows = await seed(h);
    return rows.filter((row) => row.opened >= PERIOD.from.getTime() && row.opened < PERIOD.to.getTime());
  }

  it('measures first response and resolution in business hours, and counts SLA breaches, as computed from the rows', async () => {
    const inPeriod = await open({ businessHours: BERLIN, sla: SLA });
    expect(inPeriod.length).toBeGreaterThan(60);
    const summary = await h.kpis.summary(PERIOD);
    expect(summary).toEqual({ ...expected(inPeriod, { businessTime: true, sla: SLA }), groups: [] });
    // Business time is never more than time, and here much less: nights and weekends do not count.
    expect(summary.averageFirstResponseBusinessTimeMs!).toBeLessThan(summary.averageFirstResponseTimeMs! / 2);
    expect(summary.slaBreaches!.firstResponse).toBeGreaterThan(0);
  });

  it.each(['CHANNEL', 'ASSIGNEE', 'DAY', 'WEEK'] as const)('breaks the figures down by %s, each group as computed from its rows', async (groupBy) => {
    const inPeriod = await open({ businessHours: BERLIN, sla: SLA });
    const summary = await h.kpis.summary({ ...PERIOD, groupBy });
    const byKey = new Map<string, Seeded[]>();
    for (const row of inPeriod) byKey.set(KEY_OF[groupBy](row), [...(byKey.get(KEY_OF[groupBy](row)) ?? []), row]);
    const keys = [...byKey.keys()].sort();
    expect(summary.groups.map((group) => group.key)).toEqual(keys);
    for (const group of summary.groups) expect(group).toEqual({ key: group.key, ...expected(byKey.get(group.key)!, { businessTime: true, sla: SLA }) });
    // The groups add up to the whole.
    expect(summary.groups.reduce((sum, group) => sum + group.conversations, 0)).toBe(summary.conversations);
  });

  it('measures in time, with SLA breaches in time, without business hours', async () => {
    const inPeriod = await open({ sla: SLA });
    expect(await h.kpis.summary(PERIOD)).toEqual({ ...expected(inPeriod, { businessTime: false, sla: SLA }), groups: [] });
  });

  it('writes the calendar again when the business hours change', async () => {
    const inPeriod = await open({ businessHours: BERLIN });
    expect((await h.kpis.summary(PERIOD)).averageFirstResponseBusinessTimeMs).toBe(expected(inPeriod, { businessTime: true, sla: null }).averageFirstResponseBusinessTimeMs);
    // Another deployment of the same database, open around the clock: business time is time.
    const allDay: OpenSpan[] = [{ startMinute: 0, endMinute: 24 * 60 }];
    const kernel = (await import('../../src/kernel/createKernel.js')).createKernel({
      logger: (await import('pino')).pino({ level: 'silent' }),
      database: h.database,
      clock: h.clock,
      kpis: { businessHours: { timezone: 'UTC', weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay }, holidays: new Set() } },
    });
    const roundTheClock = await kernel.kpis.summary(PERIOD);
    expect(roundTheClock.averageFirstResponseBusinessTimeMs).toBe(roundTheClock.averageFirstResponseTimeMs);
    expect(roundTheClock.averageResolutionBusinessTimeMs).toBe(roundTheClock.averageResolutionTimeMs);
  });
});
