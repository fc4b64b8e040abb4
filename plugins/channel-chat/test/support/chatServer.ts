import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRapport, type RapportProcess } from '@rapport/sdk/testing';

export const PLUGIN = '@rapport/plugin-channel-chat';
export const PLUGIN_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** The origin of the page that embeds the widget in these tests. */
export const SHOP = 'https://shop.example.com';
export const IDENTITY_SECRET = 'test-identity-secret-0123456789-abcdefghij';

/** A real `rapport start` with the chat plugin, on a fresh SQLite file. */
export interface ChatServer {
  server: RapportProcess;
  /** `<server>/channels/chat/`. */
  chat: string;
  stop(): Promise<void>;
}

export async function startChatServer(settings: Record<string, unknown> = {}): Promise<ChatServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-chat-'));
  const configFile = path.join(dir, 'rapport.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      server: { host: '127.0.0.1', port: 0 },
      database: { url: `sqlite:${path.join(dir, 'rapport.db')}` },
      plugins: [PLUGIN_DIR],
      pluginSettings: { [PLUGIN]: { allowedOrigins: [SHOP], identitySecret: IDENTITY_SECRET, sessionsPerMinute: 100, messagesPerMinute: 100, ...settings } },
    }),
  );
  const server = await startRapport(configFile, { readyTimeoutMs: 60_000 });
  return {
    server,
    chat: `${server.url}/channels/chat/`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a chat server before the suite's tests and stops it after them; the object it returns is
 * filled in once the server is up, so tests use it as they would the server itself.
 */
export function useChatServer(settings: Record<string, unknown> = {}): ChatServer {
  const chat = {} as ChatServer;
  beforeAll(async () => {
    Object.assign(chat, await startChatServer(settings));
  }, 60_000);
  afterAll(async () => {
    await chat.stop?.();
  });
  return chat;
}

/** A chat message as the visitor API answers it. */
export interface WireMessage {
  id: string;
  cursor?: string;
  direction: 'visitor' | 'agent' | 'bot';
  channel: string;
  text: string;
  botName?: string;
}

/** A browser's visitor: its token, and the visitor API called the way the widget calls it. */
export class Visitor {
  private constructor(
    readonly chat: string,
    public token: string,
    public handle: string,
    readonly origin = SHOP,
  ) {}

  static async start(chat: string, origin = SHOP): Promise<Visitor> {
    const response = await fetch(`${chat}session`, { method: 'POST', headers: { origin } });
    if (response.status !== 201) throw new Error(`POST /session answered ${response.status}: ${await response.text()}`);
    const { token, handle } = (await response.json()) as { token: string; handle: string };
    return new Visitor(chat, token, handle, origin);
  }

  call(method: string, route: string, body?: unknown, token = this.token): Promise<Response> {
    return fetch(`${this.chat}${route}`, {
      method,
      headers: { origin: this.origin, authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  }

  async say(text: string, id = `m${Math.random().toString(36).slice(2)}`): Promise<WireMessage> {
    const response = await this.call('POST', 'messages', { id, text });
    if (response.status !== 201) throw new Error(`POST /messages answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { message: WireMessage }).message;
  }

  async history(after?: string): Promise<{ messages: WireMessage[]; cursor: string | null }> {
    const response = await this.call('GET', `messages${after ? `?after=${encodeURIComponent(after)}` : ''}`);
    if (response.status !== 200) throw new Error(`GET /messages answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { messages: WireMessage[]; cursor: string | null };
  }

  /** Opens `GET /events` and collects what arrives. */
  async events(after?: string): Promise<EventStream> {
    const controller = new AbortController();
    const response = await fetch(`${this.chat}events${after ? `?after=${encodeURIComponent(after)}` : ''}`, {
      headers: { origin: this.origin, authorization: `Bearer ${this.token}` },
      signal: controller.signal,
    });
    return new EventStream(response, controller);
  }
}

/** One server-sent event. */
export interface ServerEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An open `GET /events` response, read as the widget reads it: fetch and a stream reader. */
export class EventStream {
  readonly received: ServerEvent[] = [];
  private readonly done: Promise<void>;

  constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {
    this.done = this.read().catch(() => undefined);
  }

  /** The messages received so far. */
  messages(): WireMessage[] {
    return this.received.filter((e) => e.event === 'message').map((e) => e.data as unknown as WireMessage);
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }

  private async read(): Promise<void> {
    if (!this.response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = this.response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      buffer += decoder.decode(chunk.value, { stream: true });
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) this.received.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  }
}

/** The customer with this chat handle, as agents see it over GraphQL. */
export async function customerByHandle(server: RapportProcess, handle: string): Promise<CustomerView | undefined> {
  const data = await server.graphql<{ customers: { edges: { node: CustomerView }[] } }>(
    `{ customers(first: 100) { edges { node { id displayName emails handles { channel handle }
        interactions(first: 100) { edges { node { id channel direction type text externalId metadata delivery { status } } } } } } } }`,
  );
  return data.customers.edges.map((edge) => edge.node).find((customer) => customer.handles.some((h) => h.channel === 'chat' && h.handle === handle));
}

export interface CustomerView {
  id: string;
  displayName: string | null;
  emails: string[];
  handles: { channel: string; handle: string }[];
  interactions: { edges: { node: { id: string; channel: string; direction: string; type: string; text: string | null; externalId: string | null; metadata: Record<string, unknown>; delivery: { status: string } | null } }[] };
}
