/**
 * `@rapport/lib-aftercare/testing`: what aftercare plugins' tests share on the SDK's test host: a
 * plugin with `chat`, `sms` and `email` channels that keeps every message sent.
 *
 * @packageDocumentation
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutboundMessage } from '@rapport/sdk';
import type { TestHost } from '@rapport/sdk/testing';

/** The fixture plugin's directory, for `createTestHost({ plugins: [...] })`. */
export const AFTERCARE_CHANNELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'channels');
/** The fixture plugin's name. */
export const AFTERCARE_CHANNELS = '@fixtures/aftercare-channels';

/** A message the fixture channels were asked to send. */
export type SentMessage = OutboundMessage & { channel: string; idempotencyKey: string; externalId: string; repeat: boolean };

/**
 * Every message the fixture channels sent so far, retries included (`repeat`).
 *
 * @example
 * ```ts
 * expect(sentBy(host).map((message) => message.channel)).toEqual(['sms']);
 * ```
 */
export function sentBy(host: TestHost): SentMessage[] {
  // The channels activate lazily, on the first send.
  return host.plugin(AFTERCARE_CHANNELS).state === 'ACTIVE' ? host.getExports<{ sent: SentMessage[] }>(AFTERCARE_CHANNELS).sent : [];
}
