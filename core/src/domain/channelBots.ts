import { serviceToken } from '@rapport/sdk';

/**
 * Which bot answers first on which channel (`bots` in the config): channel id → bot id. The
 * router opens a customer's new conversation on such a channel with that bot as its handler.
 */
export type ChannelBots = ReadonlyMap<string, string>;

/** The container token of the {@link ChannelBots}. */
export const ChannelBots = serviceToken<ChannelBots>('rapport.core.ChannelBots');
