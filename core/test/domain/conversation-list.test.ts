import { describe, expect, it } from 'vitest';
import { FakeClock } from '@rapport/sdk/testing';
import type { Conversation, ListConversationsOptions } from '@rapport/sdk';
import { useFixtureHosts } from '../plugin-host/fixtures.js';

const start = useFixtureHosts();
const MINUTE = 60_000;

describe("a customer's conversations in the SDK", () => {
  it('lists them with the timings GraphQL shows, through the context and a rule\'s subject', async () => {
    const clock = new FakeClock('2026-03-02T09:00:00Z');
    const host = await start(['response-speed-js'], { clock });
    const list = host.getExports<{ list(id: string, options?: ListConversationsOptions): Promise<Conversation[]> }>('@fixtures/response-speed').list;
    const message = { channel: 'email', type: 'message', email: 'ada@example.com' } as const;

    const first = await host.interactions.record({ ...message, direction: 'INBOUND', text: 'Where is my order?' });
    await clock.set(new Date('2026-03-02T09:30:00Z'));
    await host.interactions.record({ ...message, direction: 'OUTBOUND', text: 'On its way.' });
    await host.conversations.resolve(first.conversationId!);
    await clock.set(new Date('2026-03-05T10:00:00Z'));
    await host.interactions.record({ ...message, direction: 'INBOUND', text: 'It arrived broken.' });
    await clock.set(new Date('2026-03-05T10:10:00Z'));
    await host.interactions.record({ ...message, direction: 'OUTBOUND', text: 'Sorry, a new one is coming.' });

    const all = await list(first.customerId);
    expect(all.map((c) => [c.status, c.firstResponseTimeMs, c.resolutionTimeMs])).toEqual([
      ['RESOLVED', 30 * MINUTE, 30 * MINUTE],
      ['OPEN', 10 * MINUTE, null],
    ]);
    expect((await list(first.customerId, { status: 'OPEN' })).map((c) => c.id)).toEqual([all[1]!.id]);
    expect((await list(first.customerId, { newestFirst: true, limit: 1 })).map((c) => c.id)).toEqual([all[1]!.id]);
    expect(await list(first.customerId, { since: new Date('2026-03-06T00:00:00Z') })).toEqual([]);
    await expect(list(first.customerId, { limit: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });

    // The rule read the same timings through subject.conversations(): (30 + 10) / 2 minutes.
    expect((await host.scores(first.customerId)).find((s) => s.rule === 'response-speed')).toMatchObject({ value: 20 });
  });

  it('needs interactions:read, as ctx.conversations.get does', async () => {
    const host = await start(['eval-no-read-js', 'response-speed-js']);
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    await expect(host.as('@fixtures/eval-no-read').conversations.list(ada.id)).rejects.toMatchObject({ code: 'PERMISSION_DENIED', permission: 'interactions:read' });
    expect(await host.as('@fixtures/response-speed').conversations.list(ada.id)).toEqual([]);
  });
});
