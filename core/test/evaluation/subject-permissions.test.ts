import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { createTestHost } from '../../src/testing/createTestHost.js';
import type { TestHost } from '@rapport/sdk/testing';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plugins');
let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

it("holds a rule's reads of the customer's interactions to its plugin's interactions:read", async () => {
  host = await createTestHost({ plugins: ['./eval-no-read-js'], baseDir: FIXTURES, expectFailures: true });
  const interaction = await host.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'Hi' });

  expect(await host.scores(interaction.customerId)).toEqual([]);
  expect(host.plugin('@fixtures/eval-no-read').metrics.failures).toBeGreaterThanOrEqual(1);
  const denied = host.logs().filter((line) => line.plugin === '@fixtures/eval-no-read' && JSON.stringify(line).includes('interactions:read'));
  expect(denied.length).toBeGreaterThanOrEqual(1);
});

it('lets a plugin read stored scores and memberships with customers:read, and only with it', async () => {
  host = await createTestHost({ plugins: ['./eval-rules-js', './eval-reader-js', './eval-no-read-js'], baseDir: FIXTURES, expectFailures: true });
  const purchase = await host.interactions.record({
    email: 'ada@example.com',
    channel: 'shop',
    direction: 'INBOUND',
    type: 'purchase',
    metadata: { amount: 40, currency: 'EUR' },
  });
  const reader = host.getExports<{
    score(customerId: string, rule: string): Promise<unknown>;
    memberships(customerId: string, model?: string): Promise<unknown[]>;
  }>('@fixtures/eval-reader');

  expect(await reader.score(purchase.customerId, 'eval-purchases')).toMatchObject({ rule: 'eval-purchases', value: 1, explanation: '1 purchase(s)', computedAt: expect.any(Date) });
  expect(await reader.score(purchase.customerId, 'no-such-rule')).toBeUndefined();
  expect(await reader.memberships(purchase.customerId, 'eval-tier')).toEqual([{ model: 'eval-tier', segment: 'buyer', since: expect.any(Date) }]);
  const noRead = host.getExports<{ readScore(customerId: string): Promise<unknown> }>('@fixtures/eval-no-read');
  await expect(noRead.readScore(purchase.customerId)).rejects.toMatchObject({ code: 'PERMISSION_DENIED', permission: 'customers:read' });
});

it("holds a rule's and a model's reads of stored scores and segments to customers:read, as ctx.scoring.get is", async () => {
  host = await createTestHost({ plugins: ['./eval-subject-reads-js'], baseDir: FIXTURES, expectFailures: true });
  const interaction = await host.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'Hi' });

  expect(await host.scores(interaction.customerId)).toEqual([]);
  expect(await host.segments(interaction.customerId)).toEqual([]);
  const denied = host
    .logs()
    .filter((line) => line.plugin === '@fixtures/eval-subject-reads')
    .map((line) => JSON.stringify(line));
  expect(denied.some((line) => line.includes('customers:read') && line.includes('subject.score()'))).toBe(true);
  expect(denied.some((line) => line.includes('customers:read') && line.includes('subject.segments()'))).toBe(true);
});
