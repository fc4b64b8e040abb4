import type { ChannelRequest, ChannelResponse } from '@rapport/sdk';
import { enforce, visitorOf, type ChatDeps } from '../chatDeps.js';
import { json } from '../http.js';
import { newHandle } from '../visitorTokens.js';

/**
 * `POST /session`: with a valid visitor token, the same visitor with a renewed token (what the
 * widget does on every page load); without one, a new anonymous visitor, at most
 * `sessionsPerMinute` per IP address. The answer also carries the widget's texts.
 */
export async function startSession(deps: ChatDeps, request: ChannelRequest): Promise<ChannelResponse> {
  let handle = await visitorOf(deps, request);
  const isNew = handle === undefined;
  if (!handle) {
    enforce(deps.limits.sessions, request.remoteAddress ?? 'unknown', 'new chat visitors from this address');
    handle = newHandle();
  }
  const { token, expiresAt } = await deps.tokens.issue(handle);
  const { title, greeting, maxMessageLength } = deps.settings;
  return json(isNew ? 201 : 200, { token, handle, expiresAt: expiresAt.toISOString(), widget: { title, greeting, maxMessageLength } });
}
