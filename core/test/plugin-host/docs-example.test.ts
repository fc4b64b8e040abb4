import { describe, expect, it } from 'vitest';
import { FakeClock } from '@rapport/sdk/testing';
import { useFixtureHosts } from './fixtures.js';

const start = useFixtureHosts();

describe('the example of docs/plugin-manifest.md, plugin-context.md and plugin-testing.md', () => {
  it('welcomes new customers, as the guide says', async () => {
    const host = await start(['docs-welcome-js'], {
      settings: { '@acme/rapport-welcome': { greeting: 'Hello' } },
      clock: new FakeClock('2026-03-01T09:00:00Z'),
    });
    expect(host.plugin('@acme/rapport-welcome').state).toBe('INSTALLED');
    const customer = await host.customers.create({ emails: ['ada@example.com'] });
    expect(host.plugin('@acme/rapport-welcome').state).toBe('ACTIVE');
    expect(await host.storage('@acme/rapport-welcome').get(`welcomed:${customer.id}`)).toBe('2026-03-01T09:00:00.000Z');
    expect(host.logs().find((line) => line.plugin === '@acme/rapport-welcome' && line.msg === 'Hello')).toMatchObject({
      customerId: customer.id,
    });
    expect(host.getExports<{ greetingFor(name: string): string }>('@acme/rapport-welcome').greetingFor('Ada')).toBe('Hello Ada');
  });
});
