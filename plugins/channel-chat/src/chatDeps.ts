import { headerValue, type ChannelRequest, type PluginContext } from '@rapport/sdk';
import { ChatHttpError } from './http.js';
import type { LiveStreams } from './liveStreams.js';
import type { RateLimiter } from './rateLimiter.js';
import type { ChatSettings } from './settings.js';
import type { VisitorTokens } from './visitorTokens.js';
import type { VisitorTypingFeed } from './visitorTyping.js';

/** What the visitor API's routes share: built once in `activate`. */
export interface ChatDeps {
  ctx: Pick<PluginContext, 'customers' | 'interactions' | 'conversations' | 'logger' | 'plugin'>;
  settings: ChatSettings;
  tokens: VisitorTokens;
  streams: LiveStreams;
  typing: VisitorTypingFeed;
  limits: {
    /** New visitors per IP address. */
    sessions: RateLimiter;
    /** Messages per visitor. */
    messages: RateLimiter;
    /** Typing signals per visitor, so a keyboard does not flood the agents. */
    typing: RateLimiter;
  };
}

/**
 * The visitor handle of the request's `Authorization: Bearer <visitor token>`.
 *
 * @throws ChatHttpError 401 `INVALID_VISITOR_TOKEN` when there is none or it is not valid.
 */
export async function authenticate(deps: Pick<ChatDeps, 'tokens'>, request: ChannelRequest): Promise<string> {
  const visitor = await visitorOf(deps, request);
  if (!visitor) {
    throw new ChatHttpError(
      401,
      'INVALID_VISITOR_TOKEN',
      'This request needs a valid visitor token as "Authorization: Bearer <token>". Get one with POST /channels/chat/session; a token that expired or was issued by another deployment is refused.',
      { 'www-authenticate': 'Bearer realm="rapport-chat"' },
    );
  }
  return visitor;
}

/** The handle of the request's visitor token, or undefined when it carries none that is valid. */
export async function visitorOf(deps: Pick<ChatDeps, 'tokens'>, request: ChannelRequest): Promise<string | undefined> {
  const match = /^Bearer\s+(\S+)$/i.exec(headerValue(request, 'authorization') ?? '');
  return match ? (await deps.tokens.verify(match[1]!))?.handle : undefined;
}

/** Throws 429 with `Retry-After` when the limiter refuses `key`. */
export function enforce(limiter: RateLimiter, key: string, what: string): void {
  const decision = limiter.take(key);
  if (!decision.allowed) {
    throw new ChatHttpError(429, 'RATE_LIMITED', `Too many ${what}. Try again in ${decision.retryAfterSeconds} s.`, { 'retry-after': String(decision.retryAfterSeconds) });
  }
}
