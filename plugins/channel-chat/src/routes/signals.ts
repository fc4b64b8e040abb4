import type { ChannelRequest, ChannelResponse } from '@rapport/sdk';
import { authenticate, type ChatDeps } from '../chatDeps.js';
import { CHAT_CHANNEL } from '../chatMessage.js';
import { customerOfHandle, historyOf } from '../history.js';
import { ChatHttpError, json, readJsonBody } from '../http.js';
import { publishTyping } from './messages.js';

/** How many agent or bot messages, up to the one reported, one read receipt marks READ. */
const RECEIPTS_PER_READ = 10;

/**
 * `POST /typing` with `{ typing: true | false }`: shows agents that the visitor types. Starts are
 * throttled per visitor (the widget sends one every few seconds while keys are pressed); a stop
 * always goes through.
 */
export async function postTyping(deps: ChatDeps, request: ChannelRequest): Promise<ChannelResponse> {
  const handle = await authenticate(deps, request);
  const { typing } = readJsonBody(request);
  if (typeof typing !== 'boolean') throw new ChatHttpError(400, 'BAD_REQUEST', 'Send {"typing": true} while the visitor types and {"typing": false} when they stop.');
  if (typing && !deps.limits.typing.take(handle).allowed) return json(202, { accepted: false });
  await publishTyping(deps, handle, typing);
  return json(202, { accepted: true });
}

/**
 * `POST /read` with `{ messageId }`: the newest agent or bot message the visitor has seen with
 * the panel open. It and the few agent and bot messages before it become READ (`Interaction.delivery`). Only a
 * chat message of the visitor's own history counts.
 */
export async function postRead(deps: ChatDeps, request: ChannelRequest): Promise<ChannelResponse> {
  const handle = await authenticate(deps, request);
  const { messageId } = readJsonBody(request);
  if (typeof messageId !== 'string' || !messageId.startsWith(`${CHAT_CHANNEL}:`)) {
    throw new ChatHttpError(400, 'BAD_REQUEST', 'Send {"messageId": "<id>"} with the id of an agent or bot message of the chat, as GET /messages gave it.');
  }
  const customer = await customerOfHandle(deps.ctx, handle);
  const history = customer ? await historyOf(deps.ctx, customer.id) : [];
  const shown = history.findIndex((message) => message.id === messageId && message.direction !== 'visitor');
  if (shown < 0) throw new ChatHttpError(404, 'NOT_FOUND', `No agent or bot message ${JSON.stringify(messageId)} in this visitor's chat. Send the id of a message the widget shows.`);
  // The newest message read implies the few before it, which the panel showed as well; a receipt
  // that is already applied changes nothing, so repeating them is harmless.
  const unread = history
    .slice(0, shown + 1)
    .filter((message) => message.direction !== 'visitor' && message.channel === CHAT_CHANNEL)
    .slice(-RECEIPTS_PER_READ);
  for (const message of unread) {
    await deps.ctx.interactions.updateDelivery({ channel: CHAT_CHANNEL, externalId: message.id.slice(CHAT_CHANNEL.length + 1), status: 'READ' });
  }
  return json(200, { read: unread.length });
}
