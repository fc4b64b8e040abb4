/**
 * `@rapport/lib-aftercare`: what an aftercare workflow asks about a customer before it writes to
 * them: the channel they use most, whether a conversation of theirs is open, whether their last
 * CSAT answer was low; message templates with `{placeholders}`; and once-only claims that hold
 * across runs, restarts and instances. A library, not a plugin: the host never loads it.
 *
 * @packageDocumentation
 */
export { mostUsedChannel, type ChannelChoice } from './channel.js';
export { openConversationOf, lastCsatAnswer, recentLowCsat, type CsatAnswer } from './customer.js';
export { claimOnce, claimsOf, type Claim } from './claims.js';
export { fillTemplate, unknownPlaceholders } from './template.js';
