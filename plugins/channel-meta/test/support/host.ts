import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Interaction } from '@rapport/sdk';
import { createTestHost, FakeClock, type TestHost, type TestWebhookResponse } from '@rapport/sdk/testing';
import type { FakeGraph } from './fakeGraph.js';

/** The plugin's package name, as the host knows it. */
export const META = '@rapport/plugin-channel-meta';

/** The plugin's directory: tests load the real package, manifest and all. */
export const PLUGIN_DIR = fileURLToPath(new URL('../..', import.meta.url));

export const APP_SECRET = 'test-app-secret-0123456789abcdef';
export const VERIFY_TOKEN = 'verify-me-please';
export const ACCESS_TOKEN = 'EAAG-test-access-token';
export const PHONE_NUMBER_ID = '106540352242922';
export const PAGE_ID = '112233445566';

/** The plugin's settings, pointing at the fake Graph API, with retries that do not wait. */
export function settingsFor(graph: FakeGraph, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    accessToken: ACCESS_TOKEN,
    phoneNumberId: PHONE_NUMBER_ID,
    pageId: PAGE_ID,
    graphApiBaseUrl: graph.baseUrl,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 },
    ...overrides,
  };
}

/**
 * A test host running the plugin against `graph`. The clock starts at `start` (by default now):
 * Messenger's 24-hour rule is measured on the system clock, as Meta measures it, so tests that
 * cross it start the fake clock in the past and move it up to the present.
 */
export function metaHost(graph: FakeGraph, options: { start?: Date; settings?: Record<string, unknown> } = {}): Promise<TestHost> {
  return createTestHost({
    plugins: ['./'],
    baseDir: PLUGIN_DIR,
    clock: new FakeClock(options.start ?? new Date()),
    settings: { [META]: options.settings ?? settingsFor(graph) },
  });
}

/** `sha256=<hex HMAC-SHA256>` of the exact bytes, as Meta signs them. */
export function signature(body: string | Uint8Array, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A webhook call as Meta makes it: the body as given (a string is sent as its UTF-8 bytes), signed unless told otherwise. */
export function postWebhook(host: TestHost, channel: 'whatsapp' | 'messenger', body: string | object, options: { signature?: string | null } = {}): Promise<TestWebhookResponse> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const sig = options.signature === undefined ? signature(raw) : options.signature;
  return host.webhook(channel, {
    method: 'POST',
    url: `/channels/${channel}/inbound`,
    contentType: 'application/json',
    headers: { 'content-type': 'application/json', ...(sig !== null && { 'x-hub-signature-256': sig }) },
    body: raw,
  });
}

/** Every interaction of the deployment, by way of its customers (a test has few). */
export async function allInteractions(host: TestHost): Promise<Interaction[]> {
  const customers = await host.customers.find({ limit: 1000 });
  return (await Promise.all(customers.map((customer) => host.interactions.list(customer.id)))).flat();
}

/** The delivery status of a message as GraphQL reports it (`Interaction.delivery`). */
export async function deliveryOf(host: TestHost, interactionId: string): Promise<{ status: string; error: string | null } | null> {
  const result = await host.graphql<{ node: { delivery: { status: string; error: string | null } | null } | null }>(
    'query ($id: ID!) { node(id: $id) { ... on Interaction { delivery { status error } } } }',
    { id: globalId('Interaction', interactionId) },
  );
  if (result.errors?.length) throw new Error(`GraphQL: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.data?.node?.delivery ?? null;
}

/** The GraphQL id of a stored object (base64url of `Type:id`, as the API issues them). */
export function globalId(type: 'Customer' | 'Interaction' | 'Conversation', id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}
