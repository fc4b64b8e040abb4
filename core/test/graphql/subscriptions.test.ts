import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from './graphqlHarness.js';

const SUBSCRIBE = 'subscription ($customerId: ID) { interactionRecorded(customerId: $customerId) { id text channel customer { id emails } } }';

/** Reads server-sent events from a response body, one `event:`/`data:` block at a time. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    /** The data of the next `next` event, or undefined when the stream ends. */
    async next(): Promise<Record<string, Json> | undefined> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
          if (lines.includes('event: next') && data) return JSON.parse(data) as Record<string, Json>;
          continue; // keep-alive comments and other events
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe.each(TEST_DATABASES)('GraphQL subscriptions over SSE on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const record = async (email: string, text: string) =>
    (
      await h.data('mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id customer { id } } }', {
        input: { email, channel: 'chat', direction: 'INBOUND', type: 'message', text },
      })
    ).recordInteraction;

  it("streams a customer's recorded interactions, and only theirs", async () => {
    h = await createGraphQLHarness(kind);
    const ada = (await record('ada@example.com', 'first')).customer.id;
    await record('grace@example.com', 'hello');

    const abort = new AbortController();
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...h.authHeaders },
      body: JSON.stringify({ query: SUBSCRIBE, variables: { customerId: ada } }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = sseReader(response.body!);

    // The subscription starts listening shortly after the headers; record until an event arrives,
    // each time for the other customer first, whose interactions must never be streamed.
    const received: Promise<Record<string, Json> | undefined> = events.next();
    let n = 0;
    let event: Record<string, Json> | undefined;
    while (!event && n < 50) {
      n++;
      await record('grace@example.com', `grace ${n}`);
      await record('ada@example.com', `ada ${n}`);
      event = await Promise.race([received, new Promise<undefined>((resolve) => setTimeout(resolve, 100))]);
    }
    expect(event).toMatchObject({
      data: { interactionRecorded: { id: expect.any(String), channel: 'chat', text: expect.stringMatching(/^ada \d+$/), customer: { id: ada, emails: ['ada@example.com'] } } },
    });

    // Every later event is Ada's too.
    await record('grace@example.com', 'grace again');
    await record('ada@example.com', 'ada again');
    let next = await events.next();
    while (next && next.data.interactionRecorded.text !== 'ada again') {
      expect(next.data.interactionRecorded.customer.id).toBe(ada);
      next = await events.next();
    }
    expect(next?.data.interactionRecorded.customer.id).toBe(ada);
    abort.abort();
    await events.cancel().catch(() => undefined);
  });
});
