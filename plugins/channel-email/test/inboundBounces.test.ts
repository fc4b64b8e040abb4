import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InboundRequest, JsonValue, KeyValueStorage } from '@rapport/sdk';
import { describe, expect, it } from 'vitest';
import { readInbound } from '../src/inbound.js';
import { messageIdForKey } from '../src/messageIds.js';
import { SurveyMemory } from '../src/surveyMemory.js';
import { BOUNCED_KEYS, rawEmail } from './support.js';

const BOUNCES = fileURLToPath(new URL('./bounces/', import.meta.url));

/** Storage in a Map: the plugin's storage contract, without a host. */
function mapStorage(): KeyValueStorage {
  const values = new Map<string, JsonValue>();
  return {
    get: async <T extends JsonValue>(key: string) => values.get(key) as T | undefined,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => values.delete(key),
    keys: async (prefix = '') => [...values.keys()].filter((key) => key.startsWith(prefix)),
  };
}

/** What the channel's parseInbound answers for a body, and what it logged at info. */
async function parse(body: Uint8Array | string) {
  const logged: { fields: Record<string, unknown>; msg: string }[] = [];
  const logger = { info: (fields: Record<string, unknown>, msg: string) => void logged.push({ fields, msg }) };
  const request: InboundRequest = { method: 'POST', url: '/channels/email/inbound', publicUrl: 'http://127.0.0.1/channels/email/inbound', headers: {}, body: typeof body === 'string' ? Buffer.from(body) : body, contentType: 'message/rfc822' };
  const result = await readInbound(request, { surveys: new SurveyMemory(mapStorage()), logger: logger as never });
  return { result, logged };
}

describe("the email channel's parseInbound for bounces", () => {
  it('answers a failure with a FAILED receipt for the original Message-ID, the bounce time, and no message', async () => {
    const { result, logged } = await parse(readFileSync(`${BOUNCES}01-postfix-dsn.eml`));
    expect(result).toEqual({
      messages: [],
      receipts: [
        {
          externalId: messageIdForKey(BOUNCED_KEYS.postfix, 'rapport.test'),
          status: 'FAILED',
          error: '5.1.1 smtp; 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
          occurredAt: new Date('2026-03-02T09:01:12Z'),
        },
      ],
    });
    expect(logged).toEqual([]);
  });

  it('answers a delay warning with nothing and logs it at info', async () => {
    const { result, logged } = await parse(readFileSync(`${BOUNCES}04-postfix-delayed-dsn.eml`));
    expect(result).toEqual({ messages: [] });
    expect(logged).toEqual([
      {
        fields: { bounceMessageId: '20260302131540.4fKr9q3Lp1z9sXc@mail.rapport.test', format: 'dsn', actions: ['delayed'], originalMessageId: messageIdForKey(BOUNCED_KEYS.delayed, 'rapport.test') },
        msg: expect.stringMatching(/not a failure/),
      },
    ]);
  });

  it('answers a failure whose original cannot be found with nothing and logs it at info', async () => {
    const { result, logged } = await parse(readFileSync(`${BOUNCES}06-mailer-daemon-without-original.eml`));
    expect(result).toEqual({ messages: [] });
    expect(logged).toEqual([{ fields: expect.objectContaining({ format: 'non-standard', error: 'Sorry, no mailbox here by that name. (#5.1.1)' }), msg: expect.stringMatching(/bounce without the Message-ID of the message it returns/) }]);
  });

  it("still answers a customer's email with the message", async () => {
    const { result } = await parse(rawEmail({ messageId: 'hello.1@example.com', text: 'Hello' }));
    expect(result).toEqual([expect.objectContaining({ externalId: 'hello.1@example.com', from: { email: 'ada@example.com', name: 'Ada Lovelace' }, text: 'Hello' })]);
  });
});
