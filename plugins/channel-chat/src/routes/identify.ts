import { ConflictError, type ChannelRequest, type ChannelResponse, type Customer } from '@rapport/sdk';
import { authenticate, type ChatDeps } from '../chatDeps.js';
import { CHAT_CHANNEL } from '../chatMessage.js';
import { customerOfHandle } from '../history.js';
import { json, readJsonBody } from '../http.js';
import { verifyIdentityToken, type VerifiedIdentity } from '../identityTokens.js';
import { newHandle } from '../visitorTokens.js';

/**
 * `POST /identify` with `{ token }`: attaches the visitor to the customer with the email of a
 * valid identity token (see `verifyIdentityToken`; anything less is refused and changes nothing).
 * Answers with the visitor token to use from now on: the same visitor, or a new one when this
 * browser's visitor was already someone else.
 */
export async function identify(deps: ChatDeps, request: ChannelRequest): Promise<ChannelResponse> {
  const handle = await authenticate(deps, request);
  const identity = await verifyIdentityToken(readJsonBody(request).token, deps.settings.identitySecret);
  let attached: { handle: string; customer: Customer };
  try {
    attached = await attach(deps, handle, identity);
  } catch (error) {
    // Someone else created the customer with this email in the meantime: attach to theirs.
    if (!(error instanceof ConflictError)) throw error;
    attached = await attach(deps, handle, identity);
  }
  const { token, expiresAt } = await deps.tokens.issue(attached.handle);
  deps.ctx.logger.info({ customerId: attached.customer.id, handle: attached.handle, sub: identity.sub }, 'chat visitor identified');
  return json(200, {
    token,
    handle: attached.handle,
    expiresAt: expiresAt.toISOString(),
    customer: { name: attached.customer.displayName, email: identity.email },
  });
}

/**
 * Joins the visitor's handle to the customer with the identity's email:
 * - the visitor wrote (an anonymous customer exists) and a customer has the email: the anonymous
 *   one is merged into it, so the chat joins that customer's open conversation;
 * - the visitor wrote and nobody has the email: the anonymous customer gets the email and name;
 * - the visitor has not written: the email's customer (created if needed) gets the handle;
 * - the visitor's customer is already another person (a shared browser): a new visitor handle
 *   for this person, so neither sees the other's chat.
 */
async function attach(deps: ChatDeps, handle: string, identity: VerifiedIdentity): Promise<{ handle: string; customer: Customer }> {
  const { customers } = deps.ctx;
  const current = await customerOfHandle(deps.ctx, handle);
  const [known] = await customers.find({ email: identity.email, limit: 1 });
  if (current && known?.id === current.id) return { handle, customer: current };
  if (current && current.emails.length > 0) return withHandle(deps, newHandle(), known, identity);
  if (current && known) return { handle, customer: await customers.merge(known.id, current.id) };
  if (current) {
    const customer = await customers.update(current.id, {
      emails: [identity.email],
      ...(identity.name && !current.displayName && { displayName: identity.name }),
    });
    return { handle, customer };
  }
  return withHandle(deps, handle, known, identity);
}

/** `handle` added to the known customer, or to a new one with the identity's email and name. */
async function withHandle(deps: ChatDeps, handle: string, known: Customer | undefined, identity: VerifiedIdentity): Promise<{ handle: string; customer: Customer }> {
  const chatHandle = { channel: CHAT_CHANNEL, handle };
  const customer = known
    ? await deps.ctx.customers.update(known.id, { handles: [...known.handles, chatHandle] })
    : await deps.ctx.customers.create({ displayName: identity.name || null, emails: [identity.email], handles: [chatHandle] });
  return { handle, customer };
}
