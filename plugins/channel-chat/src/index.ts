/**
 * `@rapport/plugin-channel-chat`: the `chat` channel. A website embeds
 * `<script src="<server>/channels/chat/widget.js" async></script>`; visitors talk to the visitor
 * API under `/channels/chat/` with a token the plugin issues, from allowed origins only. Agents'
 * replies and typing reach open widgets at once; visitors' typing reaches agents through the
 * `chatVisitorTyping` subscription.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { CHAT_CHANNEL } from './chatMessage.js';
import { LiveStreams } from './liveStreams.js';
import { ChatOutbound } from './outbound.js';
import { RateLimiter } from './rateLimiter.js';
import { chatRouter } from './router.js';
import { readSettings } from './settings.js';
import { VisitorTokens } from './visitorTokens.js';
import { VisitorTypingFeed, visitorTypingResolvers } from './visitorTyping.js';

export { CHAT_CHANNEL, type ChatMessage, type MessageDirection } from './chatMessage.js';
export { RateLimiter, type RateDecision } from './rateLimiter.js';
export { VisitorTokens, newHandle } from './visitorTokens.js';
export { verifyIdentityToken, type VerifiedIdentity } from './identityTokens.js';
export { widgetScript } from './widgetAsset.js';
export type { ChatSettings } from './settings.js';

const MINUTE_MS = 60_000;
/** At most one "visitor is typing" per visitor this often; the widget repeats it while keys are pressed. */
const TYPING_EVERY_MS = 2000;

/** Registers the `chat` channel (its send, typing and routes) and the typing subscription. */
export async function activate(ctx: PluginContext): Promise<void> {
  const settings = readSettings(ctx);
  const streams = new LiveStreams();
  const typing = new VisitorTypingFeed();
  const outbound = new ChatOutbound(ctx, streams);
  const handleRequest = chatRouter({
    ctx,
    settings,
    tokens: new VisitorTokens(ctx.storage, settings.visitorTokenLifetimeMs),
    streams,
    typing,
    limits: {
      sessions: new RateLimiter(settings.sessionsPerMinute, MINUTE_MS),
      messages: new RateLimiter(settings.messagesPerMinute, MINUTE_MS),
      typing: new RateLimiter(1, TYPING_EVERY_MS),
    },
  });
  ctx.subscriptions.push(
    ctx.channels.registerChannel(CHAT_CHANNEL, {
      send: (message, options) => outbound.send(message, options),
      showTyping: (indicator) => outbound.showTyping(indicator),
      handleRequest,
    }),
    ctx.graphql.registerResolvers(visitorTypingResolvers(typing)),
  );
}
