/** A GraphQL subscription over server-sent events, as a front-end holds one open. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface Subscription {
  /** The `data` of every event so far, oldest first. */
  readonly events: Json[];
  close(): void;
}

/**
 * Subscribes with a bearer token and collects every event's data until closed; resolves once the
 * server has answered with the event stream.
 */
export async function subscribe(baseUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Subscription> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.headers.get('content-type')?.includes('text/event-stream')) {
    throw new Error(`The subscription was refused: ${response.status} ${await response.text()}`);
  }
  const events: Json[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
          if (lines.includes('event: next') && data) events.push((JSON.parse(data) as { data: Json }).data);
        }
      }
    } catch {
      // Closed by the test.
    }
  })();
  return { events, close: () => abort.abort() };
}
