import type { Interaction } from '@rapport/sdk';

/**
 * A conversation's history as the core hands it to a bot: oldest first, each message an
 * interaction of one customer in one conversation, a minute apart.
 */
export class History {
  private readonly interactions: Interaction[] = [];

  /** The customer writes. */
  customer(text: string): Interaction {
    return this.add({ direction: 'INBOUND', text, metadata: {} });
  }

  /** A reply goes out, as the core records it for a bot (`metadata.bot`) or an agent. */
  reply(text: string, metadata: Record<string, unknown> = {}): Interaction {
    return this.add({ direction: 'OUTBOUND', text, metadata });
  }

  /** The turn for the last message: it and everything before it. */
  turn(): { message: Interaction; history: Interaction[] } {
    return { message: this.interactions.at(-1)!, history: [...this.interactions] };
  }

  private add(fields: Pick<Interaction, 'direction' | 'text' | 'metadata'>): Interaction {
    const n = this.interactions.length;
    const interaction: Interaction = {
      id: `int_${n + 1}`,
      customerId: 'cus_1',
      conversationId: 'conv_1',
      channel: 'chat',
      type: 'message',
      subject: null,
      occurredAt: new Date(Date.UTC(2026, 2, 2, 9, n)),
      externalId: null,
      ...fields,
    };
    this.interactions.push(interaction);
    return interaction;
  }
}
