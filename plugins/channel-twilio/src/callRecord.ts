import type { InboundMessage, Interaction, InteractionChanges, RecordEvent } from '@rapport/sdk';

/** The event published once per call that ended unanswered (`no-answer`, `busy`), so a workflow can call back. */
export const CALL_MISSED_EVENT = 'phone.call_missed';

/** What one of Twilio's callbacks says about a call; every field but `callSid` may be missing. */
export interface CallUpdate {
  callSid: string;
  /** The customer's number: `From` of an inbound call, `To` of an outbound one. */
  customer: string;
  /** Twilio's `CallStatus`, lower case. */
  status?: string;
  direction?: string;
  from?: string;
  to?: string;
  durationSec?: number;
  recordingUrl?: string;
  recordingSid?: string;
  recordingDurationSec?: number;
  transcript?: string;
  transcriptionStatus?: string;
  /** When the callback says it happened. */
  occurredAt?: Date;
}

/** How far along a call is; a status is applied only when it ranks higher than the stored one. */
const STATUS_RANK: Readonly<Record<string, number>> = Object.freeze({
  queued: 0,
  initiated: 1,
  ringing: 2,
  'in-progress': 3,
  completed: 4,
  busy: 4,
  'no-answer': 4,
  failed: 4,
  canceled: 4,
});

/** The end of a call: once stored, never replaced (a late `ringing` or a second `completed` changes nothing). */
const TERMINAL_RANK = 4;

/** Call statuses that mean nobody picked up. */
const MISSED = new Set(['no-answer', 'busy']);

/** Whether `status` is one of Twilio's call statuses. */
export function isCallStatus(status: string): boolean {
  return status in STATUS_RANK;
}

/**
 * The call as an inbound `call` interaction, recorded by the first callback of its `CallSid`;
 * every later callback goes through `merge`, so one record gathers the status, duration,
 * recording and transcript in whatever order Twilio delivers them.
 */
export function callMessage(update: CallUpdate): InboundMessage {
  const events = update.status && MISSED.has(update.status) ? [missedEvent(update)] : undefined;
  return {
    externalId: update.callSid,
    type: 'call',
    from: { phone: update.customer },
    text: update.transcript ?? '',
    ...(update.occurredAt && { occurredAt: update.occurredAt }),
    metadata: metadataOf(update),
    ...(events && { events }),
    merge: (existing) => mergeCall(existing, update),
  };
}

/**
 * What `update` changes in the stored call: a status that moves it forward (never past an end),
 * a duration, recording or transcript that is new. `undefined` when nothing changes, as for a
 * callback delivered twice. The missed-call event goes with the change that ends the call
 * unanswered, so it is published once per call.
 */
export function mergeCall(existing: Pick<Interaction, 'text' | 'metadata'>, update: CallUpdate): InteractionChanges | undefined {
  const stored = existing.metadata;
  const metadata: Record<string, unknown> = {};
  const events: RecordEvent[] = [];
  const storedStatus = typeof stored.status === 'string' ? stored.status : undefined;
  if (update.status && statusMovesOn(storedStatus, update.status)) {
    metadata.status = update.status;
    if (MISSED.has(update.status)) events.push(missedEvent(update));
  }
  for (const [key, value] of Object.entries(metadataOf(update))) {
    if (key === 'status' || value === undefined || stored[key] === value) continue;
    // Who called whom does not change; the first callback that said so is kept.
    if ((key === 'direction' || key === 'from' || key === 'to') && stored[key] !== undefined) continue;
    metadata[key] = value;
  }
  const text = update.transcript !== undefined && update.transcript !== existing.text ? update.transcript : undefined;
  if (Object.keys(metadata).length === 0 && text === undefined) return undefined;
  return {
    ...(text !== undefined && { text }),
    ...(Object.keys(metadata).length > 0 && { metadata }),
    ...(events.length > 0 && { events }),
  };
}

function statusMovesOn(stored: string | undefined, next: string): boolean {
  if (stored === undefined) return true;
  const storedRank = STATUS_RANK[stored] ?? -1;
  return storedRank < TERMINAL_RANK && (STATUS_RANK[next] ?? -1) > storedRank;
}

function metadataOf(update: CallUpdate): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    status: update.status,
    direction: update.direction,
    from: update.from,
    to: update.to,
    durationSec: update.durationSec,
    recordingUrl: update.recordingUrl,
    recordingSid: update.recordingSid,
    recordingDurationSec: update.recordingDurationSec,
    transcriptionStatus: update.transcriptionStatus,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function missedEvent(update: CallUpdate): RecordEvent {
  return { type: CALL_MISSED_EVENT, payload: { callSid: update.callSid, status: update.status, from: update.from ?? update.customer } };
}
