/** Who a call is between, as its status callbacks say. */
export interface CallParties {
  from: string;
  to: string;
  direction: string;
}

/**
 * The parties of recent calls, in memory, so that a recording or transcription callback that
 * follows the call's status callbacks (the usual order) needs no `GET …/Calls/{sid}.json` to
 * learn who the customer is. Only a saving: after a restart, or on another instance, the lookup
 * at Twilio answers the same. Bounded, oldest forgotten first; nothing of it is stored.
 */
export class RecentCalls {
  private readonly calls = new Map<string, CallParties>();

  /** @param capacity - how many calls to remember. */
  constructor(private readonly capacity = 5_000) {}

  remember(callSid: string, parties: CallParties): void {
    this.calls.delete(callSid);
    this.calls.set(callSid, parties);
    if (this.calls.size > this.capacity) this.calls.delete(this.calls.keys().next().value!);
  }

  get(callSid: string): CallParties | undefined {
    return this.calls.get(callSid);
  }
}
