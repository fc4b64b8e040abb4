import { afterEach, describe, expect, it } from 'vitest';
import { createDomainHarness, DAY, type DomainHarness } from '../support/domainHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const TABLES = ['customer_identities', 'interactions', 'conversations', 'scores', 'segment_memberships'] as const;


/** Without business hours, SLA targets or a breakdown, those figures are empty. */
const WITHOUT_HOURS_OR_TARGETS = { averageFirstResponseBusinessTimeMs: null, averageResolutionBusinessTimeMs: null, slaBreaches: null, groups: [] };

describe.each(TEST_DATABASES)('merging customers on %s', (kind) => {
  let h: DomainHarness;
  afterEach(() => h.close());

  async function countsFor(customerId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = await h.count(table, 'customer_id = ?', [customerId]);
    return counts;
  }

  async function seedScoresAndSegments(customerId: string, rules: string[], segments: string[]): Promise<void> {
    const connection = h.database.orm.em.getConnection();
    const now = kind === 'postgresql' ? new Date() : Date.now();
    for (const rule of rules) {
      await connection.execute('insert into scores (customer_id, rule, value, computed_at) values (?, ?, ?, ?)', [customerId, rule, 50, now]);
    }
    for (const segment of segments) {
      await connection.execute('insert into segment_memberships (customer_id, model, segment, since) values (?, ?, ?, ?)', [customerId, 'lifecycle', segment, now]);
    }
  }

  it('moves everything to the survivor, loses nothing and duplicates nothing', async () => {
    h = await createDomainHarness(kind);
    const target = await h.customers.create({ displayName: 'Ada', emails: ['ada@work.example'], attributes: { plan: 'pro', city: 'London' } });
    await h.clock.advance(DAY);
    const source = await h.customers.create({ emails: ['ada@home.example'], phones: ['+33612345678'], attributes: { city: 'Paris', age: 36 } });
    for (const [customerId, channel] of [[target.id, 'email'], [source.id, 'sms'], [source.id, 'chat']] as const) {
      await h.interactions.record({ customerId, channel, direction: 'INBOUND', type: 'message' });
      await h.clock.advance(10 * DAY);
    }
    await seedScoresAndSegments(target.id, ['csat'], ['loyal']);
    await seedScoresAndSegments(source.id, ['csat', 'nps'], ['loyal', 'at-risk']);

    const before = { target: await countsFor(target.id), source: await countsFor(source.id) };
    const totals = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await h.count(t)] as const)));
    const merged = await h.merger.merge(target.id, source.id);

    const after = await countsFor(target.id);
    expect(await countsFor(source.id)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
    for (const table of ['customer_identities', 'interactions', 'conversations'] as const) {
      expect(after[table]).toBe(before.target[table]! + before.source[table]!);
      expect(await h.count(table)).toBe(totals[table]);
    }
    // Both had a csat score and the loyal segment: the target's stay, the rest move.
    expect(after.scores).toBe(2);
    expect(after.segment_memberships).toBe(2);
    expect(await h.count('customers')).toBe(1);
    expect(await h.count('customer_merges', 'merged_customer_id = ? and customer_id = ?', [source.id, target.id])).toBe(1);
    expect(merged).toMatchObject({
      id: target.id,
      displayName: 'Ada',
      emails: ['ada@work.example', 'ada@home.example'],
      phones: ['+33612345678'],
      attributes: { plan: 'pro', city: 'London', age: 36 },
    });
    expect(h.events.filter((e) => e.eventType === 'customer.merged')).toMatchObject([{ customerId: target.id, mergedCustomerId: source.id }]);
    expect(await h.merger.survivorOf(source.id)).toBe(target.id);
    // The merged identity now leads to the survivor.
    const next = await h.interactions.record({ phone: '+33 6 12 34 56 78', channel: 'sms', direction: 'INBOUND', type: 'message' });
    expect(next.customerId).toBe(target.id);
  });

  it('refuses to merge a customer into itself or into one that does not exist', async () => {
    h = await createDomainHarness(kind);
    const ada = await h.customers.create({ emails: ['ada@example.com'] });
    await expect(h.merger.merge(ada.id, ada.id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(h.merger.merge(ada.id, 'ghost')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No customer with id "ghost" (sourceId).' });
    expect(await h.count('customers')).toBe(1);
  });
});

describe.each(TEST_DATABASES)('service KPIs on %s', (kind) => {
  let h: DomainHarness;
  afterEach(() => h.close());

  it('computes first response time, resolution time and rate per channel and period', async () => {
    h = await createDomainHarness(kind);
    const hour = 3_600_000;
    const conversation = async (email: string, channel: string, openedAt: string, replyAfterMs: number | null, resolveAfterMs: number | null) => {
      const inbound = await h.interactions.record({ email, channel, direction: 'INBOUND', type: 'message', occurredAt: openedAt });
      if (replyAfterMs !== null) {
        await h.interactions.record({
          customerId: inbound.customerId,
          channel,
          direction: 'OUTBOUND',
          type: 'message',
          occurredAt: new Date(new Date(openedAt).getTime() + replyAfterMs),
        });
      }
      if (resolveAfterMs !== null) {
        await h.clock.set(new Date(new Date(openedAt).getTime() + resolveAfterMs));
        await h.conversations.resolve(inbound.conversationId!);
      }
    };
    await conversation('a@x.example', 'email', '2026-03-03T09:00:00Z', 1 * hour, 4 * hour);
    await conversation('b@x.example', 'email', '2026-03-04T09:00:00Z', 3 * hour, null);
    await conversation('c@x.example', 'chat', '2026-03-05T09:00:00Z', 0.5 * hour, 1 * hour);
    await conversation('d@x.example', 'chat', '2026-04-05T09:00:00Z', 2 * hour, 2 * hour);

    const march = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    expect(await h.kpis.summary(march)).toEqual({
      conversations: 3,
      resolved: 2,
      resolutionRate: 2 / 3,
      averageFirstResponseTimeMs: Math.round(((1 + 3 + 0.5) / 3) * hour),
      averageResolutionTimeMs: Math.round(((4 + 1) / 2) * hour),
      ...WITHOUT_HOURS_OR_TARGETS,
    });
    expect(await h.kpis.summary({ ...march, channel: 'email' })).toEqual({
      conversations: 2,
      resolved: 1,
      resolutionRate: 0.5,
      averageFirstResponseTimeMs: 2 * hour,
      averageResolutionTimeMs: 4 * hour,
      ...WITHOUT_HOURS_OR_TARGETS,
    });
    expect(await h.kpis.summary({ from: new Date('2025-01-01'), to: new Date('2025-02-01') })).toEqual({
      conversations: 0,
      resolved: 0,
      resolutionRate: null,
      averageFirstResponseTimeMs: null,
      averageResolutionTimeMs: null,
      ...WITHOUT_HOURS_OR_TARGETS,
    });
    await expect(h.kpis.summary({ from: march.to, to: march.from })).rejects.toThrow('from must be before to.');
  });
});
