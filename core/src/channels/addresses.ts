import type { ChannelAddressKind, Customer } from '@rapport/sdk';

/**
 * The customer's address of the kind the channel declares (`contributes.channels[].address`), if
 * the customer has one: their first email, their first phone, or their handle on this channel.
 */
export function addressOn(customer: Customer, channel: string, kind: ChannelAddressKind | undefined): string | undefined {
  if (kind === 'email') return customer.emails[0];
  if (kind === 'phone') return customer.phones[0];
  return customer.handles.find((handle) => handle.channel === channel)?.handle;
}
