import { fileURLToPath } from 'node:url';
import type { DeliveredEvent, Direction } from '@rapport/sdk';
import { createTestHost, FakeClock, type TestHost, type TestHostOptions } from '@rapport/sdk/testing';

/** The plugin's package name. */
export const PLUGIN = '@rapport/plugin-segmentation-lifecycle';

/** The plugin's package directory, loaded by path because the repository is not npm-installed. */
export const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The NPS scoring plugin's directory, written alongside this one. */
export const NPS_PLUGIN_DIR = fileURLToPath(new URL('../../scoring-nps', import.meta.url));

/** Where every test's clock starts: a fixed date, so timestamps in assertions are exact. */
export const START = '2026-03-02T09:00:00.000Z';

/** A test host with this plugin loaded on a FakeClock at {@link START}. */
export async function startHost(options: Partial<TestHostOptions> = {}): Promise<TestHost> {
  return createTestHost({ plugins: [PLUGIN_DIR], clock: new FakeClock(START), ...options });
}

/** Records an interaction for the customer with this email, then lets its events be delivered. */
export async function record(
  host: TestHost,
  email: string,
  interaction: { type?: string; direction?: Direction; metadata?: Record<string, unknown>; occurredAt?: Date } = {},
): Promise<string> {
  const recorded = await host.interactions.record({
    email,
    channel: 'email',
    direction: interaction.direction ?? 'INBOUND',
    type: interaction.type ?? 'message',
    text: 'Hello',
    ...(interaction.metadata && { metadata: interaction.metadata }),
    ...(interaction.occurredAt && { occurredAt: interaction.occurredAt }),
  });
  await host.advance(0);
  return recorded.customerId;
}

/** A purchase, as contracts §5 describes it. */
export function purchase(host: TestHost, email: string, amount = 42.5): Promise<string> {
  return record(host, email, { type: 'purchase', metadata: { amount, currency: 'EUR' } });
}

/** The customer's lifecycle segments, as the core stores them. */
export async function lifecycle(host: TestHost, customerId: string): Promise<string[]> {
  return (await host.segments(customerId)).filter((membership) => membership.model === 'lifecycle').map((membership) => membership.segment);
}

/** The customer's segment.entered / segment.left events, as [type, segment] pairs, oldest first. */
export function moves(host: TestHost, customerId: string): [string, string][] {
  return host
    .events()
    .filter((event): event is DeliveredEvent<'segment.entered'> => event.eventType === 'segment.entered' || event.eventType === 'segment.left')
    .filter((event) => event.customerId === customerId)
    .map((event) => [event.eventType === 'segment.entered' ? 'entered' : 'left', event.segment]);
}

/** The GraphQL id of the customer with this email (the API's ids are its own, not the core's). */
export async function graphqlId(host: TestHost, email: string): Promise<string> {
  const result = await host.graphql<{ customers: { edges: { node: { id: string } }[] } }>(
    'query ($email: String!) { customers(query: $email) { edges { node { id } } } }',
    { email },
  );
  const [edge, ...others] = result.data?.customers.edges ?? [];
  if (!edge || others.length > 0) throw new Error(`Expected one customer with email ${email}, got ${JSON.stringify(result)}`);
  return edge.node.id;
}
