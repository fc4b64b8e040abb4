import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutboundMessage } from '../contributions/channel.js';
import type { TestHost } from './TestHost.js';

/**
 * The directory of a fixture plugin with `chat`, `sms`, `email` and `whatsapp` channels that keep
 * every message they are asked to send, for a plugin's tests to load beside it: a plugin that
 * sends (a workflow, a bot, a survey) is tested without a provider. Do not load it with a real
 * plugin that contributes one of those channels.
 *
 * @example
 * ```ts
 * const host = await createTestHost({ plugins: [PLUGIN_DIR, RECORDING_CHANNELS_DIR] });
 * ```
 */
// From src/testing and from dist/testing alike, the fixture is two folders up.
export const RECORDING_CHANNELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'testing-fixtures', 'recording-channels');

/** The fixture plugin's name, for `host.plugin(…)`. */
export const RECORDING_CHANNELS = '@rapport/testing-recording-channels';

/** A message the recording channels were asked to send, with the channel and the send's idempotency key; `repeat` for a retry. */
export type SentMessage = OutboundMessage & { channel: string; idempotencyKey: string; externalId: string; repeat: boolean };

/**
 * Every message the recording channels sent so far, in order, retries included (`repeat`).
 *
 * @example
 * ```ts
 * expect(sentBy(host).map((message) => message.channel)).toEqual(['sms']);
 * ```
 */
export function sentBy(host: TestHost): SentMessage[] {
  // The channels activate lazily, on the first send.
  return host.plugin(RECORDING_CHANNELS).state === 'ACTIVE' ? host.getExports<{ sent: SentMessage[] }>(RECORDING_CHANNELS).sent : [];
}
