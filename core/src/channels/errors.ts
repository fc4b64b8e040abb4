import { RapportError, ValidationError } from '@rapport/sdk';
import { endSentence } from '../util/endSentence.js';

/** A channel's provider failed to deliver: nothing was recorded, and the same send may be tried again. */
export class DeliveryFailedError extends RapportError {
  constructor(
    readonly channel: string,
    reason: string,
    /** The provider's error code, when the channel reported one (`DeliveryError.providerCode`). */
    readonly providerCode?: string,
  ) {
    super('DELIVERY_FAILED', `Channel "${channel}" could not deliver the message: ${endSentence(reason)} Nothing was recorded; try again.`);
  }
}

/** A channel plugin returned something that is not a valid message: the plugin's fault, not the caller's. */
export class PluginOutputError extends RapportError {
  constructor(channel: string, problem: string) {
    super('NOT_AVAILABLE', `The "${channel}" channel plugin returned an invalid message: ${problem}.`);
  }
}

/** A webhook request whose body could not be read to its end (the caller hung up or sent a broken stream): 400, nothing stored. */
export class UnreadableRequestError extends ValidationError {
  constructor(reason: string) {
    super(`The request body could not be read: ${endSentence(reason)} Send the request again.`, 'body');
  }
}
