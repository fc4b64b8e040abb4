import { describe, expect, it } from 'vitest';
import { CSAT_QUESTION, NPS_QUESTION, type InboundMessage, type JsonValue, type KeyValueStorage } from '@rapport/sdk';
import { PendingSurveys, pendingSurveyKey } from '../src/index.js';

/** The plugin storage contract over a Map, as the core's storage behaves for one plugin. */
function memoryStorage(): KeyValueStorage & { map: Map<string, JsonValue> } {
  const map = new Map<string, JsonValue>();
  return {
    map,
    get: async <T extends JsonValue>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => void map.set(key, structuredClone(value)),
    delete: async (key) => map.delete(key),
    keys: async (prefix = '') => [...map.keys()].filter((key) => key.startsWith(prefix)).sort(),
  };
}

const ASKED_AT = new Date('2026-03-02T10:00:00Z');

function reply(text: string, at: Date, extra: Partial<InboundMessage> = {}): InboundMessage {
  return { externalId: `in-${text}`, from: { phone: '+31612345678' }, text, occurredAt: at, metadata: { kind: 'text' }, ...extra };
}

describe('PendingSurveys', () => {
  it('reads nothing from storage for a message that holds no number, since it answers nothing', async () => {
    const storage = memoryStorage();
    const reads: string[] = [];
    const counted = { ...storage, get: async <T extends JsonValue>(key: string) => (reads.push(key), storage.get<T>(key)) };
    const surveys = new PendingSurveys(counted);
    await surveys.asked('sms', '+31612345678', { messageId: 'SM1', question: CSAT_QUESTION, at: ASKED_AT });
    const chatter = reply('Where is my parcel?', new Date(ASKED_AT.getTime() + 60_000));
    expect(await surveys.answer('sms', '+31612345678', chatter)).toBe(chatter);
    expect(reads).toEqual([]);
    expect(await surveys.answer('sms', '+31612345678', reply('3', new Date(ASKED_AT.getTime() + 90_000)))).toMatchObject({ type: 'survey_response' });
    expect(reads).toEqual([pendingSurveyKey('sms', '+31612345678')]);
  });

  it('turns the first reply with an answer into a survey_response that refers to the survey, once', async () => {
    const storage = memoryStorage();
    const surveys = new PendingSurveys(storage);
    await surveys.asked('sms', '+31612345678', { messageId: 'SM1', question: CSAT_QUESTION, at: ASKED_AT });
    expect(storage.map.has(pendingSurveyKey('sms', '+31612345678'))).toBe(true);

    const chatter = reply('Thanks!', new Date(ASKED_AT.getTime() + 60_000));
    expect(await surveys.answer('sms', '+31612345678', chatter)).toBe(chatter);

    const answered = await surveys.answer('sms', '+31612345678', reply('4 - quick', new Date(ASKED_AT.getTime() + 120_000), { references: ['earlier'] }));
    expect(answered).toMatchObject({
      type: 'survey_response',
      references: ['earlier', 'SM1'],
      metadata: { kind: 'text', csat: 4, survey: { metric: 'csat', min: 1, max: 5, messageId: 'SM1' } },
    });
    // Answered: a later number is an ordinary message again.
    const later = reply('5', new Date(ASKED_AT.getTime() + 180_000));
    expect(await surveys.answer('sms', '+31612345678', later)).toBe(later);
    expect(await surveys.find('sms', '+31612345678')).toBeUndefined();
  });

  it('reads nothing from another address or channel, off the scale, before the question, or too late', async () => {
    const surveys = new PendingSurveys(memoryStorage(), { answerWithinMs: 3_600_000 });
    await surveys.asked('whatsapp', '+31612345678', { messageId: 'wamid.1', question: NPS_QUESTION, at: ASKED_AT });
    const soon = new Date(ASKED_AT.getTime() + 60_000);
    for (const [channel, address, message] of [
      ['whatsapp', '+31600000000', reply('9', soon)],
      ['sms', '+31612345678', reply('9', soon)],
      ['whatsapp', '+31612345678', reply('11', soon)],
      ['whatsapp', '+31612345678', reply('9', new Date(ASKED_AT.getTime() - 60_000))],
      ['whatsapp', '+31612345678', reply('9', new Date(ASKED_AT.getTime() + 3_600_001))],
      ['whatsapp', '+31612345678', reply('9', soon, { type: 'call' })],
    ] as const) {
      expect(await surveys.answer(channel, address, message), `${channel} ${address} ${message.text}`).toBe(message);
    }
    // A provider's whole-second timestamp in the second of the question still answers it.
    expect(await surveys.answer('whatsapp', '+31612345678', reply('9', new Date(ASKED_AT.getTime() - 500)))).toMatchObject({ type: 'survey_response', metadata: { nps: 9 } });
  });

  it('forgets a pending question for erasure, and ignores what it did not write', async () => {
    const storage = memoryStorage();
    const surveys = new PendingSurveys(storage);
    await surveys.asked('sms', '+31612345678', { messageId: 'SM1', question: CSAT_QUESTION });
    expect(await surveys.find('sms', '+31612345678')).toMatchObject({ messageId: 'SM1', question: CSAT_QUESTION });
    expect(await surveys.forget('sms', '+31612345678')).toBe(true);
    expect(storage.map.size).toBe(0);
    await storage.set(pendingSurveyKey('sms', '+1'), { messageId: 3 });
    expect(await surveys.find('sms', '+1')).toBeUndefined();
  });
});
