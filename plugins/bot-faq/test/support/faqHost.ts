import { fileURLToPath } from 'node:url';
import type { Conversation, Interaction, OutboundMessage } from '@rapport/sdk';
import { createTestHost, FakeClock, RECORDING_CHANNELS_DIR, sentBy, waitFor, type TestHost } from '@rapport/sdk/testing';
import { SHOP_ARTICLES } from './articles.js';

/** The plugin's package name, as the host knows it. */
export const FAQ = '@rapport/plugin-bot-faq';

/** The plugin's directory: tests load the real package, manifest and all. */
export const PLUGIN_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A test host with the FAQ bot first on the SDK test host's recording `chat` channel, on a fake clock.
 * `settings` replace the bot's settings (the shop's articles by default).
 */
export function faqHost(settings: Record<string, unknown> = { articles: SHOP_ARTICLES }): Promise<TestHost> {
  return createTestHost({
    plugins: ['./', RECORDING_CHANNELS_DIR],
    baseDir: PLUGIN_DIR,
    clock: new FakeClock('2026-03-02T09:00:00Z'),
    settings: { [FAQ]: settings },
    bots: { chat: 'faq' },
  });
}

/** A customer of the test chat, writing to the bot and reading what came back. */
export class ChatCustomer {
  constructor(
    private readonly host: TestHost,
    readonly handle: string,
  ) {}

  /** Writes a message, as the channel would record it. */
  write(text: string): Promise<Interaction> {
    return this.host.interactions.record({ handle: this.handle, channel: 'chat', direction: 'INBOUND', type: 'message', text });
  }

  /** Waits until the channel has sent the customer `count` messages, and returns them. */
  async received(count: number): Promise<OutboundMessage[]> {
    return waitFor(`${count} message(s) sent to ${this.handle} on chat`, () => {
      const sent = this.sent();
      return sent.length >= count ? sent : undefined;
    }, 5_000);
  }

  /** Every message the channel has sent this customer so far. */
  sent(): OutboundMessage[] {
    return sentBy(this.host).filter((message) => message.to === this.handle);
  }

  /** The customer's only conversation. */
  async conversation(customerId: string): Promise<Conversation> {
    const [conversation, ...others] = await this.host.conversations.list(customerId);
    if (!conversation || others.length > 0) throw new Error(`expected one conversation for ${this.handle}, found ${others.length + (conversation ? 1 : 0)}`);
    return conversation;
  }

  /** The conversation's interactions in one direction, oldest first. */
  async interactions(customerId: string, direction: Interaction['direction']): Promise<Interaction[]> {
    return (await this.host.interactions.list(customerId)).filter((interaction) => interaction.direction === direction);
  }
}
