import type { InteractionsApi, JsonValue } from '@rapport/sdk';

/** A once-only claim: an INTERNAL note whose `(channel, externalId)` is unique. */
export interface Claim {
  customerId: string;
  /** The note's channel, the same for every claim of one kind (e.g. `appreciation`). */
  channel: string;
  /** Unique per thing that may happen once, e.g. `appreciation:<customerId>:purchase-5`. */
  key: string;
  /** The run (or other caller) claiming it; only that caller wins. */
  runId: string;
  /** What the note says, for the people who read the customer's timeline. */
  text: string;
  metadata?: Record<string, JsonValue>;
}

/**
 * Claims something that must happen once per customer, across runs, restarts and instances.
 *
 * The claim is an INTERNAL note recorded with `externalId = key`. Recording is idempotent on
 * `(channel, externalId)`, which a unique index enforces in the database, so of two callers
 * with the same key exactly one note is stored, and both get it back: the caller whose `runId`
 * it carries has the claim. The same caller asking again (a step retried after a crash) gets
 * `true` again. The note also shows people what happened, in the customer's timeline, and goes
 * with the customer's data in exports and erasure, so no storage of the plugin's own is needed.
 *
 * @param interactions - `ctx.interactions` (needs `interactions:write`).
 * @param claim - what is claimed, and by whom.
 * @returns whether this caller holds the claim.
 */
export async function claimOnce(interactions: Pick<InteractionsApi, 'record'>, claim: Claim): Promise<boolean> {
  const note = await interactions.record({
    customerId: claim.customerId,
    channel: claim.channel,
    direction: 'INTERNAL',
    type: 'note',
    text: claim.text,
    externalId: claim.key,
    metadata: { ...claim.metadata, runId: claim.runId, claim: claim.key },
  });
  return note.metadata.runId === claim.runId;
}

/**
 * The claims already made for a customer on a channel (their notes' `externalId`s, newest
 * first), to stop early instead of claiming.
 *
 * @param interactions - `ctx.interactions` (needs `interactions:read`).
 */
export async function claimsOf(interactions: Pick<InteractionsApi, 'list'>, customerId: string, channel: string): Promise<{ key: string; metadata: Record<string, unknown>; occurredAt: Date }[]> {
  const notes = await interactions.list(customerId, { channel, direction: 'INTERNAL', type: 'note', newestFirst: true, limit: 1000 });
  return notes.filter((note) => note.externalId !== null).map((note) => ({ key: note.externalId!, metadata: note.metadata, occurredAt: new Date(note.occurredAt) }));
}
