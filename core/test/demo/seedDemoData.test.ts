import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seedDemoData.js';
import { createDomainHarness, DAY, type DomainHarness } from '../support/domainHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

describe.each(TEST_DATABASES)('demo data on %s', (kind) => {
  let h: DomainHarness;
  afterEach(() => h.close());

  it('seeds customers across channels with conversations, replies, purchases and surveys over 90 days, once', async () => {
    h = await createDomainHarness(kind);
    const services = { database: h.database, customers: h.customers, interactions: h.interactions, conversations: h.conversations, clock: h.clock };
    const report = await seedDemoData(services, { customers: 40 });
    expect(report).toMatchObject({ seeded: true, customers: 40 });
    expect(await h.count('customers')).toBe(40);
    expect(await h.count('interactions')).toBe(report.interactions);
    expect(await h.count('conversations')).toBe(report.conversations);

    const rows: { channel: string; type: string; direction: string }[] = await h.database.orm.em
      .getConnection()
      .execute('select distinct channel, type, direction from interactions');
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['message', 'purchase', 'survey_response']));
    expect(rows.some((r) => r.direction === 'OUTBOUND')).toBe(true);
    expect(new Set(rows.map((r) => r.channel)).size).toBeGreaterThanOrEqual(4);
    expect(await h.count('conversations', "status = 'RESOLVED'")).toBeGreaterThan(0);

    const kpis = await h.kpis.summary({ from: new Date(h.clock.now().getTime() - 91 * DAY), to: h.clock.now() });
    expect(kpis.conversations).toBe(report.conversations);
    expect(kpis.averageFirstResponseTimeMs).toBeGreaterThan(0);
    expect(kpis.averageResolutionTimeMs).toBeGreaterThan(0);

    expect(await seedDemoData(services)).toEqual({ seeded: false, customers: 0, interactions: 0, conversations: 0 });
    expect(await h.count('customers')).toBe(40);
  });
});
