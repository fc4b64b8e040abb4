import { inject, injectable } from 'inversify';
import { serviceToken, type InboundRequest, type Interaction, type WebhookResponse } from '@rapport/sdk';
import { InteractionService } from '../domain/InteractionService.js';
import { ChannelProviders } from './ChannelProviders.js';
import { toInboundRecords, toReceipts } from './inboundMessages.js';

/** What receiving a webhook request did: the interactions recorded, and the channel's own answer, if it gave one. */
export interface Received {
  interactions: Interaction[];
  response?: WebhookResponse;
}

/**
 * A channel's webhook request, received: the channel plugin's `parseInbound` (activating the
 * plugin), then every message it returns recorded as an INBOUND interaction, and every delivery
 * receipt applied, in one transaction, so a request is stored whole or not at all. The HTTP route and the test host share it.
 */
export interface InboundReceiver {
  receive(channelId: string, request: InboundRequest): Promise<Received>;
}

/** The container token of the {@link InboundReceiver}. */
export const InboundReceiver = serviceToken<InboundReceiver>('rapport.core.InboundReceiver');

@injectable()
export class RecordingInboundReceiver implements InboundReceiver {
  constructor(
    @inject(ChannelProviders) private readonly providers: ChannelProviders,
    @inject(InteractionService) private readonly interactions: InteractionService,
  ) {}

  async receive(channelId: string, request: InboundRequest): Promise<Received> {
    const { messages = [], receipts, response } = await this.providers.parseInbound(channelId, request);
    const records = toInboundRecords(channelId, messages);
    const checkedReceipts = toReceipts(channelId, receipts);
    const interactions = records.length > 0 || checkedReceipts.length > 0 ? await this.interactions.recordInbound(channelId, records, checkedReceipts) : [];
    return { interactions, ...(response && { response }) };
  }
}
