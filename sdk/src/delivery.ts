/**
 * Where an outbound message is on its way to the customer, as the provider reports it:
 * `QUEUED → SENT → DELIVERED → READ`, or `FAILED` with the provider's error.
 *
 * A status never moves back. Receipts arrive late, out of order and twice, so a late `DELIVERED`
 * after `READ` changes nothing; see {@link DELIVERY_STATUS_ORDER}.
 */
export type DeliveryStatus = 'QUEUED' | 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';

/**
 * The order statuses move in: a receipt is applied only when its status comes later than the
 * stored one. `FAILED` comes after `SENT` (a provider that accepted a message may fail to hand it
 * over) and before `DELIVERED`: a message the customer's device confirmed stays delivered, and a
 * late or contradictory failure report does not undo that.
 *
 * @example
 * ```ts
 * DELIVERY_STATUS_ORDER.indexOf('READ') > DELIVERY_STATUS_ORDER.indexOf('DELIVERED'); // true
 * ```
 */
export const DELIVERY_STATUS_ORDER: readonly DeliveryStatus[] = Object.freeze(['QUEUED', 'SENT', 'FAILED', 'DELIVERED', 'READ']);

/**
 * Whether `next` moves a message on from `current` (`current` undefined: nothing is known yet).
 *
 * @example
 * ```ts
 * movesForward('READ', 'DELIVERED'); // false: a late receipt
 * movesForward('SENT', 'FAILED');    // true
 * ```
 */
export function movesForward(current: DeliveryStatus | undefined, next: DeliveryStatus): boolean {
  return current === undefined || DELIVERY_STATUS_ORDER.indexOf(next) > DELIVERY_STATUS_ORDER.indexOf(current);
}

/**
 * A provider's report about one outbound message on a channel: the input of
 * `ctx.interactions.updateDelivery`, and (without `channel`) what a channel's `parseInbound`
 * returns in {@link InboundResult.receipts} for status callbacks.
 *
 * A receipt for a message the core has not recorded yet (a provider's callback can arrive before
 * the send call returns) is kept, and applied when the message is recorded.
 */
export interface DeliveryReceipt {
  /** The provider's id of the message, as the channel's `send` returned it. */
  externalId: string;
  status: DeliveryStatus;
  /** For `FAILED`: what the provider said, for a person, e.g. `30003: Unreachable destination handset`. */
  error?: string;
  /** When the provider says it happened; now when omitted. */
  occurredAt?: Date | string;
}

/** `ctx.interactions.updateDelivery(update)`: a {@link DeliveryReceipt} for a message on `channel`. */
export interface DeliveryUpdate extends DeliveryReceipt {
  /** The channel the message went out on, e.g. `sms`. */
  channel: string;
}

/** A message's delivery status as the core keeps it, e.g. `Interaction.delivery` in GraphQL. */
export interface Delivery {
  status: DeliveryStatus;
  /** When the status last moved. */
  updatedAt: Date;
  /** The provider's error, for `FAILED`. */
  error: string | null;
}
