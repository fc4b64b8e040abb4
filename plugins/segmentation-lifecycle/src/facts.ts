import type { CustomerSubject, ListInteractionsOptions } from '@rapport/sdk';
import type { LifecycleFacts } from './classify.js';

/** The interaction type purchases are recorded with (docs/plugin-context.md#events). */
export const PURCHASE = 'purchase';

/** The scoring rule whose value gates loyalty. */
export const NPS_RULE = 'nps';

/**
 * Reads what the lifecycle decision needs from a customer's history, as of `subject.now`, with a
 * few small queries rather than the whole history, because the daily sweep does this for every
 * customer. Interactions dated after `subject.now` (imported with a future date) do not count
 * until their time comes. Resolves to `undefined` for a customer without interactions.
 *
 * @param loyalPurchases - purchases are counted up to this many; more change nothing.
 */
export async function gatherFacts(
  subject: Pick<CustomerSubject, 'now' | 'interactions' | 'score'>,
  loyalPurchases: number,
): Promise<LifecycleFacts | undefined> {
  const { now } = subject;
  const [first] = await subject.interactions({ limit: 1 });
  if (!first || first.occurredAt.getTime() > now.getTime()) return undefined;
  const purchases = (await subject.interactions({ type: PURCHASE, limit: loyalPurchases })).filter(
    (purchase) => purchase.occurredAt.getTime() <= now.getTime(),
  );
  const lastInbound = await latestUpTo(subject, { direction: 'INBOUND' });
  const lastPurchase = purchases.length > 0 ? await latestUpTo(subject, { type: PURCHASE }) : undefined;
  return {
    firstInteractionAt: first.occurredAt,
    lastActivityAt: later(lastInbound, lastPurchase),
    purchases: purchases.length,
    firstPurchaseAt: purchases[0]?.occurredAt,
    nps: (await subject.score(NPS_RULE))?.value,
  };
}

/** When the latest interaction matching `filter` happened, at or before `subject.now`. */
async function latestUpTo(subject: Pick<CustomerSubject, 'now' | 'interactions'>, filter: ListInteractionsOptions): Promise<Date | undefined> {
  const now = subject.now.getTime();
  const [latest] = await subject.interactions({ ...filter, newestFirst: true, limit: 1 });
  if (!latest || latest.occurredAt.getTime() <= now) return latest?.occurredAt;
  // Rare: the newest one is dated in the future. Look past it, which needs every match.
  const all = await subject.interactions({ ...filter, newestFirst: true });
  return all.find((interaction) => interaction.occurredAt.getTime() <= now)?.occurredAt;
}

function later(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a || !b) return a ?? b;
  return a.getTime() >= b.getTime() ? a : b;
}
