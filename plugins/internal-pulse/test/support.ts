import { fileURLToPath } from 'node:url';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';

export const PLUGIN = '@rapport/plugin-internal-pulse';
export const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));
export const CAPTURE_DIR = fileURLToPath(new URL('./fixtures/capture-email', import.meta.url));
export const PUBLIC_URL = 'https://crm.example.com';
const LINK = /https:\/\/crm\.example\.com\/channels\/pulse\/inbound\?token=([A-Za-z0-9_-]+)/;

/** A sent message, as the capture channel keeps it. */
export interface Captured {
  customerId: string;
  text: string;
  idempotencyKey: string;
}

/** A test host with the pulse plugin and the capturing email channel. */
export async function startHost(settings: Record<string, unknown> = {}): Promise<TestHost> {
  return createTestHost({
    plugins: [CAPTURE_DIR, PLUGIN_DIR],
    settings: { [PLUGIN]: { publicUrl: PUBLIC_URL, ...settings } },
    clock: new FakeClock('2026-03-02T09:00:00Z'),
  });
}

/** Creates `count` employees of `team`; returns their ids. */
export async function employees(host: TestHost, team: string | undefined, count: number, domain = 'acme.example'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${team ?? 'nobody'}-${i}`.replace(/\W+/g, '-');
    const customer = await host.customers.create({ displayName: name, emails: [`${name}@${domain}`], attributes: { kind: 'employee', ...(team && { team }) } });
    ids.push(customer.id);
  }
  await host.advance(0);
  return ids;
}

/** Everything the capture channel delivered so far. */
export function sent(host: TestHost): Captured[] {
  if (host.plugin('@fixtures/pulse-capture-email').state !== 'ACTIVE') return [];
  return host.getExports<{ sent: Captured[] }>('@fixtures/pulse-capture-email').sent;
}

/** The token in a message's link. */
export function tokenIn(text: string): string {
  const match = LINK.exec(text);
  if (!match) throw new Error(`no pulse link in: ${text}`);
  return match[1]!;
}

/** The latest link token each customer was sent. */
export function latestTokens(host: TestHost): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const message of sent(host)) tokens.set(message.customerId, tokenIn(message.text));
  return tokens;
}

/** Posts an answer to the inbound route as the HTTP route answers it. */
export async function answer(host: TestHost, body: unknown, query = ''): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await host.webhook('pulse', {
    method: 'POST',
    url: `/channels/pulse/inbound${query}`,
    contentType: 'application/json',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}

/** Starts a round through GraphQL; returns its id and sentTo. */
export async function startRound(host: TestHost, question = 'I would recommend working here to a friend.'): Promise<{ id: string; sentTo: number }> {
  const result = await host.graphql<{ startPulseRound: { id: string; sentTo: number } }>(
    'mutation ($q: String!) { startPulseRound(input: { question: $q }) { id question sentTo } }',
    { q: question },
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.startPulseRound;
}

/** A round's results by key. */
export async function results(host: TestHost, round: string, groupBy?: string) {
  const result = await host.graphql<{ pulseResults: { key: string; suppressed: boolean; responses: number | null; average: number | null; comments: string[] | null }[] }>(
    'query ($round: ID!, $groupBy: String) { pulseResults(round: $round, groupBy: $groupBy) { key suppressed responses average comments } }',
    { round, groupBy },
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.pulseResults;
}
