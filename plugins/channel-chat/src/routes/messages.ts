import type { ChannelRequest, ChannelResponse } from '@rapport/sdk';
import { authenticate, enforce, type ChatDeps } from '../chatDeps.js';
import { CHAT_CHANNEL, parseCursor, toChatMessage, type Cursor } from '../chatMessage.js';
import { customerOfHandle, historyOf } from '../history.js';
import { ChatHttpError, json, readJsonBody } from '../http.js';

const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `GET /messages?after=<cursor>`: the visitor's history (see `historyOf`), oldest first. */
export async function listMessages(deps: ChatDeps, request: ChannelRequest): Promise<ChannelResponse> {
  const handle = await authenticate(deps, request);
  const after = afterOf(request);
  const customer = await customerOfHandle(deps.ctx, handle);
  const messages = customer ? await historyOf(deps.ctx, customer.id, after) : [];
  return json(200, { messages, cursor: messages.at(-1)?.cursor ?? request.query.get('after') ?? null });
}

/** The `after` parameter; one this API did not give out is a 400 rather than a silent restart. */
export function afterOf(request: ChannelRequest): Cursor | undefined {
  const value = request.query.get('after');
  if (!value) return undefined;
  const cursor = parseCursor(value);
  if (!cursor) throw new ChatHttpError(400, 'BAD_REQUEST', `after=${JSON.stringify(value)} is not a cursor: pass the "cursor" of the last message you have, or leave after out for the whole history.`);
  return cursor;
}

/**
 * `POST /messages` with `{ id, text }`: records the visitor's message as an INBOUND `message` on
 * the chat channel. `id` is the widget's own id for the message, so a retry records it once.
 */
export async function postMessage(deps: ChatDeps, request: ChannelRequest): Promise<ChannelResponse> {
  const handle = await authenticate(deps, request);
  const body = readJsonBody(request);
  const { id, text } = body;
  if (typeof id !== 'string' || !CLIENT_ID.test(id)) {
    throw new ChatHttpError(400, 'BAD_REQUEST', 'Give the message an "id" of 1 to 64 letters, digits, "-" or "_" (e.g. a random one per message), so that a retry is recorded once.');
  }
  if (typeof text !== 'string' || text.trim() === '') throw new ChatHttpError(400, 'BAD_REQUEST', 'Give the message a "text" with at least one character that is not a space.');
  const { maxMessageLength } = deps.settings;
  if (text.length > maxMessageLength) {
    throw new ChatHttpError(413, 'MESSAGE_TOO_LONG', `The message has ${text.length} characters; this chat takes at most ${maxMessageLength} (maxMessageLength). Send it in shorter parts.`);
  }
  enforce(deps.limits.messages, handle, 'messages');
  const interaction = await deps.ctx.interactions.record({
    handle,
    channel: CHAT_CHANNEL,
    direction: 'INBOUND',
    type: 'message',
    text,
    // The widget's ids are only unique per visitor; the handle makes them unique on the channel.
    externalId: `${handle}.${id}`,
    metadata: { source: 'widget' },
  });
  const message = toChatMessage(interaction);
  // The visitor's other tabs on this instance see it at once; the others on their next catch-up.
  deps.streams.push([handle], { type: 'message', message });
  await publishTyping(deps, handle, false, interaction.customerId, interaction.conversationId);
  return json(201, { message });
}

/**
 * Tells agents watching `chatVisitorTyping` that the visitor types or stopped, in their open
 * conversation. A visitor who has not written yet has none, and nobody to tell.
 */
export async function publishTyping(deps: ChatDeps, handle: string, typing: boolean, customerId?: string, conversationId?: string | null): Promise<void> {
  const customer = customerId ?? (await customerOfHandle(deps.ctx, handle))?.id;
  if (!customer) return;
  const conversation = conversationId ?? (await deps.ctx.conversations.list(customer, { status: 'OPEN', newestFirst: true, limit: 1 }))[0]?.id;
  if (!conversation) return;
  deps.typing.publish({ conversationId: conversation, customerId: customer, handle, typing, at: new Date() });
}
