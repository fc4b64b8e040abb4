import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, FakeClock, RECORDING_CHANNELS_DIR, sentBy, type TestHost } from '@rapport/sdk/testing';

const PLUGIN = '@rapport/plugin-aftercare-winback';
const PLUGIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;

describe('winback', () => {
  let host: TestHost;
  afterEach(() => host?.stop());

  async function start(settings: Record<string, unknown> = {}): Promise<TestHost> {
    host = await createTestHost({ plugins: [PLUGIN_DIR, RECORDING_CHANNELS_DIR], settings: { [PLUGIN]: settings }, clock: new FakeClock(START) });
    return host;
  }

  async function atRiskCustomer(name: string, channel = 'chat', phone = `+1500555${String(100 + name.length * 7 + name.charCodeAt(0)).padStart(4, '0')}`): Promise<string> {
    const created = await host.customers.create({ displayName: name, emails: [`${name.toLowerCase()}@example.com`], phones: [phone], handles: [{ channel: 'chat', handle: name.toLowerCase() }] });
    await host.interactions.record({ customerId: created.id, channel, direction: 'INBOUND', type: 'message', text: 'hi', occurredAt: new Date(Date.parse(START) - 60 * DAY) });
    return created.id;
  }
  const enter = (customerId: string, segment = 'at-risk') => host.publish('segment.entered', { customerId, model: 'lifecycle', segment });
  const runs = () => host.workflowRuns({ workflow: 'winback' });
  const stats = async (from = '2026-03-01T00:00:00Z', to = '2026-04-01T00:00:00Z') => {
    const result = await host.graphql<{ winbackStats: Record<string, unknown> }>(
      'query ($from: DateTime!, $to: DateTime!) { winbackStats(from: $from, to: $to) { started wonBack interacted purchased notWonBack inProgress rate wonBackAfterMessages } }',
      { from, to },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.winbackStats;
  };

  it('sends two messages spaced by the settings on the most used channel, then records "not won back"', async () => {
    await start();
    const id = await atRiskCustomer('Ada');
    await enter(id);
    await enter(id, 'churned');
    expect(await runs()).toHaveLength(1);
    await host.advance(3 * DAY - 1);
    expect(sentBy(host)).toHaveLength(0);
    await host.advance(1);
    expect(sentBy(host).map((m) => [m.channel, m.to, m.subject, m.text])).toEqual([
      ['chat', 'ada', 'We miss you, Ada', 'Hi Ada, it has been a while! Is there anything we can help you with? Just reply to this message.'],
    ]);
    await host.advance(7 * DAY - 1);
    expect(sentBy(host)).toHaveLength(1);
    await host.advance(1);
    expect(sentBy(host)).toHaveLength(2);
    expect(sentBy(host)[1]!.subject).toBe('Still here for you, Ada');
    await host.advance(7 * DAY - 1);
    expect((await runs())[0]!.status).toBe('WAITING');
    await host.advance(1);
    const [run] = await runs();
    expect(run!.status).toBe('COMPLETED');
    expect(run!.steps.map((s) => s.name)).toEqual(['start', 'wait-1', 'channel-1', 'message-1', 'wait-2', 'channel-2', 'message-2', 'wait-last', 'outcome']);
    const outcome = (await host.interactions.list(id, { channel: 'winback', type: 'note' })).at(-1)!;
    expect(outcome).toMatchObject({ direction: 'INTERNAL', text: 'Win-back ended: not won back after 2 messages', metadata: { outcome: 'not-won-back', afterMessages: 2, runId: run!.id } });
    expect(await stats()).toEqual({ started: 1, wonBack: 0, interacted: 0, purchased: 0, notWonBack: 1, inProgress: 0, rate: 0, wonBackAfterMessages: [0, 0, 0] });
  });

  it('stops the moment the customer writes or buys, records after which message, and counts the rate', async () => {
    await start({ messages: [{ after: 'P1D', text: 'Hi {name}, we miss you' }, { after: 'P2D', text: 'Still here, {name}' }], giveUpAfter: 'P3D' });
    const writes = await atRiskCustomer('Ada');
    const buys = await atRiskCustomer('Bob', 'sms');
    const silent = await atRiskCustomer('Cy');
    const early = await atRiskCustomer('Di');
    for (const id of [writes, buys, silent, early]) await enter(id);
    // Di comes back on their own before any message.
    await host.advance('PT2H');
    await host.interactions.record({ customerId: early, channel: 'chat', direction: 'INBOUND', type: 'message', text: 'back!' });
    await host.advance('P1D');
    expect(sentBy(host)).toHaveLength(3);
    // Bob wrote on sms only: his message goes there, to his phone.
    expect(sentBy(host).find((m) => m.customerId === buys)).toMatchObject({ channel: 'sms', to: (await host.customers.get(buys))!.phones[0] });
    await host.interactions.record({ customerId: writes, channel: 'chat', direction: 'INBOUND', type: 'message', text: 'Thanks, I have a question' });
    await host.advance('P2D');
    await host.interactions.record({ customerId: buys, channel: 'web', direction: 'INBOUND', type: 'purchase', metadata: { amount: 12 } });
    await host.advance('P10D');
    const bySentTo = (id: string) => sentBy(host).filter((m) => m.customerId === id).length;
    expect([bySentTo(writes), bySentTo(buys), bySentTo(silent), bySentTo(early)]).toEqual([1, 2, 2, 0]);
    const outcomes = Object.fromEntries(
      await Promise.all(
        [writes, buys, silent, early].map(async (id) => {
          const note = (await host.interactions.list(id, { channel: 'winback', type: 'note' })).at(-1)!;
          return [id, [note.metadata.outcome, note.metadata.afterMessages]];
        }),
      ),
    );
    expect(outcomes).toEqual({ [writes]: ['interacted', 1], [buys]: ['purchased', 2], [silent]: ['not-won-back', 2], [early]: ['interacted', 0] });
    expect(await stats()).toEqual({ started: 4, wonBack: 3, interacted: 2, purchased: 1, notWonBack: 1, inProgress: 0, rate: 75, wonBackAfterMessages: [1, 1, 1] });
    // Outside the range: nothing started.
    expect((await stats('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')).started).toBe(0);
    const bad = await host.graphql('{ winbackStats(from: "2026-04-01T00:00:00Z", to: "2026-03-01T00:00:00Z") { started } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('runs once per customer at a time, and again after an outcome', async () => {
    await start({ messages: [{ after: 'P1D', text: 'Hi {name}' }], giveUpAfter: 'P1D' });
    const id = await atRiskCustomer('Ada');
    await enter(id);
    await enter(id);
    await host.advance(0);
    const first = await runs();
    expect(first.map((run) => run.steps.at(-1)!.name).sort()).toEqual(['skipped', 'wait-1']);
    await host.advance('P2D');
    expect(sentBy(host)).toHaveLength(1);
    const inProgressStats = await stats();
    expect(inProgressStats).toMatchObject({ started: 1, notWonBack: 1, rate: 0 });
    await enter(id);
    await host.advance('P2D');
    expect(sentBy(host)).toHaveLength(2);
    const notes = await host.interactions.list(id, { channel: 'winback', type: 'note' });
    expect(notes.map((note) => note.externalId)).toEqual([`winback:${id}:1`, `winback:${id}:1:outcome`, `winback:${id}:2`, `winback:${id}:2:outcome`]);
  });
});
