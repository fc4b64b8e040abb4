import { createHash, randomBytes } from 'node:crypto';
import { ValidationError, type OutboundMessage, type PluginContext, type SendOptions, type SendResult, type TypingIndicator } from '@rapport/sdk';
import { CHAT_CHANNEL, messageKey, type ChatMessage } from './chatMessage.js';
import type { LiveStreams } from './liveStreams.js';

/**
 * The chat channel's `send` and `showTyping`: both push to the visitor's event streams open on
 * this instance. The core records the message; streams elsewhere read it on their next catch-up.
 */
export class ChatOutbound {
  constructor(
    private readonly ctx: Pick<PluginContext, 'customers'>,
    private readonly streams: LiveStreams,
  ) {}

  /** Pushes an agent's or bot's message; `DELIVERED` when an open stream took it, else `SENT`. */
  async send(message: OutboundMessage, { idempotencyKey }: SendOptions): Promise<SendResult> {
    if (!message.to) {
      throw new ValidationError(
        `Customer "${message.customerId}" has no live-chat visitor (no handle on channel "${CHAT_CHANNEL}"), so there is nobody to chat with. Reply on a channel they used, such as email.`,
        'to',
      );
    }
    // A retry with the same key gets the same id, and the widget shows the message once.
    const externalId = idempotencyKey ? `out_${createHash('sha256').update(`${message.customerId}\n${idempotencyKey}`).digest('base64url').slice(0, 24)}` : `out_${randomBytes(18).toString('base64url')}`;
    const bot = typeof message.metadata?.bot === 'string';
    const chatMessage: ChatMessage = {
      id: messageKey(CHAT_CHANNEL, externalId),
      direction: bot ? 'bot' : 'agent',
      channel: CHAT_CHANNEL,
      text: message.text,
      occurredAt: new Date().toISOString(),
      ...(bot && typeof message.metadata?.botName === 'string' && { botName: message.metadata.botName }),
    };
    const delivered = this.streams.push(await this.handlesOf(message.customerId, message.to), { type: 'message', message: chatMessage });
    return { externalId, status: delivered > 0 ? 'DELIVERED' : 'SENT' };
  }

  /** Shows (or hides) "the agent is typing" in the visitor's open widgets. */
  async showTyping(indicator: TypingIndicator): Promise<void> {
    this.streams.push(await this.handlesOf(indicator.customerId, indicator.to), { type: 'typing', typing: indicator.typing });
  }

  /** Every chat handle of the customer: after identifies, one person may chat from several browsers. */
  private async handlesOf(customerId: string, to: string | undefined): Promise<string[]> {
    const customer = await this.ctx.customers.get(customerId);
    const handles = (customer?.handles ?? []).filter((h) => h.channel === CHAT_CHANNEL).map((h) => h.handle);
    return to ? [to, ...handles] : handles;
  }
}
