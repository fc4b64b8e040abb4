import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, FakeClock, RECORDING_CHANNELS_DIR, sentBy, type TestHost } from '@rapport/sdk/testing';

const PLUGIN = '@rapport/plugin-aftercare-appreciation';
const PLUGIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;

describe('appreciation', () => {
  let host: TestHost;
  afterEach(() => host?.stop());

  async function start(settings: Record<string, unknown> = {}): Promise<TestHost> {
    host = await createTestHost({ plugins: [PLUGIN_DIR, RECORDING_CHANNELS_DIR], settings: { [PLUGIN]: settings }, clock: new FakeClock(START) });
    return host;
  }

  async function customer(displayName: string | null = 'Ada'): Promise<string> {
    const created = await host.customers.create({ displayName, emails: [`${displayName ?? 'anon'}@example.com`.toLowerCase()], phones: ['+15005550100'], handles: [{ channel: 'chat', handle: 'ada' }] });
    return created.id;
  }

  const write = (customerId: string, channel: string, text = 'hello') => host.interactions.record({ customerId, channel, direction: 'INBOUND', type: 'message', text });
  const buy = (customerId: string) => host.interactions.record({ customerId, channel: 'web', direction: 'INBOUND', type: 'purchase', metadata: { amount: 20, currency: 'EUR' } });
  const answer = (customerId: string, metadata: Record<string, number>) =>
    host.interactions.record({ customerId, channel: 'sms', direction: 'INBOUND', type: 'survey_response', text: String(Object.values(metadata)[0]), metadata });
  const runs = () => host.workflowRuns({ workflow: 'appreciation' });
  const lastStep = (run: { steps: { name: string }[] }) => run.steps.at(-1)!.name;

  it('thanks the 5th purchase once, on the channel the customer wrote on most, with the texts filled in', async () => {
    await start();
    const id = await customer();
    await write(id, 'sms');
    await write(id, 'sms');
    await write(id, 'chat');
    const resolveAll = async () => {
      for (const c of await host.conversations.list(id, { status: 'OPEN' })) await host.conversations.resolve(c.id);
    };
    await resolveAll();
    const purchases = [];
    for (let n = 1; n <= 6; n++) {
      await host.advance('PT1M');
      purchases.push(await buy(id));
    }
    await host.advance(0);
    const sent = sentBy(host);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'sms', customerId: id, to: '+15005550100', subject: 'Thank you, Ada' });
    expect(sent[0]!.text).toBe('Hi Ada, thank you for your 5th purchase! It means a lot to us that you keep coming back.');
    // Six purchases, six runs: only the 5th had a milestone.
    const all = await runs();
    expect(all).toHaveLength(6);
    const thanked = all.filter((run) => lastStep(run) === 'thanked');
    expect(thanked).toHaveLength(1);
    expect(thanked[0]!.input).toMatchObject({ interactionId: purchases[4]!.id });
    expect(all.filter((run) => lastStep(run) === 'milestone')).toHaveLength(5);

    // The event delivered again: a new run, which finds the milestone claimed.
    const fifth = purchases[4]!;
    await host.publish('interaction.recorded', { interactionId: fifth.id, customerId: id, conversationId: fifth.conversationId, channel: 'web', type: 'purchase', direction: 'INBOUND' });
    await host.advance(0);
    expect(sentBy(host)).toHaveLength(1);
    const again = (await runs()).find((run) => !all.some((earlier) => earlier.id === run.id))!;
    expect(again.steps.map((step) => step.name)).toEqual(['milestone', 'skipped']);
    const notes = await host.interactions.list(id, { channel: 'appreciation', type: 'note' });
    expect(notes.map((note) => [note.direction, note.externalId, note.text])).toEqual([['INTERNAL', `appreciation:${id}:purchase-5`, 'Thanked for your 5th purchase on sms']]);
  });

  it('thanks an NPS promoter once, however often they answer 9 or 10, and not for a 7', async () => {
    await start({ purchaseCounts: [] });
    const id = await customer('Grace');
    await answer(id, { nps: 7 });
    await host.advance('PT1H');
    expect(sentBy(host)).toHaveLength(0);
    await answer(id, { nps: 9 });
    await answer(id, { nps: 10 });
    await host.advance('PT1H');
    await answer(id, { nps: '10' as unknown as number });
    await host.advance(0);
    const sent = sentBy(host);
    expect(sent).toHaveLength(1);
    // Survey answers on sms were all their inbound contact.
    expect(sent[0]).toMatchObject({ channel: 'sms', subject: 'Thank you, Grace' });
    expect(sent[0]!.text).toBe('Hi Grace, thank you for your kind rating. We are glad you would recommend us!');
    const ends = (await runs()).map(lastStep).sort();
    expect(ends).toEqual(['milestone', 'skipped', 'skipped', 'thanked']);
  });

  it('waits while a conversation of theirs is open, and thanks when it is resolved', async () => {
    await start();
    const id = await customer();
    const message = await write(id, 'chat', 'Where is my parcel?');
    await answer(id, { nps: 10 });
    const [run] = await runs();
    expect(run!.status).toBe('WAITING');
    expect(sentBy(host)).toHaveLength(0);
    await host.advance('P2D');
    expect(sentBy(host)).toHaveLength(0);
    await host.conversations.resolve(message.conversationId!);
    await host.advance(0);
    const sent = sentBy(host);
    expect(sent).toHaveLength(1);
    // Chat once, sms once (the answer): a tie without the default (email) goes to the latest, sms.
    expect(sent[0]!.channel).toBe('sms');
    expect((await runs())[0]!.steps.map((step) => step.name)).toEqual(['milestone', 'deadline', 'check-1', 'resolved-1', 'check-2', 'channel', 'claim', 'thanks', 'thanked']);
  });

  it('skips when the conversation stays open past waitForResolution', async () => {
    await start({ waitForResolution: 'P3D' });
    const id = await customer();
    await write(id, 'chat', 'Still waiting for my refund');
    await answer(id, { nps: 9 });
    await host.advance(3 * DAY - 1);
    expect((await runs())[0]!.status).toBe('WAITING');
    await host.advance(1);
    const [run] = await runs();
    expect(run!.status).toBe('COMPLETED');
    expect(lastStep(run!)).toBe('skipped');
    expect(host.logs().some((line) => line.plugin === PLUGIN && String(line.msg).includes('stayed open past waitForResolution'))).toBe(true);
    expect(sentBy(host)).toHaveLength(0);
  });

  it('skips after a low CSAT answer, and thanks once that answer is older than lowCsatFor', async () => {
    await start({ lowCsatThreshold: 2, lowCsatFor: 'P30D', anniversaries: [] });
    const id = await customer();
    await answer(id, { csat: 2 });
    for (let n = 1; n <= 5; n++) await buy(id);
    expect(sentBy(host)).toHaveLength(0);
    const skipped = (await runs()).find((run) => lastStep(run) === 'skipped')!;
    expect(skipped.steps.map((step) => step.name)).toEqual(['milestone', 'deadline', 'check-1', 'skipped']);
    expect(host.logs().some((line) => line.plugin === PLUGIN && String(line.msg).includes('their last CSAT answer was low'))).toBe(true);

    // A CSAT of 3 is above the threshold: the next milestone goes out.
    await host.advance('P1D');
    await answer(id, { csat: 3 });
    await answer(id, { nps: 9 });
    expect(sentBy(host)).toHaveLength(1);
  });

  it('thanks on the anniversary of the first interaction, found by the sweep, once', async () => {
    await start({ purchaseCounts: [], npsPromoters: false, sweepEvery: 'PT1H', defaultChannel: 'chat' });
    const id = await customer('Linus');
    // Their first interaction, a year ago at 10:30; a later one does not move the anniversary.
    const firstAt = new Date(Date.parse(START) - 365 * DAY + 90 * 60_000);
    await host.interactions.record({ customerId: id, channel: 'email', direction: 'INBOUND', type: 'message', text: 'hi', occurredAt: firstAt });
    await host.interactions.record({ customerId: id, channel: 'email', direction: 'INBOUND', type: 'message', text: 'again', occurredAt: new Date(firstAt.getTime() + DAY) });
    for (const c of await host.conversations.list(id, { status: 'OPEN' })) await host.conversations.resolve(c.id);
    const api = host.getExports<{ idle(): Promise<void>; sweep(): Promise<number> }>(PLUGIN);
    // Sweeps at 10:00 and 11:00; the 11:00 one covers 10:30 a year ago (2026 is not a leap year).
    await host.advance('PT1H');
    await api.idle();
    await host.advance(0);
    expect(sentBy(host)).toHaveLength(0);
    await host.advance('PT1H');
    await api.idle();
    await host.advance(0);
    const sent = sentBy(host);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'email', to: 'linus@example.com' });
    expect(sent[0]!.text).toBe('Hi Linus, today marks one year with us. Thank you for being with us!');
    const [run] = await runs();
    expect(run!.input).toEqual({ customerId: id, anniversaryYears: 1 });
    // A second look at the same hour (another instance, a restart) starts a run that stops.
    await host.storage(PLUGIN).set('anniversaries:sweptUntil', new Date(Date.parse(START) + 3600_000).toISOString());
    expect(await api.sweep()).toBe(1);
    await host.advance(0);
    expect(sentBy(host)).toHaveLength(1);
    expect((await runs()).map(lastStep).sort()).toEqual(['skipped', 'thanked']);
  });

  it('stops with an error naming the setting for an unknown placeholder', async () => {
    host = await createTestHost({ plugins: [PLUGIN_DIR, RECORDING_CHANNELS_DIR], settings: { [PLUGIN]: { purchaseText: 'Hi {firstName}' } }, clock: new FakeClock(START), expectFailures: true });
    await host.activate(PLUGIN).catch(() => undefined);
    expect(host.plugin(PLUGIN).state).toBe('FAILED');
    expect(host.plugin(PLUGIN).error).toContain('purchaseText');
    expect(host.plugin(PLUGIN).error).toContain('{firstName}');
  });
});
