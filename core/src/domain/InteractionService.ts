import { serviceToken, type DeliveryReceipt, type DeliveryStatus, type Interaction, type InteractionsApi } from '@rapport/sdk';
import type { CoreRecordInput } from './interactions/checkInput.js';

export type { CoreRecordInput };

/**
 * The core's interactions. Plugins reach the `InteractionsApi` part through `ctx.interactions`,
 * which checks their permissions first; the core's own writers (the channels, `sendMessage`) may
 * pass the extra fields of `CoreRecordInput` and record several interactions at once.
 */
export interface InteractionService extends InteractionsApi {
  record(input: CoreRecordInput): Promise<Interaction>;
  /** Records several interactions in one transaction: all are stored, or none is. */
  recordMany(inputs: readonly CoreRecordInput[]): Promise<Interaction[]>;
  /**
   * Records an OUTBOUND message a channel delivered (the outbound path), audited as
   * `message.send` rather than `interaction.record`. Not part of plugins' `ctx.interactions`.
   */
  recordSent(input: CoreRecordInput, status?: DeliveryStatus): Promise<Interaction>;
  /**
   * Records a channel webhook's messages (INBOUND) and applies its delivery receipts, all in one
   * transaction: a request is stored whole or not at all.
   */
  recordInbound(channel: string, inputs: readonly CoreRecordInput[], receipts: readonly DeliveryReceipt[]): Promise<Interaction[]>;
}

/** The container token of the {@link InteractionService}. */
export const InteractionService = serviceToken<InteractionService>('rapport.core.InteractionService');
