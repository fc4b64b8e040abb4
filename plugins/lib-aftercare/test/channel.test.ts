import { afterEach, expect, it } from 'vitest';
import { fillTemplate, mostUsedChannel, unknownPlaceholders } from '@rapport/lib-aftercare';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';

let host: TestHost;
afterEach(() => host?.stop());

it('chooses the channel of most inbound contacts; a tie goes to the fallback when tied, else the latest; no history to the fallback', async () => {
  host = await createTestHost({ plugins: [], clock: new FakeClock('2026-03-02T09:00:00Z') });
  const { id } = await host.customers.create({ displayName: 'Ada' });
  const record = async (channel: string, type = 'message') => {
    await host.advance('PT1M');
    await host.interactions.record({ customerId: id, channel, direction: 'INBOUND', type, text: 'x' });
  };
  expect(await mostUsedChannel(host.interactions, id, { fallback: 'email' })).toBe('email');
  // Purchases are where they bought, not where they can be reached.
  for (let i = 0; i < 5; i++) await record('web', 'purchase');
  expect(await mostUsedChannel(host.interactions, id, { fallback: 'email' })).toBe('email');
  await record('email');
  await record('sms');
  // One each: the fallback is among them.
  expect(await mostUsedChannel(host.interactions, id, { fallback: 'email' })).toBe('email');
  // One each, the fallback not among them: the latest used (sms).
  expect(await mostUsedChannel(host.interactions, id, { fallback: 'chat' })).toBe('sms');
  await record('email');
  expect(await mostUsedChannel(host.interactions, id, { fallback: 'sms' })).toBe('email');
  // Outside the allowed channels, email does not count.
  expect(await mostUsedChannel(host.interactions, id, { channels: ['sms', 'chat'], fallback: 'chat' })).toBe('sms');
});

it('fills placeholders and finds unknown ones', () => {
  expect(fillTemplate('Hi {name}, thanks for {milestone} {other}', { name: 'Ada', milestone: 'a year' })).toBe('Hi Ada, thanks for a year {other}');
  expect(unknownPlaceholders('Hi {name} {firstName}', ['name'])).toEqual(['firstName']);
});
